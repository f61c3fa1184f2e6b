using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mlops.Artifacts.AzureBlob.Tests.TestSupport;

namespace Mlops.Artifacts.AzureBlob.Tests.Configuration;

public sealed class AzureBlobArtifactsBuilderTests : IAsyncDisposable
{
    private const string WellFormedConnectionString =
        "DefaultEndpointsProtocol=https;AccountName=example;AccountKey=ZXhhbXBsZQ==;EndpointSuffix=core.windows.net";

    private readonly AzuriteContainers _containers = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mlops-azblob-tests-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _containers.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_host_with_UseAzureBlobArtifacts_starts_and_its_artifact_store_round_trips_through_Azurite()
    {
        var containerName = _containers.NewContainer().Name;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(_directory, "mlops.db")}")
            .UseAzureBlobArtifacts(o =>
            {
                o.ConnectionString = Azurite.ConnectionString;
                o.ContainerName = containerName;
                o.Prefix = "app/";
            }));
        using var host = builder.Build();

        await host.StartAsync(Ct);
        try
        {
            var store = host.Services.GetRequiredService<IArtifactStore>();
            var descriptor = await store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);

            store.Should().BeOfType<AzureBlobArtifactStore>().Which.NameOf(descriptor.Digest).Should().StartWith("app/sha256/2c/");
            await using var read = await store.OpenReadAsync(descriptor.Digest, Ct);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy, Ct);
            copy.ToArray().Should().Equal("hello"u8.ToArray());
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    [Fact]
    public void UseAzureBlobArtifacts_with_a_connection_string_and_container_sets_both_and_replaces_an_earlier_store()
    {
        using var provider = new ServiceCollection()
            .AddMlops(m => m.UseFileSystemArtifacts(_directory).UseAzureBlobArtifacts(WellFormedConnectionString, "models"))
            .BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AzureBlobArtifactStoreOptions>>().Value;
        var store = provider.GetRequiredService<IArtifactStore>();

        options.ConnectionString.Should().Be(WellFormedConnectionString);
        options.ContainerName.Should().Be("models");
        var azure = store.Should().BeOfType<AzureBlobArtifactStore>().Which;
        azure.Container.Name.Should().Be("models");
        azure.Container.AccountName.Should().Be("example");
        provider.GetServices<IArtifactStore>().Should().ContainSingle();
    }

    [Fact]
    public void A_service_uri_with_a_token_credential_builds_a_store_without_sending_a_request()
    {
        var credential = DelegatedTokenCredential.Create((_, _) => new AccessToken("token", DateTimeOffset.MaxValue));
        using var provider = new ServiceCollection()
            .AddMlops(m => m.UseAzureBlobArtifacts(o =>
            {
                o.ServiceUri = new Uri("https://example.blob.core.windows.net");
                o.Credential = credential;
            }))
            .BuildServiceProvider();

        var store = provider.GetRequiredService<IArtifactStore>().Should().BeOfType<AzureBlobArtifactStore>().Which;

        store.Container.Uri.Should().Be(new Uri("https://example.blob.core.windows.net/mlops-artifacts"));
        store.ContentPrefix.Should().Be("sha256/");
        store.TempPrefix.Should().Be("tmp/");
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new AzureBlobArtifactStoreOptions();

        options.ContainerName.Should().Be("mlops-artifacts");
        options.Prefix.Should().BeEmpty();
        options.CreateContainerIfMissing.Should().BeTrue();
        options.BlockSize.Should().Be(4 * 1024 * 1024);
        options.ConnectionString.Should().BeNull();
        options.ServiceUri.Should().BeNull();
        options.Credential.Should().BeNull();
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Models")]
    [InlineData("my--models")]
    [InlineData("-models")]
    [InlineData("models-")]
    [InlineData("my_models")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")]
    public void An_invalid_container_name_fails_validation_naming_the_option(string containerName)
    {
        var error = Validate(o =>
        {
            o.ConnectionString = WellFormedConnectionString;
            o.ContainerName = containerName;
        });

        error.Should().NotBeNull();
        error!.Message.Should().Contain(nameof(AzureBlobArtifactStoreOptions.ContainerName));
    }

    [Theory]
    [InlineData("team-a")]
    [InlineData("/team-a/")]
    [InlineData("../team-a/")]
    [InlineData("team-a//")]
    [InlineData("team a/")]
    [InlineData("./")]
    public void An_invalid_prefix_fails_validation_naming_the_option(string prefix)
    {
        var error = Validate(o =>
        {
            o.ConnectionString = WellFormedConnectionString;
            o.Prefix = prefix;
        });

        error.Should().NotBeNull();
        error!.Message.Should().Contain(nameof(AzureBlobArtifactStoreOptions.Prefix));
    }

    [Theory]
    [InlineData("")]
    [InlineData("team-a/")]
    [InlineData("team-a/models.v2/")]
    [InlineData("A_b/c-d/")]
    public void Valid_prefixes_pass_validation(string prefix)
    {
        var error = Validate(o =>
        {
            o.ConnectionString = WellFormedConnectionString;
            o.Prefix = prefix;
        });

        error.Should().BeNull();
    }

    [Theory]
    [InlineData(64 * 1024 - 1)]
    [InlineData(100 * 1024 * 1024 + 1)]
    public void A_block_size_out_of_range_fails_validation_naming_the_option(int blockSize)
    {
        var error = Validate(o =>
        {
            o.ConnectionString = WellFormedConnectionString;
            o.BlockSize = blockSize;
        });

        error.Should().NotBeNull();
        error!.Message.Should().Contain(nameof(AzureBlobArtifactStoreOptions.BlockSize));
    }

    [Fact]
    public void Options_without_an_account_fail_validation_naming_both_ways()
    {
        var error = Validate(_ => { });

        error.Should().NotBeNull();
        error!.Message.Should().Contain("ConnectionString").And.Contain("ServiceUri").And.Contain("Credential");
    }

    [Fact]
    public void A_connection_string_and_a_service_uri_together_fail_validation()
    {
        var error = Validate(o =>
        {
            o.ConnectionString = WellFormedConnectionString;
            o.ServiceUri = new Uri("https://example.blob.core.windows.net");
        });

        error.Should().NotBeNull();
        error!.Message.Should().Contain("not both");
    }

    [Fact]
    public void A_service_uri_without_a_credential_fails_validation_naming_the_credential()
    {
        var error = Validate(o => o.ServiceUri = new Uri("https://example.blob.core.windows.net"));

        error.Should().NotBeNull();
        error!.Message.Should().Contain("Credential").And.Contain("https://example.blob.core.windows.net");
    }

    [Fact]
    public void A_malformed_connection_string_fails_validation_without_showing_it()
    {
        const string Malformed = "AccountKey=secret-looking-value;nonsense";

        var error = Validate(o => o.ConnectionString = Malformed);

        error.Should().NotBeNull();
        error!.Message.Should().Contain("ConnectionString").And.NotContain("secret-looking-value");
    }

    [Fact]
    public async Task Host_start_fails_on_invalid_options_before_any_request()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(_directory, "mlops.db")}")
            .UseAzureBlobArtifacts(WellFormedConnectionString, "Not_A_Container"));
        using var host = builder.Build();

        var act = () => host.StartAsync(Ct);

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.OptionsType.Should().Be<AzureBlobArtifactStoreOptions>();
        error.Message.Should().Contain(nameof(AzureBlobArtifactStoreOptions.ContainerName));
    }

    [Fact]
    public void UseAzureBlobArtifacts_guards_its_arguments()
    {
        var builder = new ServiceCollection().AddMlops();

        var nullConfigure = () => builder.UseAzureBlobArtifacts((Action<AzureBlobArtifactStoreOptions>)null!);
        var nullConnection = () => builder.UseAzureBlobArtifacts(null!, "models");
        var emptyConnection = () => builder.UseAzureBlobArtifacts(" ", "models");
        var nullContainer = () => builder.UseAzureBlobArtifacts(WellFormedConnectionString, null!);
        var nullBuilder = () => ((MlopsBuilder)null!).UseAzureBlobArtifacts(_ => { });

        nullConfigure.Should().Throw<ArgumentNullException>();
        nullConnection.Should().Throw<ArgumentNullException>();
        emptyConnection.Should().Throw<ArgumentException>();
        nullContainer.Should().Throw<ArgumentNullException>();
        nullBuilder.Should().Throw<ArgumentNullException>();
    }

    /// <summary>Runs the registered validators; returns their error, or null when the options are valid.</summary>
    private static OptionsValidationException? Validate(Action<AzureBlobArtifactStoreOptions> configure)
    {
        using var provider = new ServiceCollection().AddMlops(m => m.UseAzureBlobArtifacts(configure)).BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<AzureBlobArtifactStoreOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex;
        }
    }
}
