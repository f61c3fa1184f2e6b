using Microsoft.ML;
using Mlops.Validation.Expectations;

namespace Mlops.Validation.Tests.Expectations;

public sealed class InferenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Inferred_penguin_suite_describes_the_reference_data()
    {
        var penguins = ExpectationTestData.Penguins();
        penguins.Should().HaveCount(344);
        var suite = ExpectationSuite.Infer("penguins", penguins, cancellationToken: Ct);

        suite.Expectations.Should().Contain(new ExpectTableRowCountToBeBetween(309, 379));
        suite.Expectations.Should().Contain(new ExpectColumnToExist("Species"));
        suite.Expectations.Should().Contain(new ExpectColumnValuesToBeInSet("Species", ["Adelie", "Chinstrap", "Gentoo"]));
        suite.Expectations.Should().Contain(new ExpectColumnValuesToBeInSet("Sex", [".", "FEMALE", "MALE"]));
        suite.Expectations.Should().Contain(new ExpectColumnValuesToNotBeNull("Sex", 334.0 / 344));
        suite.Expectations.Should().Contain(new ExpectColumnValuesToNotBeNull("Species", 1.0));
        suite.Expectations.Should().Contain(new ExpectColumnValuesToNotBeNull("BodyMass", 342.0 / 344));
        suite.Expectations.Should().Contain(new ExpectColumnValuesToBeBetween("BodyMass", 2700, 6300));
        suite.Expectations.Should().Contain(new ExpectColumnValuesToBeBetween("FlipperLength", 172, 231));
        suite.Expectations.OfType<ExpectColumnValuesToBeUnique>().Should().BeEmpty();
    }

    [Fact]
    public void Inferred_suite_passes_on_its_reference_data_from_both_runners()
    {
        var penguins = ExpectationTestData.Penguins();
        var suite = ExpectationSuite.Infer("penguins", penguins, cancellationToken: Ct);
        var fromObjects = suite.Validate(penguins, cancellationToken: Ct);
        fromObjects.Success.Should().BeTrue();
        fromObjects.Statistics.UnsuccessfulExpectations.Should().Be(0);

        var view = new MLContext(seed: 1).Data.LoadFromEnumerable(penguins);
        var fromView = suite.Validate(view, cancellationToken: Ct);
        fromView.Should().BeEquivalentTo(fromObjects);
        ExpectationSuite.Infer("penguins", view, cancellationToken: Ct).Should().Be(suite);
    }

    [Fact]
    public void Inferred_suite_fails_on_corrupted_data_with_the_corrupted_rows()
    {
        var penguins = ExpectationTestData.Penguins();
        var suite = ExpectationSuite.Infer("penguins", penguins, cancellationToken: Ct);
        var corrupted = penguins.Select(p => p.Copy()).ToList();
        corrupted[5].BodyMass = 99999;
        corrupted[7].BodyMass = -1;
        corrupted[10].Species = "Dodo";
        corrupted[20].Species = null;
        for (var i = 100; i < 110; i++)
        {
            corrupted[i].BeakLength = float.NaN;
        }

        var result = suite.Validate(corrupted, cancellationToken: Ct);
        result.Success.Should().BeFalse();
        var failed = result.Results.Where(r => !r.Success).ToList();
        failed.Select(r => r.Expectation).Should().BeEquivalentTo(
            new Expectation[]
            {
                new ExpectColumnValuesToNotBeNull("Species", 1.0),
                new ExpectColumnValuesToBeInSet("Species", ["Adelie", "Chinstrap", "Gentoo"]),
                new ExpectColumnValuesToNotBeNull("BeakLength", 342.0 / 344),
                new ExpectColumnValuesToBeBetween("BodyMass", 2700, 6300),
            },
            o => o.RespectingRuntimeTypes());

        Find<ExpectColumnValuesToBeInSet>(result, "Species").UnexpectedExamples.Should().Equal(new UnexpectedExample(10, "Dodo"));
        Find<ExpectColumnValuesToNotBeNull>(result, "Species").UnexpectedExamples.Should().Equal(new UnexpectedExample(20, null));
        var mass = Find<ExpectColumnValuesToBeBetween>(result, "BodyMass");
        mass.ObservedMin.Should().Be(-1);
        mass.ObservedMax.Should().Be(99999);
        mass.UnexpectedExamples.Should().Equal(new UnexpectedExample(5, "99999"), new UnexpectedExample(7, "-1"));
        Find<ExpectColumnValuesToNotBeNull>(result, "BeakLength").UnexpectedCount.Should().Be(12);
    }

    [Fact]
    public void Inference_options_widen_ranges_and_find_unique_columns()
    {
        var data = ExpectationTestData.Rows(0, 10, 5);
        var suite = ExpectationSuite.Infer("rows", data, new ExpectationInferenceOptions { NumericMargin = 0.1, RowCountTolerance = 0, MaxCategoricalCardinality = 2 }, Ct);
        suite.Expectations.Should().Contain(new ExpectColumnValuesToBeBetween("Value", -1, 11));
        suite.Expectations.Should().Contain(new ExpectTableRowCountToBeBetween(3, 3));
        suite.Expectations.Should().Contain(new ExpectColumnValuesToBeUnique("Value"));
        suite.Expectations.Should().Contain(new ExpectColumnValuesToBeUnique("Name"));
        suite.Expectations.Should().Contain(new ExpectColumnValuesToBeInSet("Flag", ["false", "true"]));
        suite.Expectations.OfType<ExpectColumnValuesToBeInSet>().Should().NotContain(e => e.Column == "Name");
        suite.Validate(data, cancellationToken: Ct).Success.Should().BeTrue();
    }

    [Fact]
    public void Inference_can_leave_out_the_row_count_for_data_of_another_size()
    {
        var reference = ExpectationTestData.Rows(0, 10, 5);
        var other = ExpectationTestData.Rows(0, 10, 5).Concat(ExpectationTestData.Rows(10, 5, 0)).ToList(); // twice the rows, each value twice

        var suite = ExpectationSuite.Infer("rows", reference, new ExpectationInferenceOptions { InferRowCount = false, InferUniqueness = false }, Ct);

        suite.Expectations.OfType<ExpectTableRowCountToBeBetween>().Should().BeEmpty();
        suite.Expectations.OfType<ExpectColumnValuesToBeUnique>().Should().BeEmpty();
        ExpectationSuite.Infer("rows", reference, cancellationToken: Ct).Validate(other, cancellationToken: Ct).Success
            .Should().BeFalse("by default the reference's row count and unique values are expected");
        suite.Validate(other, cancellationToken: Ct).Success.Should().BeTrue();
    }

    [Fact]
    public void Inference_only_expects_vector_columns_to_exist()
    {
        var rows = new[] { new WithVector { Score = 1 }, new WithVector { Score = 2 } };
        var view = new MLContext(seed: 1).Data.LoadFromEnumerable(rows);
        var suite = ExpectationSuite.Infer("v", view, cancellationToken: Ct);
        suite.Expectations.OfType<ColumnExpectation>().Where(e => e.Column == "Features").Should().Equal(new ExpectColumnToExist("Features"));
        suite.Validate(view, cancellationToken: Ct).Success.Should().BeTrue();
        ExpectationSuite.Infer("v", rows, cancellationToken: Ct).Should().Be(suite);
    }

    private static ExpectationResult Find<T>(ExpectationSuiteResult result, string column)
        where T : ColumnExpectation =>
        result.Results.Single(r => r.Expectation is T t && t.Column == column);
}
