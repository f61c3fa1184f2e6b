namespace Mlops.Governance;

/// <summary>Intended use (written by people).</summary>
/// <param name="PrimaryUses">The primary intended uses (<see cref="ModelCardFields.IntendedUse"/>).</param>
/// <param name="PrimaryUsers">The primary intended users.</param>
/// <param name="OutOfScopeUses">Uses that are out of scope.</param>
public sealed record ModelCardIntendedUse(string? PrimaryUses, string? PrimaryUsers, string? OutOfScopeUses);
