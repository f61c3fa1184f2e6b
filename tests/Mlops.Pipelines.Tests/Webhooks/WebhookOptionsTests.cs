using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mlops.Pipelines.Webhooks;
using static Mlops.Pipelines.Tests.Webhooks.WebhookHarness;

namespace Mlops.Pipelines.Tests.Webhooks;

public sealed class WebhookOptionsTests
{
    [Fact]
    public async Task Invalid_options_fail_the_start_naming_the_webhook_the_value_and_the_rule()
    {
        await using var harness = new WebhookHarness();
        var host = harness.Build(p => p.AddWebhook("ops", o =>
        {
            o.Url = new Uri("ftp://ops.example/hook");
            o.Secret = "short";
            o.MaxAttempts = 0;
            o.RetryDelay = TimeSpan.FromSeconds(5);
            o.MaxRetryDelay = TimeSpan.FromSeconds(1);
        }));

        var act = () => host.StartAsync(Ct);

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().BeEquivalentTo(
            "Webhook 'ops': Url 'ftp://ops.example/hook' must be an absolute http or https URL.",
            "Webhook 'ops': Secret (of 5 characters) must have at least 16 characters; put it in configuration or user secrets, not in code.",
            "Webhook 'ops': EventKinds is empty; subscribe to at least one kind, such as 'model.alias.set', 'serving.drift.*' or '*'.",
            "Webhook 'ops': MaxAttempts '0' must be between 1 and 20.",
            "Webhook 'ops': MaxRetryDelay '00:00:01' must be between 00:00:05 and 01:00:00.");
        error.Message.Should().NotContain("short", "a secret is never echoed");
    }

    [Fact]
    public async Task A_relative_url_and_a_malformed_kind_are_rejected()
    {
        await using var harness = new WebhookHarness();
        var host = harness.Build(p => p.AddWebhook("ops", o =>
        {
            o.Url = new Uri("/hook", UriKind.Relative);
            o.Secret = Secret;
            o.EventKinds = ["model.alias.set", "Model Alias", "serving.*.detected"];
        }));

        var act = () => host.StartAsync(Ct);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            "Webhook 'ops': Url '/hook' must be an absolute http or https URL.",
            "Webhook 'ops': EventKinds entry 'Model Alias' must be a dotted lowercase kind ('model.alias.set'), a prefix ending in '.*' ('serving.drift.*') or '*'.",
            "Webhook 'ops': EventKinds entry 'serving.*.detected' must be a dotted lowercase kind ('model.alias.set'), a prefix ending in '.*' ('serving.drift.*') or '*'.");
    }

    [Fact]
    public async Task Webhooks_bind_from_configuration_with_the_secret_from_another_source()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Webhooks:ops:Url"] = receiver.Url.ToString(),
                ["Webhooks:ops:EventKinds:0"] = "model.*",
                ["Webhooks:ops:MaxAttempts"] = "2",
            })
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Webhooks:ops:Secret"] = Secret }) // as user secrets would
            .Build();
        await using var harness = new WebhookHarness();
        var host = harness.Build(p => p.AddWebhooks(configuration.GetSection("Webhooks")));
        await host.StartAsync(Ct);

        var status = (await Api(host).ListAsync(Ct)).Should().ContainSingle().Subject;
        status.Name.Should().Be("ops");
        status.EventKinds.Should().Equal("model.*");
        var entry = await JournalAsync(host, "model.version.registered", "model/penguins/3");
        var request = await receiver.NextAsync();
        request.DeliveryId.Should().Be($"ops/{entry.Sequence:D20}");
        Mlops.Pipelines.Webhooks.WebhookSignature.Verify(Secret, request.DeliveryId, request.Timestamp, request.Body, request.Signature).Should().BeTrue();
        host.Services.GetRequiredService<IOptionsMonitor<WebhookOptions>>().Get("ops").MaxAttempts.Should().Be(2);
    }

    [Fact]
    public async Task An_unknown_setting_in_configuration_fails_the_start()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Webhooks:ops:Url"] = "https://ops.example/hook",
                ["Webhooks:ops:Secret"] = Secret,
                ["Webhooks:ops:EventKinds:0"] = "*",
                ["Webhooks:ops:MaxAttemps"] = "2",
            })
            .Build();
        await using var harness = new WebhookHarness();
        var host = harness.Build(p => p.AddWebhooks(configuration.GetSection("Webhooks")));

        var act = () => host.StartAsync(Ct);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("Webhooks:ops").And.Contain("MaxAttemps");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ops/channel")]
    [InlineData("ops channel")]
    public async Task A_bad_webhook_name_is_refused_when_added(string name)
    {
        await using var harness = new WebhookHarness();
        var act = () => harness.Build(p => p.AddWebhook(name, _ => { }));
        act.Should().Throw<MlopsValidationException>().Which.Field.Should().Be("webhook name");
    }

    [Fact]
    public async Task A_webhook_name_added_twice_is_refused()
    {
        await using var harness = new WebhookHarness();
        var act = () => harness.Build(p => p.AddWebhook("ops", _ => { }).AddWebhook("ops", _ => { }));
        act.Should().Throw<MlopsValidationException>().WithMessage("*already added*");
    }
}
