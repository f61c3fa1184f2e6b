using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Mlops.Packaging.Tests;

/// <summary>
/// The packages work as packages: every src/ project packs with its metadata and symbols, and a brand-new console app
/// outside the solution that references them from a local feed tracks a run, registers a model and serves it.
/// </summary>
public sealed partial class PackAndConsumeTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    private static readonly TimeSpan RunCap = TimeSpan.FromMinutes(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_src_project_packs_with_readme_metadata_and_symbols()
    {
        feed.Pack!.ExitCode.Should().Be(0, feed.Pack.ToString());
        feed.PackageIds.Should().Contain(["Mlops.Core", "Mlops.Sdk", "Mlops.Storage.Sqlite", "Mlops.AspNetCore"])
            .And.NotContain("Mlops.Storage.Relational", "shared source is compiled into the providers, not shipped");
        var head = await GitHeadAsync();
        var pages = new Dictionary<string, string>();

        foreach (var id in feed.PackageIds)
        {
            var nupkg = Path.Combine(feed.FeedPath, $"{id}.{feed.Version}.nupkg");
            File.Exists(nupkg).Should().BeTrue($"{id} is packed");
            File.Exists(Path.ChangeExtension(nupkg, ".snupkg")).Should().BeTrue($"{id} ships its symbols");

            using var zip = ZipFile.OpenRead(nupkg);
            var nuspec = XDocument.Load(zip.GetEntry($"{id}.nuspec")!.Open());
            var ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            string? Field(string name) => metadata.Element(ns + name)?.Value;

            Field("description").Should().NotBeNullOrWhiteSpace($"{id} has a description");
            Field("tags").Should().Contain("mlops", $"{id} is tagged");
            metadata.Element(ns + "license")!.Attribute("type")!.Value.Should().Be("expression");
            Field("license").Should().Be("MIT");
            Field("readme").Should().Be("README.md");
            using (var readme = new StreamReader(zip.GetEntry("README.md")!.Open()))
            {
                var text = await readme.ReadToEndAsync(Ct);
                text.Should().StartWith($"# {id}\n", $"{id} carries its own README");
                var page = DocsPage().Match(text);
                page.Success.Should().BeTrue($"{id}'s README names its documentation page");
                File.Exists(Path.Combine(feed.RepositoryRoot, page.Groups["page"].Value))
                    .Should().BeTrue($"{id}'s documentation page {page.Groups["page"].Value} exists");
                pages[id] = page.Groups["page"].Value;
            }

            var repository = metadata.Element(ns + "repository")!;
            repository.Attribute("type")!.Value.Should().Be("git");
            repository.Attribute("url").Should().BeNull("no repository address is published");
            repository.Attribute("commit")!.Value.Should().Be(head, $"{id} names the commit it was built from");
            var isTool = metadata.Descendants(ns + "packageType").Any(t => (string?)t.Attribute("name") == "DotnetTool");
            if (isTool)
            {
                zip.Entries.Should().Contain(e => e.FullName.StartsWith("tools/net10.0/", StringComparison.Ordinal), $"{id} is a .NET tool");
            }
            else
            {
                zip.Entries.Should().Contain(e => e.FullName == $"lib/net10.0/{id}.dll");
                zip.Entries.Should().Contain(e => e.FullName == $"lib/net10.0/{id}.xml", "the XML docs ship for IntelliSense");
            }
        }

        pages.Values.Should().OnlyHaveUniqueItems("every package has a documentation page of its own");
    }

    [Fact]
    public async Task A_new_console_app_referencing_the_packages_tracks_registers_and_serves_a_model()
    {
        feed.Pack!.ExitCode.Should().Be(0, feed.Pack.ToString());
        var app = Path.Combine(feed.Root, "consumer");
        Directory.CreateDirectory(app);
        var template = Path.Combine(AppContext.BaseDirectory, "ConsumerApp");
        File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(app, "Program.cs"));
        await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), (await File.ReadAllTextAsync(Path.Combine(template, "Consumer.csproj.template"), Ct))
            .Replace("$(MlopsVersion)", feed.Version, StringComparison.Ordinal)
            .Replace("$(HostingVersion)", feed.CentralVersion("Microsoft.Extensions.Hosting"), StringComparison.Ordinal), Ct);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), (await File.ReadAllTextAsync(Path.Combine(template, "nuget.config.template"), Ct))
            .Replace("$(FeedPath)", feed.FeedPath, StringComparison.Ordinal), Ct);

        using var cap = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cap.CancelAfter(RunCap);
        DotnetResult run;
        try
        {
            run = await DotnetProcess.RunAsync(app, ["run"], environment: null, cap.Token);
        }
        finally
        {
            var assets = Path.Combine(app, "obj", "project.assets.json");
            if (File.Exists(assets))
            {
                feed.TrackRestore(assets);
            }
        }

        run.ExitCode.Should().Be(0, run.ToString());
        var assetsText = await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json"), Ct);
        foreach (var id in new[] { "Mlops.Core", "Mlops.Storage.Sqlite", "Mlops.Tracking", "Mlops.Registry", "Mlops.Serving" })
        {
            assetsText.Should().Contain($"\"{id}/{feed.Version}\"", $"{id} comes in through Mlops.Sdk as a package");
        }

        assetsText.Should().NotContain("\"type\": \"project\"", "nothing is a project reference");

        var tracked = TrackedLine().Match(run.Output);
        tracked.Success.Should().BeTrue(run.ToString());
        tracked.Groups["status"].Value.Should().Be("Finished");
        run.Output.Should().Contain("registered house-price v1");
        var served = ServedLine().Match(run.Output);
        served.Success.Should().BeTrue(run.ToString());
        served.Groups["version"].Value.Should().Be("1");
        // Trained on price = 1 + 2 × size: size 3 is about 7.
        double.Parse(served.Groups["score"].Value, CultureInfo.InvariantCulture).Should().BeApproximately(7, 1);
        run.Output.Should().Contain("uses the embedded default").And.Contain(Path.Combine(app, ".mlops", "mlops.db"));
        File.Exists(Path.Combine(app, ".mlops", "mlops.db")).Should().BeTrue("AddMlops() with no store picked keeps the store in ./.mlops/mlops.db");
        Directory.EnumerateFiles(Path.Combine(app, ".mlops", "artifacts"), "*", SearchOption.AllDirectories)
            .Should().NotBeEmpty("the model artifact is stored under the app's artifact root");
    }

    [GeneratedRegex(@"^Documentation: `(?<page>docs/[a-z0-9-]+\.md)`", RegexOptions.Multiline)]
    private static partial Regex DocsPage();

    private static async Task<string> GitHeadAsync()
    {
        var info = new System.Diagnostics.ProcessStartInfo("git", "rev-parse HEAD")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var git = System.Diagnostics.Process.Start(info)!;
        var head = (await git.StandardOutput.ReadToEndAsync(Ct)).Trim();
        await git.WaitForExitAsync(Ct);
        git.ExitCode.Should().Be(0);
        return head;
    }

    [GeneratedRegex(@"^run (?<id>\S+) (?<status>\w+) trainer=online-gradient-descent rmse=", RegexOptions.Multiline)]
    private static partial Regex TrackedLine();

    [GeneratedRegex(@"^served house-price v(?<version>\d+): size 3 -> (?<score>-?[\d.]+)", RegexOptions.Multiline)]
    private static partial Regex ServedLine();
}
