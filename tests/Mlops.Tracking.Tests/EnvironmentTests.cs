using System.Diagnostics;

namespace Mlops.Tracking.Tests;

public sealed class EnvironmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_records_runtime_os_machine_and_loaded_versions()
    {
        _ = new Microsoft.ML.MLContext(seed: 1); // make sure ML.NET is loaded before the environment is captured
        await using var h = new TrackingHarness(o => o.CaptureEnvironment = true);
        await using var run = await h.Tracker.StartRunAsync("env", cancellationToken: Ct);

        var tags = (await h.Tracker.GetRunAsync(run.RunId, Ct)).Tags;
        tags[RunTags.Runtime].Should().StartWith(".NET");
        tags[RunTags.Machine].Should().Be(Environment.MachineName);
        tags.Should().ContainKey(RunTags.OperatingSystem);
        tags.Should().ContainKey(RunTags.VersionPrefix + "Mlops.Tracking");
        tags.Should().ContainKey(RunTags.VersionPrefix + "Microsoft.ML.Data");
    }

    [Fact]
    public async Task Inside_a_git_repository_the_commit_and_dirty_flag_are_recorded()
    {
        var repo = Path.Combine(Path.GetTempPath(), "mlops-git-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(repo);
        try
        {
            Git(repo, "init -q");
            await File.WriteAllTextAsync(Path.Combine(repo, "train.cs"), "// v1", Ct);
            Git(repo, "add train.cs");
            Git(repo, "-c user.email=t@example.invalid -c user.name=t commit -q -m init");
            var head = Git(repo, "rev-parse HEAD");

            await using (var clean = new TrackingHarness(o => { o.CaptureEnvironment = true; o.SourceDirectory = repo; }))
            await using (var run = await clean.Tracker.StartRunAsync("git", cancellationToken: Ct))
            {
                var tags = (await clean.Tracker.GetRunAsync(run.RunId, Ct)).Tags;
                tags[RunTags.GitCommit].Should().Be(head);
                tags[RunTags.GitDirty].Should().Be("false");
            }

            await File.WriteAllTextAsync(Path.Combine(repo, "train.cs"), "// v2, not committed", Ct);
            await using (var dirty = new TrackingHarness(o => { o.CaptureEnvironment = true; o.SourceDirectory = repo; }))
            await using (var run = await dirty.Tracker.StartRunAsync("git", cancellationToken: Ct))
            {
                var tags = (await dirty.Tracker.GetRunAsync(run.RunId, Ct)).Tags;
                tags[RunTags.GitCommit].Should().Be(head);
                tags[RunTags.GitDirty].Should().Be("true");
            }
        }
        finally
        {
            Directory.Delete(repo, recursive: true);
        }
    }

    [Fact]
    public async Task Outside_a_repository_no_git_tags_are_set_and_capture_can_be_turned_off()
    {
        var notRepo = Path.Combine(Path.GetTempPath(), "mlops-nogit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(notRepo);
        try
        {
            await using var h = new TrackingHarness(o => { o.CaptureEnvironment = true; o.SourceDirectory = notRepo; });
            await using var withEnv = await h.Tracker.StartRunAsync("env", cancellationToken: Ct);
            await using var without = await h.Tracker.StartRunAsync("env", new RunOptions { CaptureEnvironment = false }, Ct);

            var tags = (await h.Tracker.GetRunAsync(withEnv.RunId, Ct)).Tags;
            tags.Should().NotContainKey(RunTags.GitCommit);
            tags.Should().ContainKey(RunTags.Runtime);
            (await h.Tracker.GetRunAsync(without.RunId, Ct)).Tags.Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(notRepo, recursive: true);
        }
    }

    private static string Git(string directory, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["GIT_CONFIG_NOSYSTEM"] = "1", ["HOME"] = directory },
        })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, process.StandardError.ReadToEnd());
        return output.Trim();
    }
}
