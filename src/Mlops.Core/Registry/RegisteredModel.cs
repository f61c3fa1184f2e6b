namespace Mlops.Registry;

/// <summary>A named model whose versions are numbered 1, 2, 3...</summary>
/// <param name="Name">The unique model name (see <see cref="ModelNames"/>).</param>
/// <param name="Description">A description, or <see langword="null"/>.</param>
/// <param name="Tags">Tags by key (mutable).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed (renamed, described, tagged, a version registered).</param>
/// <param name="CreatedBy">The actor who created it.</param>
/// <param name="LatestVersion">The highest version number registered so far (0 when none).</param>
/// <param name="Aliases">Alias name → version number.</param>
public sealed record RegisteredModel(
    string Name,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CreatedBy,
    int LatestVersion,
    IReadOnlyDictionary<string, int> Aliases);
