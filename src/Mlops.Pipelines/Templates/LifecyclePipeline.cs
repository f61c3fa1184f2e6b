using Mlops.Registry;
using Mlops.Validation;

namespace Mlops.Pipelines;

/// <summary>
/// The standard lifecycle as a pipeline: load data → validate data → train → evaluate → register → validate model vs
/// champion → request promotion. The first four are the team's (they know their data and their trainer); the last three
/// come ready-made over the registry, validation and governance, and each can be swapped for a step of the team's own.
/// </summary>
public static class LifecyclePipeline
{
    /// <summary>The names of the template's steps.</summary>
    public static class StepNames
    {
        /// <summary>Reads the data.</summary>
        public const string LoadData = "load-data";

        /// <summary>Checks the data (a failed check fails the execution before training).</summary>
        public const string ValidateData = "validate-data";

        /// <summary>Trains the model and logs it to its step run.</summary>
        public const string Train = "train";

        /// <summary>Scores the model.</summary>
        public const string Evaluate = "evaluate";

        /// <summary>Registers the trained model as a version (once per training run).</summary>
        public const string Register = "register";

        /// <summary>Validates the version against the champion and attaches the report.</summary>
        public const string ValidateModel = "validate-model";

        /// <summary>Asks for the alias to move (or moves it) when the validation passed.</summary>
        public const string RequestPromotion = "request-promotion";
    }

    /// <summary>Builds the lifecycle pipeline named <paramref name="name"/> from <paramref name="steps"/>.</summary>
    public static Pipeline<TIn> Create<TIn, TData>(string name, LifecycleSteps<TIn, TData> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var builder = Pipeline.Create<TIn>(name);
        var data = builder.Add(steps.LoadData ?? throw Missing(nameof(steps.LoadData)), builder.Input);
        var checkedData = builder.Add(steps.ValidateData ?? throw Missing(nameof(steps.ValidateData)), data);
        var trained = builder.Add(new AfterGate<TData, DataCheck, TrainedModel>(steps.Train ?? throw Missing(nameof(steps.Train))), data, checkedData);
        var evaluation = builder.Add(steps.Evaluate ?? throw Missing(nameof(steps.Evaluate)), data, trained);
        var version = builder.Add(steps.Register ?? throw Missing(nameof(steps.Register)), trained, evaluation);
        var check = builder.Add(steps.ValidateModel ?? throw Missing(nameof(steps.ValidateModel)), data, version);
        builder.Add(steps.RequestPromotion ?? throw Missing(nameof(steps.RequestPromotion)), version, check);
        return builder.Build();
    }

    private static MlopsValidationException Missing(string step) =>
        new(step, "null", $"the lifecycle pipeline needs a '{step}' step.");

    /// <summary>Runs a step on the data only once a gate (the data check) has passed; the gate's digest joins the cache key.</summary>
    private sealed class AfterGate<TData, TGate, TOut>(Step<TData, TOut> inner) : Step<(TData, TGate), TOut>(inner.Name, inner.Version)
    {
        public override StepCodec<TOut> OutputCodec => inner.OutputCodec;

        public override Task<TOut> ExecuteAsync((TData, TGate) input, StepContext context) => inner.ExecuteAsync(input.Item1, context);
    }
}

/// <summary>The steps of a <see cref="LifecyclePipeline"/>. Set the team's four; keep or replace the ready-made three.</summary>
/// <typeparam name="TIn">What an execution starts from (a path, a query, a date range).</typeparam>
/// <typeparam name="TData">The loaded data, stored as the load step's output (it must round-trip through its codec).</typeparam>
public sealed class LifecycleSteps<TIn, TData>
{
    /// <summary>Reads the data (name it <see cref="LifecyclePipeline.StepNames.LoadData"/>).</summary>
    public Step<TIn, TData>? LoadData { get; set; }

    /// <summary>Checks the data; a failed check should throw so training does not start (see <see cref="DataCheck.EnsurePassed"/>).</summary>
    public Step<TData, DataCheck>? ValidateData { get; set; }

    /// <summary>Trains on the data and logs the model to its step run (<c>context.Run.LogModelAsync(...)</c>).</summary>
    public Step<TData, TrainedModel>? Train { get; set; }

    /// <summary>Scores the trained model.</summary>
    public Step<(TData, TrainedModel), ModelEvaluation>? Evaluate { get; set; }

