using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Governance;
using Mlops.Registry;
using Mlops.Validation;

namespace Mlops.Pipelines;

/// <summary>
/// Registers the trained model as a version of <c>modelName</c>, once per training run: when the run's model is already a
/// version (a cached train step hands over the same run), that version is returned and nothing is registered. Never cached.
/// </summary>
public sealed class RegisterModelStep : Step<(TrainedModel, ModelEvaluation), RegisteredVersion>
{
    private readonly string _modelName;
    private readonly Func<RegisterVersionOptions, RegisterVersionOptions>? _configure;
    private readonly Func<RegisteredVersion, StepContext, Task>? _registered;

    /// <summary>Creates the step.</summary>
    /// <param name="modelName">The registered model.</param>
    /// <param name="configure">Adjusts the registration (types for the signature check: <c>o =&gt; o.WithTypes&lt;In, Out&gt;()</c>).</param>
    /// <param name="registered">Runs after a new version is registered (store its reference profile, its expectations).</param>
    public RegisterModelStep(string modelName, Func<RegisterVersionOptions, RegisterVersionOptions>? configure = null, Func<RegisteredVersion, StepContext, Task>? registered = null)
        : base(LifecyclePipeline.StepNames.Register)
    {
        ModelNames.ValidateModelName(modelName);
        _modelName = modelName;
        _configure = configure;
        _registered = registered;
        Options = new StepOptions { Cache = false };
    }

    /// <inheritdoc />
    public override async Task<RegisteredVersion> ExecuteAsync((TrainedModel, ModelEvaluation) input, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (trained, evaluation) = input;
        var registry = context.Services.GetRequiredService<IModelRegistry>();
        var existing = await ExistingAsync(registry, trained.RunId, context.CancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return new RegisteredVersion(existing.ModelName, existing.Version, existing.Uri, existing.ArtifactDigest, AlreadyRegistered: true);
        }

        var metrics = string.Join(", ", evaluation.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Take(4).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F4}")));
        var options = new RegisterVersionOptions { Description = $"{trained.Description}; {metrics}" };
        var version = await registry.RegisterVersionFromRunAsync(_modelName, trained.ModelUri, _configure is null ? options : _configure(options), context.CancellationToken).ConfigureAwait(false);
        var result = new RegisteredVersion(version.ModelName, version.Version, version.Uri, version.ArtifactDigest, AlreadyRegistered: false);
        if (_registered is not null)
        {
            await _registered(result, context).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<ModelVersion?> ExistingAsync(IModelRegistry registry, string runId, CancellationToken cancellationToken)
    {
        try
        {
            var versions = await registry.ListVersionsAsync(_modelName, cancellationToken).ConfigureAwait(false);
            return versions.LastOrDefault(v => v.RunId == runId);
        }
        catch (MlopsNotFoundException)
        {
            return null;
        }
    }
}

/// <summary>
/// Validates the version with the request <c>request</c> builds (data expectations, drift, the evaluation gate against the
/// champion, fairness), attaches the report to the version (journaled) and returns the verdict. Never cached: the
/// champion it is compared with changes.
/// </summary>
/// <typeparam name="TData">The pipeline's data.</typeparam>
public sealed class ValidateModelStep<TData> : Step<(TData, RegisteredVersion), ModelCheck>
{
    private readonly Func<TData, RegisteredVersion, ValidationRequest> _request;

    /// <summary>Creates the step.</summary>
    /// <param name="request">Builds the validation request for the candidate (its URI is <see cref="RegisteredVersion.Uri"/>).</param>
    public ValidateModelStep(Func<TData, RegisteredVersion, ValidationRequest> request)
        : base(LifecyclePipeline.StepNames.ValidateModel)
    {
        ArgumentNullException.ThrowIfNull(request);
        _request = request;
        Options = new StepOptions { Cache = false };
    }

    /// <inheritdoc />
    public override async Task<ModelCheck> ExecuteAsync((TData, RegisteredVersion) input, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var validator = context.Services.GetRequiredService<IModelValidator>();
        var report = await validator.ValidateAsync(_request(input.Item1, input.Item2), context.CancellationToken).ConfigureAwait(false);
        var stored = await validator.AttachAsync(report, context.CancellationToken).ConfigureAwait(false);
        return new ModelCheck(report.Verdict, stored.Digest, [.. report.FailedChecks]);
    }
}

/// <summary>
/// When the validation passed, asks for <c>alias</c> to point at the version: a promotion request pending approval
/// (governance's workflow), or with <c>moveAlias</c> a direct move through the registry (its promotion guards still
/// apply). Never cached.
/// </summary>
public sealed class RequestPromotionStep : Step<(RegisteredVersion, ModelCheck), PromotionOutcome>
{
    private readonly string _alias;
    private readonly bool _moveAlias;

    /// <summary>Creates the step.</summary>
    /// <param name="alias">The alias to promote to, such as <c>champion</c> or <c>production</c>.</param>
    /// <param name="moveAlias">Move the alias at once instead of requesting approval.</param>
    public RequestPromotionStep(string alias, bool moveAlias = false)
        : base(LifecyclePipeline.StepNames.RequestPromotion)
    {
        ModelNames.ValidateSettableAlias(alias);
        _alias = alias;
        _moveAlias = moveAlias;
        Options = new StepOptions { Cache = false };
    }

    /// <inheritdoc />
    public override async Task<PromotionOutcome> ExecuteAsync((RegisteredVersion, ModelCheck) input, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (version, check) = input;
        if (!check.Passed)
        {
            return new PromotionOutcome(_alias, version.Version, PromotionAction.NotEligible, null, $"v{version.Version} did not pass validation: {string.Join("; ", check.FailedChecks)}");
        }

        var registry = context.Services.GetRequiredService<IModelRegistry>();
        var model = await registry.GetModelAsync(version.ModelName, context.CancellationToken).ConfigureAwait(false);
        var current = model.Aliases.GetValueOrDefault(_alias);
        if (current == version.Version)
        {
            return new PromotionOutcome(_alias, version.Version, PromotionAction.AlreadyPromoted, null, $"{_alias} already points at v{version.Version}");
        }

        var was = current == 0 ? "(unset)" : $"v{current}";
        if (_moveAlias)
        {
            await registry.SetAliasAsync(version.ModelName, _alias, version.Version, $"pipeline execution {context.ExecutionRunId}: validation passed (report {check.ReportDigest[..12]})", context.CancellationToken).ConfigureAwait(false);
            return new PromotionOutcome(_alias, version.Version, PromotionAction.Moved, null, $"{_alias}: {was} → v{version.Version}");
        }

        var workflow = context.Services.GetService<IPromotionWorkflow>()
            ?? throw new InvalidOperationException($"Requesting a promotion needs governance (AddGovernance()); or create the step with moveAlias: true to move '{_alias}' directly.");
        var request = await workflow.RequestAsync(version.ModelName, _alias, version.Version, $"pipeline execution {context.ExecutionRunId}: validation passed (report {check.ReportDigest[..12]})", context.CancellationToken).ConfigureAwait(false);
        return new PromotionOutcome(_alias, version.Version, PromotionAction.Requested, request.Id, $"{_alias}: {was} → v{version.Version} requested ({request.Status}, {request.RequiredApprovals} approval(s) needed)");
    }
}
