namespace Mlops.Storage.Relational.Search;

/// <summary>SQL text with its parameters. Every literal and key of a search is a parameter, never part of the text.</summary>
/// <param name="Text">The SQL text.</param>
/// <param name="Parameters">The parameter names and values.</param>
internal sealed record SqlStatement(string Text, IReadOnlyList<KeyValuePair<string, object>> Parameters);