    /// <summary>Registers the model; <see cref="RegisterModelStep"/> unless replaced.</summary>
    public Step<(TrainedModel, ModelEvaluation), RegisteredVersion>? Register { get; set; }

    /// <summary>Validates the version; <see cref="ValidateModelStep{TData}"/> unless replaced.</summary>
    public Step<(TData, RegisteredVersion), ModelCheck>? ValidateModel { get; set; }

    /// <summary>Requests the promotion; <see cref="RequestPromotionStep"/> unless replaced.</summary>
    public Step<(RegisteredVersion, ModelCheck), PromotionOutcome>? RequestPromotion { get; set; }
}

/// <summary>The outcome of a data check.</summary>
/// <param name="Passed">Whether every check passed.</param>
/// <param name="RowCount">Rows checked.</param>
/// <param name="Evaluated">Checks evaluated.</param>
/// <param name="Successful">Checks that passed.</param>
/// <param name="Failures">One line per failed check.</param>
public sealed record DataCheck(bool Passed, long RowCount, int Evaluated, int Successful, IReadOnlyList<string> Failures)
{
    /// <summary>The outcome of an expectation suite run on the data.</summary>
    public static DataCheck FromExpectations(Validation.Expectations.ExpectationSuiteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new DataCheck(result.Success, result.RowCount, result.Statistics.EvaluatedExpectations, result.Statistics.SuccessfulExpectations,
            [.. result.Results.Where(r => !r.Success).Select(r => r.Error ?? $"{r.Expectation.ExpectationType}: {r.UnexpectedCount ?? 0} unexpected of {r.ElementCount}")]);
    }

    /// <summary>Throws <see cref="MlopsValidationException"/> naming the failed checks unless the check passed.</summary>
    public DataCheck EnsurePassed() => Passed
        ? this
        : throw new MlopsValidationException("data", $"{RowCount} rows", $"the data must pass its checks before training; failed: {string.Join("; ", Failures)}.");
}

/// <summary>A model a train step logged to its run.</summary>
/// <param name="RunId">The run holding the model artifact (the train step's run).</param>
/// <param name="ModelUri">Where the model is, such as <c>runs:/{run}/model</c>.</param>
/// <param name="Description">One line for the registered version's description.</param>
public sealed record TrainedModel(string RunId, string ModelUri, string Description);

/// <summary>Metrics of a trained model.</summary>
/// <param name="Metrics">Metric name → value.</param>
public sealed record ModelEvaluation(IReadOnlyDictionary<string, double> Metrics);

/// <summary>A registered model version.</summary>
/// <param name="ModelName">The registered model.</param>
/// <param name="Version">The version number.</param>
/// <param name="Uri">Its <c>models:/</c> URI.</param>
/// <param name="ArtifactDigest">SHA-256 of the model artifact.</param>
/// <param name="AlreadyRegistered">Whether the training run's model was registered before (the step registered nothing).</param>
public sealed record RegisteredVersion(string ModelName, int Version, string Uri, string ArtifactDigest, bool AlreadyRegistered);

/// <summary>The verdict of a model validation.</summary>
/// <param name="Verdict">The report's verdict.</param>
/// <param name="ReportDigest">SHA-256 of the attached report.</param>
/// <param name="FailedChecks">One line per failed check.</param>
public sealed record ModelCheck(ValidationVerdict Verdict, string ReportDigest, IReadOnlyList<string> FailedChecks)
{
    /// <summary>Whether the version may be promoted.</summary>
    public bool Passed => Verdict == ValidationVerdict.Passed;
}

/// <summary>What the promotion step did.</summary>
/// <param name="Alias">The alias.</param>
/// <param name="Version">The version it concerns.</param>
/// <param name="Action">What happened.</param>
/// <param name="RequestId">The promotion request, when one was made.</param>
/// <param name="Message">One line for people.</param>
public sealed record PromotionOutcome(string Alias, int Version, PromotionAction Action, string? RequestId, string Message);

/// <summary>What the promotion step did.</summary>
public enum PromotionAction
{
    /// <summary>The validation did not pass: nothing was asked.</summary>
    NotEligible,

    /// <summary>The alias already pointed at the version.</summary>
    AlreadyPromoted,

    /// <summary>A promotion request is pending approval.</summary>
    Requested,

    /// <summary>The alias was moved (through the registry's guards).</summary>
    Moved,
}
