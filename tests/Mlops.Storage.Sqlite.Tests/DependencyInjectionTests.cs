using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mlops.Storage.Sqlite.Tests.TestSupport;

namespace Mlops.Storage.Sqlite.Tests;

public sealed class DependencyInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UseSqlite_RegistersOneSingletonStoreBehindAllFourContracts()
    {
        await using var db = new TestDatabase();
        var services = new ServiceCollection();
        services.AddMlops(m => m.UseSqlite(db.ConnectionString));
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IMlopsStore>();

        store.Should().BeOfType<SqliteMlopsStore>();
        provider.GetRequiredService<IMlopsStore>().Should().BeSameAs(store);
        provider.GetRequiredService<ITrackingStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IJournalStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IRegistryStore>().Should().BeSameAs(store);
        ((SqliteMlopsStore)store).DatabasePath.Should().Be(db.Path);
        await store.InitializeAsync(Ct);
        File.Exists(db.Path).Should().BeTrue();
    }

    [Fact]
    public async Task UseSqlite_WithOptions_AppliesThem()
    {
        await using var db = new TestDatabase();
        var services = new ServiceCollection();
        services.AddMlops(m => m.UseSqlite(o =>
        {
            o.ConnectionString = db.ConnectionString;
            o.Synchronous = SqliteSynchronousMode.Normal;
        }));
        await using var provider = services.BuildServiceProvider();

        var store = (SqliteMlopsStore)provider.GetRequiredService<IMlopsStore>();

        (await store.ReadWriterPragmasAsync(Ct))["synchronous"].Should().Be("1");
    }

    [Fact]
    public async Task UseSqlite_CalledTwice_LeavesOneRegistrationAndTheLastConnectionWins()
    {
        await using var first = new TestDatabase();
        await using var second = new TestDatabase();
        var services = new ServiceCollection();
        services.AddMlops(m => m.UseSqlite(first.ConnectionString).UseSqlite(second.ConnectionString));

        services.Count(d => d.ServiceType == typeof(IMlopsStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ITrackingStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IJournalStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IRegistryStore)).Should().Be(1);
        await using var provider = services.BuildServiceProvider();
        ((SqliteMlopsStore)provider.GetRequiredService<IMlopsStore>()).DatabasePath.Should().Be(second.Path);
    }

    [Fact]
    public async Task HostStart_WithoutAConnectionString_FailsNamingTheOption()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMlops(m => m.UseSqlite(_ => { }));
        using var host = builder.Build();

        var act = () => host.StartAsync(Ct);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(nameof(SqliteStoreOptions.ConnectionString));
    }

    [Fact]
    public async Task HostStart_WithOutOfRangeOptions_FailsNamingEachOption()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMlops(m => m.UseSqlite(o =>
        {
            o.ConnectionString = "Data Source=unused.db";
            o.MaxBusyRetries = -1;
            o.BusyTimeout = TimeSpan.FromHours(2);
        }));
        using var host = builder.Build();

        var act = () => host.StartAsync(Ct);

        var message = (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message;
        message.Should().Contain(nameof(SqliteStoreOptions.MaxBusyRetries)).And.Contain(nameof(SqliteStoreOptions.BusyTimeout));
    }

    [Fact]
    public void UseSqlite_GuardsItsArguments()
    {
        var builder = new ServiceCollection().AddMlops();

        FluentActions.Invoking(() => builder.UseSqlite(" ")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => builder.UseSqlite((Action<SqliteStoreOptions>)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => SqliteMlopsBuilderExtensions.UseSqlite(null!, "Data Source=x.db")).Should().Throw<ArgumentNullException>();
    }
}
