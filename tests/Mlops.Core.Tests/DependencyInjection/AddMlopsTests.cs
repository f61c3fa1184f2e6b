using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Artifacts;
using Mlops.Artifacts.FileSystem;
using Mlops.Core.Tests.Journal;
using Mlops.Core.Tests.TestSupport;
using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Core.Tests.DependencyInjection;

public sealed class AddMlopsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AddMlops_returns_a_builder_over_the_same_service_collection()
    {
        var services = new ServiceCollection();

        var builder = services.AddMlops();

        builder.Should().NotBeNull();
        builder.Services.Should().BeSameAs(services);
    }

    [Fact]
    public void AddMlops_with_a_configure_callback_runs_it_once_and_returns_the_services()
    {
        var services = new ServiceCollection();
        var calls = 0;

        var returned = services.AddMlops(builder =>
        {
            calls++;
            builder.Services.Should().BeSameAs(services);
        });

        returned.Should().BeSameAs(services);
        calls.Should().Be(1);
    }

    [Fact]
    public void AddMlops_guards_its_arguments()
    {
        var noServices = () => ((IServiceCollection)null!).AddMlops();
        var noConfigure = () => new ServiceCollection().AddMlops((Action<MlopsBuilder>)null!);

        noServices.Should().Throw<ArgumentNullException>();
        noConfigure.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void AddMlops_twice_registers_each_core_service_once()
    {
        var services = new ServiceCollection();

        services.AddMlops();
        services.AddMlops();

        services.Count(d => d.ServiceType == typeof(IHostedService)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IActorAccessor)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(TimeProvider)).Should().Be(1);
    }

    [Fact]
    public void The_default_actor_is_the_operating_system_user()
    {
        using var provider = new ServiceCollection().AddMlops(_ => { }).BuildServiceProvider();

        var expected = string.IsNullOrEmpty(Environment.UserName) ? "unknown" : Environment.UserName;
        provider.GetRequiredService<IActorAccessor>().CurrentActor.Should().Be(expected);
    }

    [Fact]
    public void UseActor_fixes_the_actor_name()
    {
        using var provider = new ServiceCollection().AddMlops(m => m.UseActor("ci-bot")).BuildServiceProvider();

        provider.GetRequiredService<IActorAccessor>().CurrentActor.Should().Be("ci-bot");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void UseActor_refuses_an_empty_name(string actor)
    {
        var act = () => new ServiceCollection().AddMlops().UseActor(actor);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void UseActorAccessor_of_a_type_replaces_the_default()
    {
        var services = new ServiceCollection();
        services.AddMlops(m => m.UseActorAccessor<FixedActorAccessor>());
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IActorAccessor>().Should().BeOfType<FixedActorAccessor>();
        provider.GetRequiredService<IActorAccessor>().CurrentActor.Should().Be("fixed");
        services.Count(d => d.ServiceType == typeof(IActorAccessor)).Should().Be(1);
    }

    [Fact]
    public void UseActorAccessor_with_a_factory_resolves_through_it()
    {
        var name = "first";
        using var provider = new ServiceCollection()
            .AddMlops(m => m.UseActorAccessor(_ => new FixedActorAccessor(() => name)))
            .BuildServiceProvider();
        var accessor = provider.GetRequiredService<IActorAccessor>();

        accessor.CurrentActor.Should().Be("first");
        name = "second";
        accessor.CurrentActor.Should().Be("second");
    }

    [Fact]
    public void UseActorAccessor_guards_a_null_factory()
    {
        var act = () => new ServiceCollection().AddMlops().UseActorAccessor((Func<IServiceProvider, IActorAccessor>)null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public async Task IJournal_reads_and_verifies_through_the_registered_journal_store()
    {
        var journalStore = await new InMemoryJournalStore().AppendManyAsync(3, Ct);
        var services = new ServiceCollection();
        services.AddSingleton<IJournalStore>(journalStore);
        await using var provider = services.AddMlops(_ => { }).BuildServiceProvider();
        var journal = provider.GetRequiredService<IJournal>();

        (await journal.ReadAsync(1, 10, Ct)).Should().Equal(journalStore.Entries);
        (await journal.VerifyAsync(Ct)).Should().Be(
            new JournalVerificationResult(true, 3, null, null, new JournalHead(3, journalStore.Get(3).Hash)));
    }

    [Fact]
    public void MlopsInstrumentation_exposes_the_Mlops_meter()
    {
        using var provider = new ServiceCollection().AddMetrics().AddMlops(_ => { }).BuildServiceProvider();

        var meter = provider.GetRequiredService<MlopsInstrumentation>().Meter;

        meter.Name.Should().Be(MlopsTelemetry.Name);
        meter.Version.Should().Be(MlopsTelemetry.Version);
    }

    [Fact]
    public async Task Host_start_fails_with_a_clear_message_when_no_metadata_store_is_configured()
    {
        var builder = CreateHostBuilder();
        builder.Services.AddMlops(m => m.UseFileSystemArtifacts(_temp.NewPath()));
        using var host = builder.Build();

        var act = () => host.StartAsync(Ct);

        (await act.Should().ThrowAsync<MlopsException>())
            .Which.Message.Should().Contain("No Mlops metadata store is configured").And.Contain("UseSqlite")
            .And.Contain("An artifact store was picked, so the embedded default (./.mlops) does not apply");
    }

    [Fact]
    public async Task Host_start_with_no_store_at_all_and_no_SQLite_provider_in_the_app_names_the_packages_of_the_embedded_default()
    {
        // Mlops.Core's tests do not reference Mlops.Storage.Sqlite: the embedded default cannot apply here.
        AppDomain.CurrentDomain.GetAssemblies().Should().NotContain(a => a.GetName().Name == "Mlops.Storage.Sqlite");
        File.Exists(Path.Combine(AppContext.BaseDirectory, "Mlops.Storage.Sqlite.dll")).Should().BeFalse();
        var builder = CreateHostBuilder();
        builder.Services.AddMlops();
        using var host = builder.Build();

        var act = () => host.StartAsync(Ct);

        (await act.Should().ThrowAsync<MlopsException>())
            .Which.Message.Should().Contain("No Mlops metadata store is configured").And.Contain("UseSqlite")
            .And.Contain("Mlops.Sdk").And.Contain("Mlops.Storage.Sqlite");
        host.Services.GetService<IArtifactStore>().Should().BeNull("without the SQLite provider there is no default artifact store either");
    }

    [Fact]
    public void A_store_registered_after_AddMlops_is_the_one_every_store_interface_resolves_to()
    {
        var services = new ServiceCollection();
        services.AddMlops();
        var (store, _) = StubMlopsStore.Create();
        services.AddSingleton(store);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IMlopsStore>().Should().BeSameAs(store);
        provider.GetRequiredService<ITrackingStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IRegistryStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IJournalStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IGovernanceStore>().Should().BeSameAs(store);
        provider.GetService<IArtifactStore>().Should().BeNull("a metadata store was picked: no default artifact store");
    }

    [Fact]
    public async Task Host_start_fails_with_a_clear_message_when_no_artifact_store_is_configured()
    {
        var builder = CreateHostBuilder();
        var (store, stub) = StubMlopsStore.Create();
        builder.Services.AddSingleton(store);
        builder.Services.AddMlops();
        using var host = builder.Build();

        var act = () => host.StartAsync(Ct);

        (await act.Should().ThrowAsync<MlopsException>())
            .Which.Message.Should().Contain("No Mlops artifact store is configured").And.Contain("UseFileSystemArtifacts")
            .And.Contain("A metadata store was picked, so the embedded default (./.mlops) does not apply");
        stub.InitializeCalls.Should().Be(0, "nothing is migrated when the configuration is incomplete");
    }

    [Fact]
    public async Task Host_starts_and_initializes_the_store_when_both_stores_are_configured()
    {
        var root = _temp.NewPath();
        var builder = CreateHostBuilder();
        var (store, stub) = StubMlopsStore.Create();
        builder.Services.AddSingleton(store);
        builder.Services.AddMlops(m => m.UseFileSystemArtifacts(root));
        using var host = builder.Build();

        await host.StartAsync(Ct);
        try
        {
            stub.InitializeCalls.Should().Be(1);
            var artifacts = host.Services.GetRequiredService<IArtifactStore>();
            var descriptor = await artifacts.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);
            File.Exists(Path.Combine(root, "sha256", descriptor.Digest[..2], descriptor.Digest[2..])).Should().BeTrue();
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task UseFileSystemArtifacts_with_an_empty_path_fails_host_start_naming_the_option()
    {
        var builder = CreateHostBuilder();
        var (store, _) = StubMlopsStore.Create();
        builder.Services.AddSingleton(store);
        builder.Services.AddMlops(m => m.UseFileSystemArtifacts(""));
        using var host = builder.Build();

        var act = () => host.StartAsync(Ct);

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.OptionsType.Should().Be<FileSystemArtifactStoreOptions>();
        error.Message.Should().Contain(nameof(FileSystemArtifactStoreOptions.RootPath));
    }

    [Fact]
    public void UseFileSystemArtifacts_registers_one_artifact_store_and_the_last_call_wins()
    {
        var first = _temp.NewPath();
        var second = _temp.NewPath();
        var services = new ServiceCollection();
        services.AddMlops(m => m.UseFileSystemArtifacts(first).UseFileSystemArtifacts(second));
        using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(IArtifactStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<FileSystemArtifactStoreOptions>)
            && d.ImplementationType == typeof(FileSystemArtifactStoreOptionsValidator)).Should().Be(1);
        var artifacts = provider.GetRequiredService<IArtifactStore>();
        artifacts.Should().BeOfType<FileSystemArtifactStore>().Which.RootPath.Should().Be(second);
        provider.GetRequiredService<IArtifactStore>().Should().BeSameAs(artifacts, "the store is a singleton");
    }

    [Fact]
    public void UseFileSystemArtifacts_replaces_an_artifact_store_registered_before()
    {
        var root = _temp.NewPath();
        var services = new ServiceCollection();
        services.AddSingleton<IArtifactStore>(_ => throw new InvalidOperationException("replaced store must not be built"));
        services.AddMlops(m => m.UseFileSystemArtifacts(root));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IArtifactStore>().Should().BeOfType<FileSystemArtifactStore>();
    }

    [Fact]
    public void UseFileSystemArtifacts_with_options_applies_them_and_resolves_a_relative_root_against_the_current_directory()
    {
        using var provider = new ServiceCollection()
            .AddMlops(m => m.UseFileSystemArtifacts(o => o.RootPath = Path.Combine("relative", "store")))
            .BuildServiceProvider();

        provider.GetRequiredService<IArtifactStore>().Should().BeOfType<FileSystemArtifactStore>()
            .Which.RootPath.Should().Be(Path.Combine(Directory.GetCurrentDirectory(), "relative", "store"));
    }

    [Fact]
    public void FileSystemArtifactStoreOptions_default_root_is_beside_the_embedded_database()
    {
        new FileSystemArtifactStoreOptions().RootPath.Should().Be(".mlops/artifacts");
    }

    [Fact]
    public void The_generated_validator_requires_a_root_path()
    {
        var validator = new FileSystemArtifactStoreOptionsValidator();

        validator.Validate(null, new FileSystemArtifactStoreOptions()).Succeeded.Should().BeTrue();
        var failed = validator.Validate(null, new FileSystemArtifactStoreOptions { RootPath = "" });
        failed.Failed.Should().BeTrue();
        failed.FailureMessage.Should().Contain("RootPath");
    }

    [Fact]
    public void UseFileSystemArtifacts_guards_its_arguments()
    {
        var builder = new ServiceCollection().AddMlops();

        var nullPath = () => builder.UseFileSystemArtifacts((string)null!);
        var nullConfigure = () => builder.UseFileSystemArtifacts((Action<FileSystemArtifactStoreOptions>)null!);
        var nullBuilder = () => ((MlopsBuilder)null!).UseFileSystemArtifacts("x");

        nullPath.Should().Throw<ArgumentNullException>();
        nullConfigure.Should().Throw<ArgumentNullException>();
        nullBuilder.Should().Throw<ArgumentNullException>();
    }

    private static HostApplicationBuilder CreateHostBuilder()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        return builder;
    }

    private sealed class FixedActorAccessor(Func<string> name) : IActorAccessor
    {
        public FixedActorAccessor() : this(() => "fixed") { }

        public string CurrentActor => name();
    }
}
