using System.Text.Json.Serialization;

namespace Mlops.Validation.Expectations;

/// <summary>
/// One data expectation, named as Great Expectations names it. Serialized with an <c>expectation_type</c> discriminator
/// (<c>expect_column_values_to_be_between</c>, …) so a suite can be stored as JSON, edited by hand and reloaded.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "expectation_type")]
[JsonDerivedType(typeof(ExpectColumnToExist), ExpectColumnToExist.TypeName)]
[JsonDerivedType(typeof(ExpectColumnValuesToNotBeNull), ExpectColumnValuesToNotBeNull.TypeName)]
[JsonDerivedType(typeof(ExpectColumnValuesToBeBetween), ExpectColumnValuesToBeBetween.TypeName)]
[JsonDerivedType(typeof(ExpectColumnValuesToBeInSet), ExpectColumnValuesToBeInSet.TypeName)]
[JsonDerivedType(typeof(ExpectColumnValuesToBeUnique), ExpectColumnValuesToBeUnique.TypeName)]
[JsonDerivedType(typeof(ExpectColumnValuesToMatchRegex), ExpectColumnValuesToMatchRegex.TypeName)]
[JsonDerivedType(typeof(ExpectTableRowCountToBeBetween), ExpectTableRowCountToBeBetween.TypeName)]
public abstract record Expectation
{
    private protected Expectation()
    {
    }

    /// <summary>The Great Expectations name of this expectation, such as <c>expect_column_to_exist</c>.</summary>
    [JsonIgnore]
    public abstract string ExpectationType { get; }
}
