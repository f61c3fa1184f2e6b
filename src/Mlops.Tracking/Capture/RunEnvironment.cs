using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Mlops.Tracking.Capture;

/// <summary>Captures where a run ran, as tags: git commit and dirty flag, runtime, OS, machine, and loaded Mlops/ML.NET versions.</summary>
internal sealed class RunEnvironment(string? sourceDirectory)
{
    private readonly Lazy<IReadOnlyDictionary<string, string>> _tags = new(() => Capture(sourceDirectory));

    public IReadOnlyDictionary<string, string> Tags => _tags.Value;

    private static Dictionary<string, string> Capture(string? sourceDirectory)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RunTags.Runtime] = RuntimeInformation.FrameworkDescription,
            [RunTags.OperatingSystem] = RuntimeInformation.OSDescription,
            [RunTags.Architecture] = RuntimeInformation.ProcessArchitecture.ToString(),
            [RunTags.Machine] = Environment.MachineName,
            [RunTags.ProcessorCount] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            var name = assembly.GetName().Name;
            if (name is null || !(name.StartsWith("Mlops.", StringComparison.Ordinal) || name == "Microsoft.ML" || name.StartsWith("Microsoft.ML.", StringComparison.Ordinal)))
            {
                continue;
            }

            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "unknown";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            tags[RunTags.VersionPrefix + name] = plus > 0 ? version[..plus] : version;
        }

        var directory = sourceDirectory ?? Environment.CurrentDirectory;
        var commit = Git(directory, "rev-parse HEAD");
        if (commit is { Length: 40 })
        {
            tags[RunTags.GitCommit] = commit;
            var status = Git(directory, "status --porcelain --untracked-files=no");
            if (status is not null)
            {
                tags[RunTags.GitDirty] = status.Length > 0 ? "true" : "false";
            }

            var branch = Git(directory, "rev-parse --abbrev-ref HEAD");
            if (!string.IsNullOrEmpty(branch) && branch != "HEAD")
            {
                tags[RunTags.GitBranch] = branch;
            }
        }

        return tags;
    }

    private static string? Git(string directory, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            _ = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
