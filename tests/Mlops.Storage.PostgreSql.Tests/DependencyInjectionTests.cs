using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mlops.Storage.PostgreSql.Tests.TestSupport;

namespace Mlops.Storage.PostgreSql.Tests;

public sealed class DependencyInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UsePostgreSql_RegistersOneSingletonStoreBehindEveryContract()
    {
        await using var db = await TestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddMlops(m => m.UsePostgreSql(db.ConnectionString));
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IMlopsStore>();

        store.Should().BeOfType<PostgreSqlMlopsStore>();
        store.ProviderName.Should().Be("postgresql");
        provider.GetRequiredService<IMlopsStore>().Should().BeSameAs(store);
        provider.GetRequiredService<ITrackingStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IJournalStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IRegistryStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IGovernanceStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IJournalChangeNotifier>().Should().BeOfType<PostgreSqlJournalNotifier>();
        await store.InitializeAsync(Ct);
        (await db.ScalarAsync("SELECT count(*) FROM mlops_schema_version")).Should().Be(1L);
    }

    [Fact]
    public async Task UsePostgreSql_CalledTwice_LeavesOneRegistrationAndTheLastConnectionWins()
    {
        await using var db = await TestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddMlops(m => m.UsePostgreSql("Host=127.0.0.1;Database=unused").UsePostgreSql(db.ConnectionString));
        await using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(IMlopsStore)).Should().Be(1);
        var store = (PostgreSqlMlopsStore)provider.GetRequiredService<IMlopsStore>();
        await store.InitializeAsync(Ct);
        store.DatabaseName.Should().EndWith("/" + new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString).Database);
    }

    [Fact]
    public async Task UsePostgreSql_WithInvalidOptions_FailsWhenTheHostStarts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMlops(m => m.UsePostgreSql(o =>
        {
            o.ConnectionString = "Host=127.0.0.1";
            o.MaxRetries = 1000;
        }));
        using var host = builder.Build();

        var act = () => host.StartAsync(Ct);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("MaxRetries");
    }
}
