using System.Globalization;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Mlops.Registry;
using Mlops.Serving.Routing;
using Mlops.Validation.Profiles;

namespace Mlops.Serving.Tests.InputChecks;

public sealed class InputCheckTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_out_of_range_value_in_flag_mode_is_served_and_reported_with_field_kind_value_and_rule()
    {
        await using var harness = new ServingHarness(models);
        var version = await RegisterWithReferenceAsync(harness);
        var predictor = await ServeAsync(harness, InputCheckMode.Flag);
        var bodyMass = (await harness.Validator.GetReferenceProfileAsync(version.Uri, Ct))!.Column(nameof(Penguin.BodyMass))!;
        var margin = (bodyMass.Max!.Value - bodyMass.Min!.Value) * 0.1;
        var row = Copy(models.CompletePenguins[0], p => p.BodyMass = 20_000);

        var prediction = predictor.PredictWithDetails(row);

        prediction.Version.Should().Be(1);
        prediction.Output.PredictedSpecies.Should().NotBeNullOrEmpty("a flagged row is still served");
        var issue = prediction.Issues.Should().ContainSingle().Subject;
        issue.Field.Should().Be(nameof(Penguin.BodyMass));
        issue.Kind.Should().Be(InputIssueKind.OutOfRange);
        issue.Value.Should().Be("20000");
        issue.Rule.Should().Be(string.Create(CultureInfo.InvariantCulture,
            $"must be within [{bodyMass.Min.Value - margin:G6}, {bodyMass.Max.Value + margin:G6}] (the reference range widened by the margin)"));
        predictor.Predict(row).PredictedSpecies.Should().Be(prediction.Output.PredictedSpecies);
    }

    [Fact]
    public async Task Every_field_out_of_range_is_reported_in_column_order()
    {
        await using var harness = new ServingHarness(models);
        await RegisterWithReferenceAsync(harness);
        var predictor = await ServeAsync(harness, InputCheckMode.Flag);
        var row = new Penguin { Species = "Adelie", BeakLength = -5, BeakDepth = 1000, FlipperLength = float.PositiveInfinity, BodyMass = 20_000 };

        var issues = predictor.PredictWithDetails(row).Issues;

        issues.Select(i => i.Field).Should().Equal(TrainedModels.Features);
        issues.Should().OnlyContain(i => i.Kind == InputIssueKind.OutOfRange);
        issues[2].Value.Should().Be("Infinity");
    }

    [Fact]
    public async Task Reject_mode_throws_naming_the_field_and_leaves_the_store_untouched()
    {
        await using var harness = new ServingHarness(models);
        await RegisterWithReferenceAsync(harness);
        var predictor = await ServeAsync(harness, InputCheckMode.Reject);
        var clean = models.CompletePenguins[0];
        var row = Copy(clean, p => p.BodyMass = 20_000);
        var journalBefore = await harness.JournalAsync();
        var versionsBefore = await harness.Registry.ListVersionsAsync("penguins", Ct);

        var thrown = predictor.Invoking(p => p.Predict(row)).Should().Throw<MlopsValidationException>().Which;
        thrown.Field.Should().Be(nameof(Penguin.BodyMass));
        thrown.Value.Should().Be("20000");
        thrown.Rule.Should().StartWith("must be within [");
        thrown.Message.Should().Contain("BodyMass").And.Contain("20000");

        predictor.Invoking(p => p.PredictWithDetails(row, "user-1")).Should().Throw<MlopsValidationException>().Which.Field.Should().Be("BodyMass");
        predictor.Invoking(p => p.PredictBatch([clean, row, clean])).Should().Throw<MlopsValidationException>().Which.Field.Should().Be("BodyMass");
        await predictor.Awaiting(p => p.PredictAsync(row, cancellationToken: Ct).AsTask()).Should().ThrowAsync<MlopsValidationException>();

        (await harness.JournalAsync()).Should().HaveCount(journalBefore.Count, "a rejected row writes nothing");
        (await harness.Registry.ListVersionsAsync("penguins", Ct)).Should().BeEquivalentTo(versionsBefore);
        predictor.PredictWithDetails(clean).Issues.Should().BeEmpty("clean rows are still served after a rejection");
        predictor.Status.Health.Should().Be(ServingHealth.Healthy);
    }

    [Fact]
    public async Task Reject_mode_reports_the_first_failing_field_in_column_order()
    {
        await using var harness = new ServingHarness(models);
        await RegisterWithReferenceAsync(harness);
        var predictor = await ServeAsync(harness, InputCheckMode.Reject);
        var row = Copy(models.CompletePenguins[0], p =>
        {
            p.FlipperLength = 5_000;
            p.BodyMass = 20_000;
        });

        predictor.Invoking(p => p.Predict(row)).Should().Throw<MlopsValidationException>().Which.Field.Should().Be(nameof(Penguin.FlipperLength));
    }

    [Fact]
    public async Task NaN_is_accepted_where_the_reference_had_missing_values_and_flagged_where_it_had_none()
    {
        await using var harness = new ServingHarness(models);

        // Version 1: the training split's profile. Version 2: a profile of complete rows only (no nulls at all).
        var withNulls = await RegisterWithReferenceAsync(harness);
        var complete = await harness.RegisterAsync(models.PenguinsZip);
        var completeRows = models.Ml.Data.LoadFromEnumerable(models.CompletePenguins);
        var completeFeatures = models.Ml.Transforms.SelectColumns(TrainedModels.Features).Fit(completeRows).Transform(completeRows);
        await harness.Validator.StoreReferenceProfileAsync(complete.Uri, Profiler.FromDataView(completeFeatures, cancellationToken: Ct), Ct);

        // The seeded 70 % training split holds one of the two penguins without measurements: every column counted one null.
        var trainProfile = (await harness.Validator.GetReferenceProfileAsync(withNulls.Uri, Ct))!;
        models.Penguins.Count(p => float.IsNaN(p.BeakLength)).Should().Be(2, "the penguins data has two rows without measurements");
        trainProfile.Columns.Select(c => (c.Name, c.NullCount)).Should().Equal(TrainedModels.Features.Select(f => (f, 1L)));
        (await harness.Validator.GetReferenceProfileAsync(complete.Uri, Ct))!.Columns.Should().OnlyContain(c => c.NullCount == 0);

        var app = harness.Open(s => s
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "train"; o.Version = 1; o.InputChecks.Mode = InputCheckMode.Reject; })
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "complete"; o.Version = 2; })
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "complete-reject"; o.Version = 2; o.InputChecks.Mode = InputCheckMode.Reject; }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var train = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("train");
        var strict = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("complete");
        var row = Copy(models.CompletePenguins[0], p => p.BeakLength = float.NaN);

        // The training reference had missing values in every column: NaN passes, even in reject mode.
        train.PredictWithDetails(row).Issues.Should().BeEmpty();
        train.PredictWithDetails(models.Penguins.First(p => float.IsNaN(p.BeakLength))).Issues.Should().BeEmpty();

        var strictIssue = strict.PredictWithDetails(row).Issues.Should().ContainSingle().Subject;
        strictIssue.Should().Be(new InputIssue(nameof(Penguin.BeakLength), InputIssueKind.NaN, "NaN", "the reference data has no missing values in this column"));
        var rejected = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("complete-reject")
            .Invoking(p => p.Predict(row)).Should().Throw<MlopsValidationException>().Which;
        (rejected.Field, rejected.Value).Should().Be((nameof(Penguin.BeakLength), "NaN"));

        // A real row with every measurement missing: one NaN issue per column against the complete-rows reference.
        var empty = models.Penguins.First(p => float.IsNaN(p.BeakLength));
        strict.PredictWithDetails(empty).Issues.Select(i => (i.Field, i.Kind))
            .Should().Equal(TrainedModels.Features.Select(f => (f, InputIssueKind.NaN)));
    }

    [Fact]
    public async Task The_training_profile_of_the_penguins_split_has_the_missing_rows_it_was_given()
    {
        await using var harness = new ServingHarness(models);
        var version = await RegisterWithReferenceAsync(harness);
        var profile = (await harness.Validator.GetReferenceProfileAsync(version.Uri, Ct))!;
        var trainRows = models.Ml.Data.CreateEnumerable<Penguin>(models.PenguinsTrain, reuseRowObject: false).ToList();
        var missingInTrain = trainRows.Count(p => float.IsNaN(p.BodyMass));

        profile.RowCount.Should().Be(trainRows.Count);
        foreach (var feature in TrainedModels.Features)
        {
            profile.Column(feature)!.NullCount.Should().Be(missingInTrain, "NaN counts as null in the profile of {0}", feature);
        }

        missingInTrain.Should().Be(1);
        var predictor = await ServeAsync(harness, InputCheckMode.Reject);
        var row = Copy(models.CompletePenguins[0], p => p.BodyMass = float.NaN);
        predictor.PredictWithDetails(row).Issues.Should().BeEmpty("the reference counted a missing body mass");
    }

    [Fact]
    public async Task A_text_column_in_the_reference_is_checked_for_unknown_and_missing_categories()
    {
        await using var harness = new ServingHarness(models);
        var version = await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", version.Version, cancellationToken: Ct);

        // The whole training split, Species included: a complete category list (three species, no empty value).
        await harness.Validator.StoreReferenceProfileAsync(version.Uri, Profiler.FromDataView(models.PenguinsTrain, cancellationToken: Ct), Ct);
        var species = (await harness.Validator.GetReferenceProfileAsync(version.Uri, Ct))!.Column(nameof(Penguin.Species))!;
        species.Kind.Should().Be(ProfileColumnKind.Categorical);
        species.Categories!.Keys.Should().BeEquivalentTo("Adelie", "Chinstrap", "Gentoo");
        species.OtherCount.Should().Be(0);
        var predictor = await ServeAsync(harness, InputCheckMode.Flag);
        var clean = models.CompletePenguins[0];

        predictor.PredictWithDetails(clean).Issues.Should().BeEmpty();
        predictor.PredictWithDetails(Copy(clean, p => p.Species = "Emperor")).Issues.Should().ContainSingle().Which.Should().Be(new InputIssue(
            nameof(Penguin.Species), InputIssueKind.UnknownCategory, "Emperor", "must be one of the reference categories (Adelie, Chinstrap, Gentoo)"));
        predictor.PredictWithDetails(Copy(clean, p => p.Species = "")).Issues.Should().ContainSingle().Which.Should().Be(new InputIssue(
            nameof(Penguin.Species), InputIssueKind.Missing, "\"\"", "the reference data has no missing values in this column"));
    }

    [Fact]
    public async Task Off_mode_checks_nothing()
    {
        await using var harness = new ServingHarness(models);
        await RegisterWithReferenceAsync(harness);
        var predictor = await ServeAsync(harness, InputCheckMode.Off);
        var row = new Penguin { BeakLength = -5, BeakDepth = 1000, FlipperLength = float.NaN, BodyMass = 20_000 };

        predictor.PredictWithDetails(row).Issues.Should().BeEmpty();
        predictor.Invoking(p => p.PredictBatch([row, row])).Should().NotThrow();
    }

    [Fact]
    public async Task A_version_without_a_reference_profile_is_not_checked_even_in_reject_mode()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        var predictor = await ServeAsync(harness, InputCheckMode.Reject);
        var row = new Penguin { BeakLength = -5, BeakDepth = 1000, FlipperLength = float.NaN, BodyMass = 20_000 };

        predictor.PredictWithDetails(row).Issues.Should().BeEmpty();
    }

    [Fact]
    public async Task The_reference_follows_the_live_version_across_a_swap()
    {
        await using var harness = new ServingHarness(models);
        await RegisterWithReferenceAsync(harness);
        await harness.RegisterAsync(models.PenguinsZip);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"));
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var row = Copy(models.CompletePenguins[0], p => p.BodyMass = 20_000);
        predictor.PredictWithDetails(row).Issues.Should().ContainSingle();

        await harness.Registry.SetAliasAsync("penguins", "champion", 2, cancellationToken: Ct);
        await server.SyncAsync(Ct);

        var prediction = predictor.PredictWithDetails(row);
        prediction.Version.Should().Be(2);
        prediction.Issues.Should().BeEmpty("version 2 has no reference profile");
    }

    [Fact]
    public async Task The_range_margin_widens_the_reference_range()
    {
        await using var harness = new ServingHarness(models);
        var version = await RegisterWithReferenceAsync(harness);
        var bodyMass = (await harness.Validator.GetReferenceProfileAsync(version.Uri, Ct))!.Column(nameof(Penguin.BodyMass))!;
        var (min, max) = (bodyMass.Min!.Value, bodyMass.Max!.Value);
        var range = max - min;
        var app = harness.Open(s => s
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "exact"; o.Alias = "champion"; o.InputChecks.RangeMargin = 0; })
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "default"; o.Alias = "champion"; })
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "wide"; o.Alias = "champion"; o.InputChecks.RangeMargin = 0.5; }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var exact = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("exact");
        var standard = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("default");
        var wide = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("wide");
        IReadOnlyList<InputIssue> Issues(IPredictor<Penguin, SpeciesPrediction> predictor, double mass) =>
            predictor.PredictWithDetails(Copy(models.CompletePenguins[0], p => p.BodyMass = (float)mass)).Issues;

        Issues(exact, max).Should().BeEmpty("the bounds themselves are inside");
        Issues(exact, min).Should().BeEmpty();
        Issues(exact, max + (0.05 * range)).Should().ContainSingle().Which.Kind.Should().Be(InputIssueKind.OutOfRange);
        Issues(exact, min - (0.05 * range)).Should().ContainSingle();
        Issues(standard, max + (0.05 * range)).Should().BeEmpty("the default margin is 10 % of the range");
        Issues(standard, min - (0.05 * range)).Should().BeEmpty();
        Issues(standard, max + (0.2 * range)).Should().ContainSingle();
        Issues(wide, max + (0.2 * range)).Should().BeEmpty();
        Issues(wide, min - (0.45 * range)).Should().BeEmpty();
        Issues(wide, max + (0.6 * range)).Should().ContainSingle().Which.Rule.Should().Contain(
            (max + (0.5 * range)).ToString("G6", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Every_complete_real_penguin_passes_the_checks()
    {
        await using var harness = new ServingHarness(models);
        await RegisterWithReferenceAsync(harness);
        var predictor = await ServeAsync(harness, InputCheckMode.Reject);
        var rows = models.CompletePenguins;

        rows.Should().HaveCountGreaterThan(300);
        foreach (var row in rows)
        {
            predictor.PredictWithDetails(row).Issues.Should().BeEmpty();
        }

        predictor.PredictBatch(rows).Should().HaveCount(rows.Count);
    }

    [Fact]
    public async Task A_member_renamed_with_ColumnName_is_checked_under_its_column_name()
    {
        await using var harness = new ServingHarness(models);
        await RegisterWithReferenceAsync(harness);
        var app = harness.Open(s => s.AddModel<RenamedPenguin, SpeciesPrediction>("penguins", "champion"));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<RenamedPenguin, SpeciesPrediction>>();
        var source = models.CompletePenguins[0];
        var row = new RenamedPenguin { Species = source.Species, Beak = source.BeakLength, BeakDepth = source.BeakDepth, FlipperLength = source.FlipperLength, Mass = 20_000 };

        var issue = predictor.PredictWithDetails(row).Issues.Should().ContainSingle().Subject;
        issue.Field.Should().Be(nameof(Penguin.BodyMass));
        row.Mass = source.BodyMass;
        row.Beak = 1_000;
        predictor.PredictWithDetails(row).Issues.Should().ContainSingle().Which.Field.Should().Be(nameof(Penguin.BeakLength));
        row.Beak = source.BeakLength;
        predictor.PredictWithDetails(row).Issues.Should().BeEmpty("the note is not a column");
    }

    [Fact]
    public async Task A_canary_is_checked_against_its_own_reference_profile()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        var canary = await harness.RegisterAsync(models.PenguinsZip);
        await harness.StoreReferenceAsync(canary);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "to-canary"; o.Alias = "champion"; o.Canary = new CanaryRoute { Version = 2, Percentage = 100 }; })
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "to-primary"; o.Alias = "champion"; o.Canary = new CanaryRoute { Version = 2, Percentage = 0 }; }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var row = Copy(models.CompletePenguins[0], p => p.BodyMass = 20_000);

        var onCanary = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("to-canary").PredictWithDetails(row);
        onCanary.Variant.Should().Be(ServingVariants.Canary);
        onCanary.Issues.Should().ContainSingle().Which.Field.Should().Be("BodyMass");
        var onPrimary = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("to-primary").PredictWithDetails(row);
        onPrimary.Variant.Should().Be(ServingVariants.Primary);
        onPrimary.Issues.Should().BeEmpty("version 1 has no reference profile");
    }

    /// <summary>Registers the champion as version 1 with the training split's profile as its reference; 'champion' names it.</summary>
    private async Task<ModelVersion> RegisterWithReferenceAsync(ServingHarness harness)
    {
        var version = await harness.RegisterAsync(models.PenguinsZip);
        await harness.StoreReferenceAsync(version);
        await harness.Registry.SetAliasAsync("penguins", "champion", version.Version, cancellationToken: Ct);
        return version;
    }

    private static async Task<IPredictor<Penguin, SpeciesPrediction>> ServeAsync(ServingHarness harness, InputCheckMode mode)
    {
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.InputChecks.Mode = mode;
        }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        return app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
    }

    private static Penguin Copy(Penguin source, Action<Penguin> change)
    {
        var copy = new Penguin
        {
            Species = source.Species,
            BeakLength = source.BeakLength,
            BeakDepth = source.BeakDepth,
            FlipperLength = source.FlipperLength,
            BodyMass = source.BodyMass,
        };
        change(copy);
        return copy;
    }
}

/// <summary>The penguin row with members renamed: <c>[ColumnName]</c> maps them to the model's (and the profile's) columns.</summary>
public sealed class RenamedPenguin
{
    public string Species { get; set; } = "";

    [ColumnName("BeakLength")]
    public float Beak { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    [ColumnName("BodyMass")]
    public float Mass { get; set; }

    [NoColumn]
    public float Note { get; set; } = 1e9f;
}
