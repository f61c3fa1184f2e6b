using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mlops;
using Mlops.Journal;
using Mlops.Pipelines;
using Mlops.Pipelines.Triggers;
using Mlops.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Triggers that start registered pipelines: cron schedules, journal events and dataset digests. One hosted service runs
/// them; across a fleet sharing one store, each tick, entry or digest runs exactly once (a claim record in the store).
/// </summary>
public static class PipelineTriggersBuilderExtensions
{
    /// <summary>Sets how this instance takes part in the fleet (its name, the lease, the journal poll interval).</summary>
    public static PipelinesBuilder ConfigureTriggers(this PipelinesBuilder builder, Action<PipelineTriggerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddTriggerServices(builder.Services);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Runs the registered pipeline <paramref name="pipelineName"/> at each tick of <paramref name="cron"/>: five fields
    /// (<c>minute hour day-of-month month day-of-week</c>), six with seconds first (<c>*/2 * * * * *</c>), or a macro such
    /// as <c>@daily</c>. The expression, the names and the pipeline are checked when the host starts. Ticks that fell due
    /// while no instance ran are not fired afterwards; by default a tick is skipped while the previous one still runs.
    /// </summary>
    public static PipelinesBuilder AddSchedule(this PipelinesBuilder builder, string name, string cron, string pipelineName, Action<ScheduleOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(cron);
        ArgumentException.ThrowIfNullOrWhiteSpace(pipelineName);
        var options = new ScheduleOptions();
        configure?.Invoke(options);
        ArgumentNullException.ThrowIfNull(options.TimeZone, nameof(configure));
        return builder.Add(new ScheduleDefinition(name, pipelineName, cron, options));
    }

    /// <summary>
    /// Runs the registered pipeline <paramref name="pipelineName"/> for each journal entry of one of <paramref name="kinds"/>
    /// that <paramref name="predicate"/> accepts (every one when null). Entries journaled while every instance was down fire
    /// after a restart; entries from before the trigger first ran do not.
    /// </summary>
    public static PipelinesBuilder AddJournalTrigger(this PipelinesBuilder builder, string name, string pipelineName, IEnumerable<string> kinds, Func<JournalEntry, bool>? predicate = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(pipelineName);
        ArgumentNullException.ThrowIfNull(kinds);
        return builder.Add(new JournalTriggerDefinition(name, pipelineName, kinds.ToHashSet(StringComparer.Ordinal), predicate ?? (_ => true)));
    }

    /// <summary>
    /// Runs the pipeline when serving reports online drift over its threshold (<c>serving.drift.detected</c>), for every
    /// model or only <paramref name="modelName"/>, and only when at least <paramref name="minDriftedShare"/> of the features drifted.
    /// </summary>
    public static PipelinesBuilder AddDriftTrigger(this PipelinesBuilder builder, string name, string pipelineName, string? modelName = null, double minDriftedShare = 0)
    {
        if (minDriftedShare is < 0 or > 1 || double.IsNaN(minDriftedShare))
        {
            throw new MlopsValidationException("drifted share", minDriftedShare.ToString(CultureInfo.InvariantCulture), "a share of drifted features is between 0 and 1.");
        }

        return builder.AddJournalTrigger(name, pipelineName, [JournalKinds.ServingDriftDetected], entry =>
            (modelName is null || Text(entry, "name") == modelName) && (minDriftedShare == 0 || Number(entry, "driftedShare") >= minDriftedShare));
    }

    /// <summary>Runs the pipeline when a version is registered (<c>model.version.registered</c>), of any model or only <paramref name="modelName"/>.</summary>
    public static PipelinesBuilder AddModelVersionRegisteredTrigger(this PipelinesBuilder builder, string name, string pipelineName, string? modelName = null) =>
        builder.AddJournalTrigger(name, pipelineName, [JournalKinds.ModelVersionRegistered], entry => modelName is null || Text(entry, "name") == modelName);

    /// <summary>
    /// Runs the pipeline when a promotion approval is given (<c>promotion.approved</c>), optionally only for one model and
    /// alias. By default only the approval that completes the request (status <c>approved</c>) fires; with
    /// <paramref name="everyApproval"/> each approval does.
    /// </summary>
    public static PipelinesBuilder AddPromotionApprovedTrigger(this PipelinesBuilder builder, string name, string pipelineName, string? modelName = null, string? alias = null, bool everyApproval = false) =>
        builder.AddJournalTrigger(name, pipelineName, [JournalKinds.PromotionApproved], entry =>
            (modelName is null || Text(entry, "model") == modelName)
            && (alias is null || Text(entry, "alias") == alias)
            && (everyApproval || Text(entry, "status") == "approved"));

    /// <summary>
    /// Runs the pipeline once per new content of the file at <paramref name="path"/>: its SHA-256 is computed every
    /// <paramref name="interval"/> (and at start), and each digest never seen before by the fleet fires once.
    /// </summary>
    public static PipelinesBuilder AddDatasetTrigger(this PipelinesBuilder builder, string name, string pipelineName, string path, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(pipelineName);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return builder.Add(new DatasetTriggerDefinition(name, pipelineName, Path.GetFullPath(path), interval));
    }

    private static PipelinesBuilder Add(this PipelinesBuilder builder, TriggerDefinition trigger)
    {
        AddTriggerServices(builder.Services);
        builder.Services.AddSingleton(trigger);
        return builder;
    }

    private static void AddTriggerServices(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<PipelineTriggerOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipelineTriggerOptions>, PipelineTriggerOptionsValidator>());
        services.TryAddSingleton<PipelineTriggerMonitor>();
        services.TryAddSingleton<IPipelineTriggerMonitor>(sp => sp.GetRequiredService<PipelineTriggerMonitor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PipelineTriggerService>(sp => new PipelineTriggerService(
            sp.GetRequiredService<IPipelineRunner>(),
            sp.GetRequiredService<IGovernanceStore>(),
            sp.GetRequiredService<IJournalStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PipelineTriggerOptions>>().Value,
            sp.GetRequiredService<PipelineTriggerMonitor>(),
            sp.GetServices<TriggerDefinition>(),
            sp.GetServices<PipelineRegistration>(),
            (ILogger<PipelineTriggerService>?)sp.GetService<ILogger<PipelineTriggerService>>() ?? NullLogger<PipelineTriggerService>.Instance,
            sp.GetService<IJournalChangeNotifier>())));
    }

    private static string? Text(JournalEntry entry, string property)
    {
        using var payload = JsonDocument.Parse(entry.Payload);
        return payload.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static double Number(JournalEntry entry, string property)
    {
        using var payload = JsonDocument.Parse(entry.Payload);
        return payload.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;
    }
}
