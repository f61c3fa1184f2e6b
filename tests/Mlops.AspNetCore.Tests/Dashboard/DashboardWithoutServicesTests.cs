using Mlops.AspNetCore.Tests.TestSupport;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mlops.AspNetCore.Tests.Dashboard;

/// <summary>An app with only a store and the dashboard: each section says what is not registered instead of failing.</summary>
public sealed class DashboardWithoutServicesTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlops-dashboard-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private HttpClient? _client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(_root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(_root, "artifacts"))
            .AddDashboard(o => o.Title = "Team ML"));
        _app = builder.Build();
        _app.MapMlopsDashboard();
        await _app.StartAsync(Ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public ValueTask DisposeAsync() => TestApps.StopAsync(_app, _client, _root);

    [Theory]
    [InlineData("", "Experiment tracking")]
    [InlineData("runs", "Experiment tracking")]
    [InlineData("compare?runs=a,b", "Experiment tracking")]
    [InlineData("models", "The model registry")]
    [InlineData("models/penguins/card", "Model cards")]
    [InlineData("governance", "The promotion workflow")]
    [InlineData("serving", "Serving")]
    public async Task A_section_whose_service_is_not_registered_says_so(string path, string missing)
    {
        using var response = await _client!.GetAsync("/mlops/dashboard/" + path, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await DashboardApp.Parse(await response.Content.ReadAsStringAsync(Ct));
        page.QuerySelectorAll("[data-testid=not-registered]").Select(n => n.TextContent).Should().Contain(t => t.StartsWith(missing + " is not registered", StringComparison.Ordinal));
        page.Title.Should().EndWith("· Team ML");
    }

    [Fact]
    public async Task The_journal_page_works_from_the_store_alone()
    {
        using var response = await _client!.GetAsync("/mlops/dashboard/journal", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await DashboardApp.Parse(await response.Content.ReadAsStringAsync(Ct));
        page.QuerySelector("[data-testid=chain-status]")!.TextContent.Should().Contain("verified");
    }

    [Fact]
    public async Task Mapping_the_dashboard_without_AddDashboard_names_the_missing_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddMlops(m => m.UseSqlite($"Data Source={Path.Combine(_root, "other.db")}"));
        await using var app = builder.Build();

        var act = () => app.MapMlopsDashboard();

        act.Should().Throw<InvalidOperationException>().WithMessage("*AddMlops(m => m.AddDashboard())*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task A_page_size_out_of_range_fails_at_start_naming_the_option(int pageSize)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMlops(m => m.UseSqlite($"Data Source={Path.Combine(_root, "other.db")}").AddDashboard(o => o.PageSize = pageSize));
        await using var app = builder.Build();

        var act = () => app.StartAsync(Ct);

        (await act.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).WithMessage("*PageSize*");
    }
}
