namespace Mlops.Search;

/// <summary>The registered-model attributes a model search may name (bare or after <c>attributes.</c>).</summary>
public static class ModelAttributes
{
    /// <summary>The model name (string).</summary>
    public const string Name = "name";

    /// <summary>The description (string).</summary>
    public const string Description = "description";

    /// <summary>Creation time in Unix ms (number).</summary>
    public const string CreatedAt = "created_at";

    /// <summary>Last update in Unix ms (number).</summary>
    public const string UpdatedAt = "updated_at";

    /// <summary>The highest version number (number).</summary>
    public const string LatestVersion = "latest_version";

    /// <summary>Every attribute name.</summary>
    public static IReadOnlyList<string> All { get; } = [Name, Description, CreatedAt, UpdatedAt, LatestVersion];

    /// <summary>Whether the attribute compares as a number.</summary>
    public static bool IsNumeric(string attribute) => attribute is CreatedAt or UpdatedAt or LatestVersion;
}
