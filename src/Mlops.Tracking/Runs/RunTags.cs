namespace Mlops.Tracking;

/// <summary>The tag keys Mlops.Sdk sets on runs. All start with <c>mlops.</c>.</summary>
public static class RunTags
{
    /// <summary>The git commit (40 hex characters) of the source directory when the run started.</summary>
    public const string GitCommit = "mlops.source.git.commit";

    /// <summary><c>true</c> when tracked files had uncommitted changes.</summary>
    public const string GitDirty = "mlops.source.git.dirty";

    /// <summary>The git branch, when on one.</summary>
    public const string GitBranch = "mlops.source.git.branch";

    /// <summary>The .NET runtime description.</summary>
    public const string Runtime = "mlops.runtime";

    /// <summary>The operating system description.</summary>
    public const string OperatingSystem = "mlops.os";

    /// <summary>The process architecture.</summary>
    public const string Architecture = "mlops.os.arch";

    /// <summary>The machine name.</summary>
    public const string Machine = "mlops.machine";

    /// <summary>The processor count.</summary>
    public const string ProcessorCount = "mlops.machine.cores";

    /// <summary>Prefix of the tags recording loaded assembly versions, e.g. <c>mlops.version.Microsoft.ML</c>.</summary>
    public const string VersionPrefix = "mlops.version.";

    /// <summary>The error type of a failed run.</summary>
    public const string ErrorType = "mlops.error.type";

    /// <summary>The flavor of a logged model (e.g. <c>mlnet</c>).</summary>
    public const string ModelFlavor = "mlops.model.flavor";

    /// <summary>The artifact path of a logged model.</summary>
    public const string ModelPath = "mlops.model.path";
}
