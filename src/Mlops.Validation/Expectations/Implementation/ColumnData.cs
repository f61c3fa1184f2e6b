using System.Globalization;

namespace Mlops.Validation.Expectations.Implementation;

internal enum ColumnKind
{
    Number,
    Text,
    Boolean,
    Vector,
    Unsupported,
}

/// <summary>One materialized column; missing numbers are NaN, missing text and booleans are null.</summary>
internal sealed class ColumnData
{
    private ColumnData(string name, ColumnKind kind, string typeName)
    {
        Name = name;
        Kind = kind;
        TypeName = typeName;
    }

    public string Name { get; }

    public ColumnKind Kind { get; }

    public string TypeName { get; }

    public List<double>? Numbers { get; private init; }

    public List<string?>? Texts { get; private init; }

    public List<bool?>? Booleans { get; private init; }

    public static ColumnData Number(string name, string typeName) => new(name, ColumnKind.Number, typeName) { Numbers = [] };

    public static ColumnData Text(string name, string typeName) => new(name, ColumnKind.Text, typeName) { Texts = [] };

    public static ColumnData Boolean(string name, string typeName) => new(name, ColumnKind.Boolean, typeName) { Booleans = [] };

    public static ColumnData Opaque(string name, ColumnKind kind, string typeName) => new(name, kind, typeName);

    public void AddNumber(double value) => Numbers!.Add(value);

    public void AddText(string? value) => Texts!.Add(string.IsNullOrEmpty(value) ? null : value);

    public void AddBoolean(bool? value) => Booleans!.Add(value);

    public bool IsMissing(int row) => Kind switch
    {
        ColumnKind.Number => double.IsNaN(Numbers![row]),
        ColumnKind.Text => Texts![row] is null,
        ColumnKind.Boolean => Booleans![row] is null,
        _ => false,
    };

    /// <summary>The value as invariant text: the key for sets and uniqueness, and what failing examples show.</summary>
    public string? Format(int row) => Kind switch
    {
        ColumnKind.Number => double.IsNaN(Numbers![row]) ? null : Numbers[row].ToString("R", CultureInfo.InvariantCulture),
        ColumnKind.Text => Texts![row],
        ColumnKind.Boolean => Booleans![row] is { } b ? (b ? "true" : "false") : null,
        _ => null,
    };
}
