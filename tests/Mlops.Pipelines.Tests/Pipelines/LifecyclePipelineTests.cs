using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Mlops.Governance;
using Mlops.Registry;
using Mlops.Tracking;
using Mlops.Validation;
using Mlops.Validation.Evaluation;
using Mlops.Validation.Expectations;

namespace Mlops.Pipelines.Tests.Pipelines;

/// <summary>The standard lifecycle on the real penguins: the team's four steps, the template's three.</summary>
public sealed class LifecyclePipelineTests : IAsyncLifetime
{
    private const string ModelName = "penguin-species";
    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly PipelineHarness _harness = new();

    private static CancellationToken Ct => PipelineHarness.Ct;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    private ServiceProvider Provider(string actor = "trainer") => _harness.Create(actor: actor, mlops: m => m
        .AddRegistry(o => o.TempDirectory = Path.Combine(_harness.Root, "tmp"))
        .AddValidation()
        .AddGovernance(g => g.AddPromotionPolicy("production", p =>
        {
            p.Models.Add(ModelName);
            p.RequirePassingValidation = true;
            p.RequiredApprovals = 1;
        })));

    /// <summary>The team's steps: JSON rows of penguins, expectations, an SDCA pipeline, macro-accuracy on a test split.</summary>
    private static LifecycleSteps<string, List<Penguin>> Steps(string alias, bool moveAlias, int[] trainCalls)
    {
        var ml = new MLContext(seed: 11);
        IDataView View(List<Penguin> rows) => ml.Data.LoadFromEnumerable(rows);
        (IDataView Train, IDataView Test) Split(List<Penguin> rows)
        {
            var split = ml.Data.TrainTestSplit(View(rows), testFraction: 0.3, seed: 11);
            return (split.TrainSet, split.TestSet);
        }

        var suite = ExpectationSuite.CreateBuilder("penguins")
            .ExpectTableRowCountToBeBetween(20, 10_000)
            .ExpectColumnValuesToBeInSet(nameof(Penguin.Species), ["Adelie", "Chinstrap", "Gentoo"])
            .ExpectColumnValuesToBeBetween(nameof(Penguin.FlipperLength), 150, 250)
            .Build();
        return new LifecycleSteps<string, List<Penguin>>
        {
            LoadData = Step.Create<string, List<Penguin>>(LifecyclePipeline.StepNames.LoadData, (path, _) => Task.FromResult(
                System.Text.Json.JsonSerializer.Deserialize<List<Penguin>>(File.ReadAllText(path), JsonOptions)!)),
            ValidateData = Step.Create<List<Penguin>, DataCheck>(LifecyclePipeline.StepNames.ValidateData, (rows, _) =>
            {
                return Task.FromResult(DataCheck.FromExpectations(suite.Validate(View(rows))).EnsurePassed());
            }),
            Train = Step.Create<List<Penguin>, TrainedModel>(LifecyclePipeline.StepNames.Train, async (rows, context) =>
            {
                Interlocked.Increment(ref trainCalls[0]);
                var model = TrainedModels.Pipeline(ml, TrainedModels.Features).Fit(Split(rows).Train);
                await context.Run.LogModelAsync(ml, model, Split(rows).Train.Schema, cancellationToken: context.CancellationToken);
                return new TrainedModel(context.Run.RunId, $"runs:/{context.Run.RunId}/model", "sdca on four measurements");
            }),
            Evaluate = Step.Create<(List<Penguin>, TrainedModel), ModelEvaluation>(LifecyclePipeline.StepNames.Evaluate, async (input, context) =>
            {
                var tracker = context.Services.GetRequiredService<IExperimentTracker>();
                await using var zip = await tracker.OpenArtifactAsync(input.Item2.RunId, "model/model.zip", context.CancellationToken);
                var model = ml.Model.Load(zip, out _);
                var metrics = ml.MulticlassClassification.Evaluate(model.Transform(Split(input.Item1).Test));
                context.Run.LogMetric("macro_accuracy", metrics.MacroAccuracy);
                return new ModelEvaluation(new Dictionary<string, double> { ["macro_accuracy"] = metrics.MacroAccuracy });
            }),
            Register = new RegisterModelStep(ModelName, o => o.WithTypes<Penguin, SpeciesPrediction>()),
            ValidateModel = new ValidateModelStep<List<Penguin>>((rows, version) => new ValidationRequest(version.Uri, Split(rows).Test, new ModelEvaluationOptions(EvaluationTask.MulticlassClassification))
            {
                ChampionUri = $"models:/{ModelName}@champion",
                Thresholds = new Dictionary<string, MetricThreshold> { ["macro_accuracy"] = new(Threshold: 0.9) },
            }),
            RequestPromotion = new RequestPromotionStep(alias, moveAlias),
        };
    }

