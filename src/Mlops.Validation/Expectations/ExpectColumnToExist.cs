using System.Text.Json.Serialization;

namespace Mlops.Validation.Expectations;

/// <summary><c>expect_column_to_exist</c>: the column is present in the data.</summary>
public sealed record ExpectColumnToExist : ColumnExpectation
{
    internal const string TypeName = "expect_column_to_exist";

    /// <summary>Creates the expectation.</summary>
    /// <param name="column">The column that must exist.</param>
    [JsonConstructor]
    public ExpectColumnToExist(string column) : base(column)
    {
    }

    /// <inheritdoc />
    [JsonIgnore]
    public override string ExpectationType => TypeName;
}
