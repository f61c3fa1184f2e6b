using Microsoft.ML.Data;

namespace Mlops.Registry.Tests;

public sealed class SignatureTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

#pragma warning disable CS0649 // assigned by ML.NET, never here
    private sealed class Everything
    {
        public float F { get; set; }

        public double D { get; set; }

        public int I { get; set; }

        public long L { get; set; }

        public uint U { get; set; }

        public bool B { get; set; }

        public string S { get; set; } = "";

        public string? MaybeS { get; set; }

        public int? MaybeI { get; set; }

        [VectorType(4)]
        public float[] Fixed { get; set; } = [];

        public float[] Variable { get; set; } = [];

        public VBuffer<float> Buffer { get; set; }

        [ColumnName("renamed")]
        public float Original { get; set; }

        [NoColumn]
        public float Ignored { get; set; }

        public float Field;
    }
#pragma warning restore CS0649

    [Fact]
    public void Columns_of_a_type_follow_ML_NET_mapping_and_nullability()
    {
        var columns = ModelSignatures.ColumnsOf(typeof(Everything));

        columns.Should().Equal(
            new SignatureColumn("F", "Single", null, true),
            new SignatureColumn("D", "Double", null, true),
            new SignatureColumn("I", "Int32", null, false),
            new SignatureColumn("L", "Int64", null, false),
            new SignatureColumn("U", "UInt32", null, false),
            new SignatureColumn("B", "Boolean", null, false),
            new SignatureColumn("S", "String", null, false),
            new SignatureColumn("MaybeS", "String", null, true),
            new SignatureColumn("MaybeI", "Int32", null, true),
            new SignatureColumn("Fixed", "Single", 4, true),
            new SignatureColumn("Variable", "Single", 0, true),
            new SignatureColumn("Buffer", "Single", 0, true),
            new SignatureColumn("renamed", "Single", null, true),
            new SignatureColumn("Field", "Single", null, true));
    }

    [Fact]
    public void The_signature_of_a_real_model_comes_from_its_input_and_output_schemas()
    {
        var signature = ModelSignatures.FromSchema(models.PenguinsTrain.Schema, models.PenguinsModel.GetOutputSchema(models.PenguinsTrain.Schema));

        signature.Inputs.Select(c => c.Name).Should().Equal("Species", "BeakLength", "BeakDepth", "FlipperLength", "BodyMass");
        signature.Inputs.Should().Contain(new SignatureColumn("BeakLength", "Single", null, true));
        signature.Outputs.Should().Contain(new SignatureColumn("PredictedSpecies", "String", null, false));
        signature.Outputs.Should().Contain(new SignatureColumn("Score", "Single", 3, true));
        signature.Outputs.Should().Contain(c => c.Name == "PredictedLabel" && c.Type == "Key");
        signature.Outputs.Should().NotContain(c => c.Name == "Species", "a column passed through unchanged is not an output");
    }

    [Fact]
    public async Task Without_types_the_stored_signature_is_the_one_the_model_carries()
    {
        await using var h = new RegistryHarness();

        await h.RegisterCarsAsync(models);

        var signature = await h.Registry.GetSignatureAsync("models:/cars/1", Ct);
        signature!.Inputs.Select(c => c.Name).Should().Equal("Horsepower", "Weight", "Cylinders", "MilesPerGallon");
        signature.Outputs.Should().Contain(new SignatureColumn("Score", "Single", null, true));
    }

    [Fact]
    public async Task A_fitting_typed_registration_stores_the_declared_signature()
    {
        await using var h = new RegistryHarness();

        var version = await h.RegisterPenguinsAsync(models, options: new RegisterVersionOptions().WithTypes<Penguin, SpeciesPrediction>());

        ModelSignature.FromJson(version.Signature!).Should().BeEquivalentTo(ModelSignatures.FromTypes<Penguin, SpeciesPrediction>());
    }

    [Fact]
    public async Task A_column_used_only_for_training_may_be_missing_from_the_input_type()
    {
        await using var h = new RegistryHarness();

        var version = await h.RegisterCarsAsync(models, options: new RegisterVersionOptions().WithTypes<CarFeatures, MpgPrediction>());

        ModelSignature.FromJson(version.Signature!).Inputs.Select(c => c.Name).Should().Equal("Horsepower", "Weight", "Cylinders");
    }

    [Fact]
    public async Task A_missing_input_column_names_the_column_and_registers_nothing()
    {
        await using var h = new RegistryHarness();

        var act = () => h.RegisterCarsAsync(models, options: new RegisterVersionOptions().WithTypes<CarWithoutWeight, MpgPrediction>());

        var error = (await act.Should().ThrowAsync<MlopsSchemaMismatchException>()).Which;
        error.Column.Should().Be("Weight");
        error.Problem.Should().Contain("CarWithoutWeight");
        await AssertNothingRegisteredAsync(h);
    }

    [Fact]
    public async Task A_wrong_input_type_names_the_column_and_registers_nothing()
    {
        await using var h = new RegistryHarness();

        var act = () => h.RegisterCarsAsync(models, options: new RegisterVersionOptions().WithTypes<CarWithTextHorsepower, MpgPrediction>());

        var error = (await act.Should().ThrowAsync<MlopsSchemaMismatchException>()).Which;
        error.Column.Should().Be("Horsepower");
        error.Problem.Should().Contain("Single").And.Contain("String");
        await AssertNothingRegisteredAsync(h);
    }

    [Fact]
    public async Task A_wrong_input_vector_size_names_the_column_and_registers_nothing()
    {
        await using var h = new RegistryHarness();

        var act = () => h.Registry.RegisterVersionFromStreamAsync("vector", new MemoryStream(models.CarVectorZip), "mlnet",
            new RegisterVersionOptions().WithTypes<FourFeatures, MpgPrediction>(), Ct);

        var error = (await act.Should().ThrowAsync<MlopsSchemaMismatchException>()).Which;
        error.Column.Should().Be("Features");
        error.Problem.Should().Contain("vector of 3").And.Contain("vector of 4");
        await AssertNothingRegisteredAsync(h);
    }

    [Fact]
    public async Task The_right_input_vector_size_fits()
    {
        await using var h = new RegistryHarness();

        var version = await h.Registry.RegisterVersionFromStreamAsync("vector", new MemoryStream(models.CarVectorZip), "mlnet",
            new RegisterVersionOptions().WithTypes<CarVector, MpgPrediction>(), Ct);

        ModelSignature.FromJson(version.Signature!).Inputs.Should().Contain(new SignatureColumn("Features", "Single", 3, true));
    }

    [Fact]
    public async Task An_output_the_model_does_not_produce_names_the_column_and_registers_nothing()
    {
        await using var h = new RegistryHarness();

        var act = () => h.RegisterPenguinsAsync(models, options: new RegisterVersionOptions().WithTypes<Penguin, WithProbability>());

        (await act.Should().ThrowAsync<MlopsSchemaMismatchException>()).Which.Column.Should().Be("Probability");
        await AssertNothingRegisteredAsync(h);
    }

    [Fact]
    public async Task An_output_of_the_wrong_type_or_size_names_the_column()
    {
        await using var h = new RegistryHarness();

        var wrongSize = () => h.RegisterPenguinsAsync(models, options: new RegisterVersionOptions().WithTypes<Penguin, TwoScores>());
        var wrongType = () => h.RegisterCarsAsync(models, options: new RegisterVersionOptions().WithTypes<Car, TextScore>());

        (await wrongSize.Should().ThrowAsync<MlopsSchemaMismatchException>()).Which.Column.Should().Be("Score");
        (await wrongType.Should().ThrowAsync<MlopsSchemaMismatchException>()).Which.Column.Should().Be("Score");
        await AssertNothingRegisteredAsync(h);
    }

    [Fact]
    public async Task Signatures_of_real_versions_compare_as_compatible_widened_or_breaking()
    {
        await using var h = new RegistryHarness();
        await h.RegisterPenguinsAsync(models, options: new RegisterVersionOptions().WithTypes<Penguin, SpeciesOnly>());
        await h.RegisterPenguinsAsync(models, options: new RegisterVersionOptions().WithTypes<Penguin, SpeciesOnly>());
        await h.RegisterPenguinsAsync(models, options: new RegisterVersionOptions().WithTypes<Penguin, SpeciesPrediction>());
        await h.RegisterCarsAsync(models, options: new RegisterVersionOptions().WithTypes<Car, MpgPrediction>());

        (await h.Registry.CompareSignaturesAsync("models:/penguins/1", "models:/penguins/2", Ct)).Compatibility.Should().Be(SignatureCompatibility.Compatible);
        (await h.Registry.CompareSignaturesAsync("models:/penguins/2", "models:/penguins/3", Ct)).Compatibility.Should().Be(SignatureCompatibility.Widened);
        var breaking = await h.Registry.CompareSignaturesAsync("models:/penguins/3", "models:/cars/latest", Ct);
        breaking.Compatibility.Should().Be(SignatureCompatibility.Breaking);
        breaking.Reasons.Should().Contain(r => r.Contains("PredictedSpecies"));
    }

    private static async Task AssertNothingRegisteredAsync(RegistryHarness h)
    {
        (await h.Registry.ListModelsAsync(Ct)).Should().BeEmpty();
        (await h.JournalAsync()).Should().BeEmpty();
        h.StoredArtifactCount().Should().Be(0, "bytes are stored only once the schema fits");
    }

    public sealed class CarFeatures
    {
        public float Horsepower { get; set; }

        public float Weight { get; set; }

        public float Cylinders { get; set; }
    }

    public sealed class CarWithoutWeight
    {
        public float Horsepower { get; set; }

        public float Cylinders { get; set; }
    }

    public sealed class CarWithTextHorsepower
    {
        public string Horsepower { get; set; } = "";

        public float Weight { get; set; }

        public float Cylinders { get; set; }
    }

    public sealed class FourFeatures
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    public sealed class WithProbability
    {
        public string PredictedSpecies { get; set; } = "";

        public float Probability { get; set; }
    }

    public sealed class TwoScores
    {
        [VectorType(2)]
        public float[] Score { get; set; } = [];
    }

    public sealed class TextScore
    {
        public string Score { get; set; } = "";
    }
}
