using Mlops.AspNetCore.Tests.TestSupport;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.AspNetCore.Dashboard;
using Mlops.Serving;

namespace Mlops.AspNetCore.Tests.Dashboard;

/// <summary>
/// The dashboard mounted at <c>/mlops</c> in a real Kestrel app on a loopback port, over the store <see cref="DashboardSeed"/>
/// filled, serving the penguins model by its 'champion' alias with online drift on every row. Requests carry the
/// signed-in user in <c>X-Test-User</c> (a header authentication scheme: the app's own sign-in, not the dashboard's), and
/// <c>X-Test-Remote-Ip</c> replaces the connection's remote address, to see the dashboard from another machine.
/// </summary>
public sealed class DashboardApp : IAsyncDisposable
{
    public const string Prefix = "/mlops";
    public const string UserHeader = "X-Test-User";
    public const string RemoteIpHeader = "X-Test-Remote-Ip";
    public const string AdminsPolicy = "mlops-admins";

    private readonly WebApplication _app;

    private DashboardApp(WebApplication app, string root, Uri address, DashboardSeedResult seed)
    {
        _app = app;
        Root = root;
        Address = address;
        Seed = seed;
        Client = NewClient();
    }

    public string Root { get; }

    public Uri Address { get; }

    public DashboardSeedResult Seed { get; }

    /// <summary>A client with its own cookie jar that follows redirects, as a browser does.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<DashboardApp> StartAsync(TrainedModels models, Action<MlopsDashboardOptions>? dashboard = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "mlops-dashboard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var seed = await DashboardSeed.FillAsync(models, root);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(HeaderUser.Name).AddScheme<AuthenticationSchemeOptions, HeaderUser>(HeaderUser.Name, null);
        builder.Services.AddAuthorization(o => o.AddPolicy(AdminsPolicy, p => p.RequireAuthenticatedUser()));
        builder.Services.AddMlops(m => DashboardSeed.Configure(m, root, "dashboard-host")
            .UseHttpContextActor()
            .AddServing(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
            {
                o.Alias = "champion";
                o.Drift.SampleRate = 1;
                o.Drift.MinimumRows = 20;
                o.Drift.WindowSize = 500;
            }))
            .AddDashboard(dashboard ?? (_ => { })));
        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers[RemoteIpHeader].ToString() is { Length: > 0 } remote)
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMlopsDashboard(Prefix);
        await app.StartAsync(Ct);
        await app.Services.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DashboardApp(app, root, new Uri(address), seed);
    }

    public HttpClient NewClient() => new(new HttpClientHandler { AllowAutoRedirect = true, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = Address };

    /// <summary>GETs a dashboard path (relative to the prefix, or absolute) as <paramref name="user"/>, or unauthenticated.</summary>
    public Task<HttpResponseMessage> GetAsync(string path, string? user = null, string? remoteIp = null, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url(path));
        Sign(request, user, remoteIp);
        return (client ?? Client).SendAsync(request, Ct);
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> form, string? user = null, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = new FormUrlEncodedContent(form) };
        Sign(request, user, null);
        return (client ?? Client).SendAsync(request, Ct);
    }

    /// <summary>GETs a page, checks it answered 200 with HTML, and parses it.</summary>
    public async Task<IHtmlDocument> PageAsync(string path, string? user = null)
    {
        using var response = await GetAsync(path, user);
        var html = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        return await Parse(html);
    }

    public static async Task<IHtmlDocument> Parse(string html) => await new HtmlParser().ParseDocumentAsync(html, Ct);

    /// <summary>Runs rows through the served model and evaluates online drift now, as the hosted service would on its timer.</summary>
    public async Task PredictAndEvaluateDriftAsync(IEnumerable<Penguin> rows)
    {
        var predictor = Services.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        foreach (var row in rows)
        {
            predictor.Predict(row);
        }

        await Services.GetRequiredService<IModelServer>().EvaluateDriftAsync(Ct);
    }

    public async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Root, "mlops.db")}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        (await command.ExecuteNonQueryAsync(Ct)).Should().Be(1);
    }

    private static string Url(string path) => path.StartsWith('/') ? path : Prefix + "/" + path;

    private static void Sign(HttpRequestMessage request, string? user, string? remoteIp)
    {
        if (user is not null)
        {
            request.Headers.Add(UserHeader, user);
        }

        if (remoteIp is not null)
        {
            request.Headers.Add(RemoteIpHeader, remoteIp);
        }
    }

    public ValueTask DisposeAsync() => TestApps.StopAsync(_app, Client, Root);

    /// <summary>The host app's sign-in for these tests: the user named in <see cref="UserHeader"/>, else anonymous.</summary>
    private sealed class HeaderUser(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "TestHeader";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var name = Request.Headers[UserHeader].ToString();
            if (name.Length == 0)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }
}