    private string WriteData(IEnumerable<Penguin> rows)
    {
        var path = Path.Combine(_harness.Root, $"penguins-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(rows, JsonOptions));
        return path;
    }

    [Fact]
    public async Task The_lifecycle_trains_registers_validates_and_moves_champion_and_a_second_execution_takes_the_training_from_the_cache()
    {
        var trainCalls = new int[1];
        var provider = Provider();
        var runner = provider.GetRequiredService<IPipelineRunner>();
        var pipeline = LifecyclePipeline.Create("penguins-lifecycle", Steps("champion", moveAlias: true, trainCalls));
        var data = WriteData(SampleData.Penguins());

        var first = await runner.RunAsync(pipeline, data, cancellationToken: Ct);
        var second = await runner.RunAsync(pipeline, data, cancellationToken: Ct);

        first.EnsureSucceeded();
        first.Steps.Select(s => s.Name).Should().Equal("load-data", "validate-data", "train", "evaluate", "register", "validate-model", "request-promotion");
        first.Steps.Should().OnlyContain(s => s.Outcome == StepOutcome.Executed);
        var registered = first.GetOutput<RegisteredVersion>(LifecyclePipeline.StepNames.Register);
        registered.AlreadyRegistered.Should().BeFalse();
        var registry = provider.GetRequiredService<IModelRegistry>();
        (await registry.GetModelAsync(ModelName, Ct)).Aliases["champion"].Should().Be(registered.Version);
        (await registry.GetVersionAsync(ModelName, registered.Version, Ct)).RunId.Should().Be(first["train"].RunId);
        (await provider.GetRequiredService<IModelValidator>().GetReportAsync(registered.Uri, Ct))!.Verdict.Should().Be(ValidationVerdict.Passed);

        second.EnsureSucceeded();
        second.Steps.Take(4).Should().OnlyContain(s => s.Outcome == StepOutcome.Cached);
        second.Steps.Skip(4).Should().OnlyContain(s => s.Outcome == StepOutcome.Executed);
        trainCalls[0].Should().Be(1);
        var again = second.GetOutput<RegisteredVersion>(LifecyclePipeline.StepNames.Register);
        again.Should().Be(registered with { AlreadyRegistered = true });
        var promotion = second.GetOutput<PromotionOutcome>(LifecyclePipeline.StepNames.RequestPromotion);
        promotion.Action.Should().Be(PromotionAction.AlreadyPromoted);
        (await registry.ListVersionsAsync(ModelName, Ct)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_guarded_alias_gets_a_promotion_request_pending_approval()
    {
        var provider = Provider();
        var pipeline = LifecyclePipeline.Create("penguins-lifecycle", Steps("production", moveAlias: false, new int[1]));

        var execution = await provider.GetRequiredService<IPipelineRunner>().RunAsync(pipeline, WriteData(SampleData.Penguins()), cancellationToken: Ct);

        execution.EnsureSucceeded();
        var outcome = execution.GetOutput<PromotionOutcome>(LifecyclePipeline.StepNames.RequestPromotion);
        outcome.Action.Should().Be(PromotionAction.Requested);
        var request = await provider.GetRequiredService<IPromotionWorkflow>().GetAsync(outcome.RequestId!, Ct);
        request.Status.Should().Be(PromotionRequestStatus.Pending);
        request.Alias.Should().Be("production");
        request.Comment.Should().Contain(execution.RunId);
        (await provider.GetRequiredService<IModelRegistry>().GetModelAsync(ModelName, Ct)).Aliases.Should().NotContainKey("production");
    }

    [Fact]
    public async Task Data_that_fails_its_checks_stops_the_execution_before_training()
    {
        var trainCalls = new int[1];
        var provider = Provider();
        var pipeline = LifecyclePipeline.Create("penguins-lifecycle", Steps("champion", moveAlias: true, trainCalls));
        var bad = SampleData.Penguins().Select(p => new Penguin { Species = "Emperor", BeakLength = p.BeakLength, BeakDepth = p.BeakDepth, FlipperLength = p.FlipperLength, BodyMass = p.BodyMass });

        var execution = await provider.GetRequiredService<IPipelineRunner>().RunAsync(pipeline, WriteData(bad), cancellationToken: Ct);

        execution.Status.Should().Be(PipelineExecutionStatus.Failed);
        execution["validate-data"].Outcome.Should().Be(StepOutcome.Failed);
        execution["validate-data"].Error.Should().Contain("must pass its checks before training");
        execution.Steps.Skip(2).Should().OnlyContain(s => s.Outcome == StepOutcome.NotRun);
        trainCalls[0].Should().Be(0);
    }
}
