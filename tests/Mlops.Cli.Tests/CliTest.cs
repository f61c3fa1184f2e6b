namespace Mlops.Cli.Tests;

/// <summary>Each test gets its own freshly seeded store, so that commands that change it cannot disturb another test.</summary>
public abstract class CliTest(TrainedModels models) : IAsyncLifetime
{
    protected SeededStore Store { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Store = await SeededStore.CreateAsync(models);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs the tool connected to the seeded store.</summary>
    protected Task<CliResult> Mlops(params string[] args) => MlopsProcess.RunAsync([.. args, .. Store.Connect]);

    /// <summary>Asserts a failure is reported as one message, not a stack trace.</summary>
    protected static void ShouldBeAMessage(CliResult result)
    {
        result.Stderr.Should().StartWith("error: ");
        result.Stderr.Should().NotContain("   at ", "errors print the value and the rule, not a stack trace");
    }
}
