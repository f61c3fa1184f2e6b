using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Tracking;
using Polly;

namespace Mlops.Pipelines;

/// <summary>
/// Runs a pipeline's graph: each step starts when the steps it consumes have succeeded (at most
/// <see cref="PipelineRunOptions.MaxParallelSteps"/> at once), inside a nested run of the execution run; its output is
/// stored as an artifact and its digest feeds the cache keys of the steps after it.
/// </summary>
internal sealed partial class PipelineRunner(
    IExperimentTracker tracker,
    IServiceProvider services,
    IActorAccessor actor,
    TimeProvider time,
    ILoggerFactory loggers,
    IEnumerable<PipelineRegistration> registrations) : IPipelineRunner
{
    private const string InputArtifactDirectory = "pipeline/input";

    internal string CurrentActor => actor.CurrentActor;
    private const string OutputArtifactDirectory = "output";
    private readonly ILogger _logger = loggers.CreateLogger("Mlops.Pipelines.PipelineRunner");

    public async Task<PipelineExecution> RunAsync<TIn>(Pipeline<TIn> pipeline, TIn input, PipelineRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        options ??= new PipelineRunOptions();
        Validate(options);
        var inputBytes = await EncodeAsync(pipeline.InputCodec, input, cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(pipeline, input, inputBytes, options, resumed: null, cancellationToken).ConfigureAwait(false);
    }

    public Task<PipelineExecution> ResumeAsync<TIn>(Pipeline<TIn> pipeline, string executionRunId, PipelineRunOptions? options = null, CancellationToken cancellationToken = default) =>
        ResumeAsync(pipeline, executionRunId, options, takeOverReason: null, cancellationToken);

    public Task<PipelineExecution> RunAsync(string pipelineName, PipelineTrigger trigger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return RunAsync(pipelineName, new PipelineRunOptions { Trigger = trigger }, cancellationToken);
    }

    public Task<PipelineExecution> RunAsync(string pipelineName, PipelineRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Registered(pipelineName).RunAsync(this, options, cancellationToken);
    }

    public Task<PipelineExecution> ResumeAsync(string pipelineName, string executionRunId, PipelineTrigger trigger, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return ResumeAsync(pipelineName, executionRunId, new PipelineRunOptions { Trigger = trigger }, reason, cancellationToken);
    }

    public Task<PipelineExecution> ResumeAsync(string pipelineName, string executionRunId, PipelineRunOptions options, string? takeOverReason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Registered(pipelineName).ResumeAsync(this, executionRunId, options, takeOverReason, cancellationToken);
    }

    internal async Task<PipelineExecution> ResumeAsync<TIn>(Pipeline<TIn> pipeline, string executionRunId, PipelineRunOptions? options, string? takeOverReason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentException.ThrowIfNullOrWhiteSpace(executionRunId);
        options ??= new PipelineRunOptions();
        Validate(options);
        var earlier = await tracker.GetRunAsync(executionRunId, cancellationToken).ConfigureAwait(false);
        if (earlier.Tags.GetValueOrDefault(PipelineTags.Pipeline) != pipeline.Name)
        {
            throw new MlopsValidationException("execution run", executionRunId, $"only an execution of pipeline '{pipeline.Name}' can be resumed with it (this run is {(earlier.Tags.TryGetValue(PipelineTags.Pipeline, out var other) ? $"an execution of '{other}'" : "not a pipeline execution")}).");
        }

        switch (earlier.Info.Status)
        {
            case RunStatus.Finished:
                throw new MlopsConflictException($"Execution {executionRunId} of pipeline '{pipeline.Name}' finished; there is nothing to resume (run the pipeline again instead).");
            case RunStatus.Running when takeOverReason is null:
                throw new MlopsConflictException($"Execution {executionRunId} of pipeline '{pipeline.Name}' is still running; only a failed or cancelled execution can be resumed.");
            case RunStatus.Running:
                await EndAbandonedAsync(executionRunId, takeOverReason!, cancellationToken).ConfigureAwait(false);
                break;
        }

        var inputBytes = await ReadArtifactAsync(executionRunId, InputArtifactDirectory, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("pipeline input artifact", $"{executionRunId}/{InputArtifactDirectory}");
        TIn input;
        using (var stream = new MemoryStream(inputBytes, writable: false))
        {
            input = await pipeline.InputCodec.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        var reusable = new Dictionary<string, (string RunId, string CacheKey)>(StringComparer.Ordinal);
        foreach (var child in await tracker.GetChildRunsAsync(executionRunId, cancellationToken).ConfigureAwait(false))
        {
            if (child.Status != RunStatus.Finished)
            {
                continue;
            }

            var run = await tracker.GetRunAsync(child.RunId, cancellationToken).ConfigureAwait(false);
            if (run.Tags.TryGetValue(PipelineTags.Step, out var step) && run.Tags.TryGetValue(PipelineTags.CacheKey, out var key))
            {
                reusable[step] = (run.Tags.GetValueOrDefault(PipelineTags.SourceRun) ?? run.RunId, key);
            }
        }

        return await ExecuteAsync(pipeline, input, inputBytes, options, new Resumed(executionRunId, reusable), cancellationToken).ConfigureAwait(false);
    }

    private PipelineRegistration Registered(string pipelineName)
    {
        ArgumentNullException.ThrowIfNull(pipelineName);
        var found = registrations.Where(r => r.Name == pipelineName).ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw new MlopsNotFoundException("pipeline", pipelineName),
            _ => throw new MlopsConflictException($"Pipeline '{pipelineName}' is registered {found.Count} times; register each pipeline name once."),
        };
    }

    private static void Validate(PipelineRunOptions options)
    {
        if (options.MaxParallelSteps is < 1)
        {
            throw new MlopsValidationException(nameof(PipelineRunOptions.MaxParallelSteps), options.MaxParallelSteps.Value.ToString(CultureInfo.InvariantCulture), "at least one step must be able to run.");
        }
    }

    private async Task EndAbandonedAsync(string executionRunId, string reason, CancellationToken cancellationToken)
    {
        foreach (var child in await tracker.GetChildRunsAsync(executionRunId, cancellationToken).ConfigureAwait(false))
        {
            if (child.Status == RunStatus.Running)
            {
                var scope = await tracker.ResumeRunAsync(child.RunId, cancellationToken).ConfigureAwait(false);
                await using var ended = scope.ConfigureAwait(false);
                await scope.SetTagAsync(PipelineTags.Outcome, "canceled", cancellationToken).ConfigureAwait(false);
                await scope.EndAsync(RunStatus.Killed, reason, cancellationToken).ConfigureAwait(false);
            }
        }

        var execution = await tracker.ResumeRunAsync(executionRunId, cancellationToken).ConfigureAwait(false);
        await using var executionEnded = execution.ConfigureAwait(false);
        await execution.EndAsync(RunStatus.Killed, reason, cancellationToken).ConfigureAwait(false);
        LogTakenOver(executionRunId, reason);
    }

    private async Task<PipelineExecution> ExecuteAsync<TIn>(Pipeline<TIn> pipeline, TIn input, byte[] inputBytes, PipelineRunOptions options, Resumed? resumed, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = time.GetTimestamp();
        var trigger = options.Trigger ?? PipelineTrigger.Manual(actor.CurrentActor);
        var inputDigest = Digest(inputBytes);
        var tags = new Dictionary<string, string>(options.Tags ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [PipelineTags.Pipeline] = pipeline.Name,
            [PipelineTags.TriggerKind] = trigger.Kind,
            [PipelineTags.TriggerName] = trigger.Name,
            [PipelineTags.TriggerDescription] = Truncate(trigger.Description, 5000),
            [PipelineTags.InputDigest] = inputDigest,
        };
        if (resumed is not null)
        {
            tags[PipelineTags.ResumedFrom] = resumed.RunId;
        }

        var runName = string.Create(CultureInfo.InvariantCulture, $"{pipeline.Name}-{time.GetUtcNow():yyyyMMdd-HHmmss}{(resumed is null ? "" : "-resumed")}");
        var execution = await tracker.StartRunAsync(options.ExperimentName ?? pipeline.Name, new RunOptions { RunName = runName, Tags = tags }, cancellationToken).ConfigureAwait(false);
        await using (execution.ConfigureAwait(false))
        {
            LogExecutionStarted(pipeline.Name, execution.RunId, trigger.Kind, trigger.Name);
            using var state = new ExecutionState(pipeline.Nodes.Count, options.MaxParallelSteps ?? Environment.ProcessorCount);
            state.Values[0] = input;
            state.Digests[0] = inputDigest;
            try
            {
                await execution.LogArtifactAsync($"{InputArtifactDirectory}/{pipeline.InputCodec.FileName}", new MemoryStream(inputBytes, writable: false), cancellationToken).ConfigureAwait(false);
                await execution.LogTextAsync("pipeline/graph.json", GraphJson(pipeline), cancellationToken).ConfigureAwait(false);
                if (options.ExecutionStarted is { } onStarted)
                {
                    await onStarted(execution.RunId, cancellationToken).ConfigureAwait(false);
                }

                var context = new ExecutionContext(pipeline.Name, pipeline.Nodes, execution, trigger, options, resumed, state);
                var tasks = new Task<StepExecution>[pipeline.Steps.Length];
                state.Done[0] = Task.FromResult(true);
                for (var i = 0; i < pipeline.Steps.Length; i++)
                {
                    var step = pipeline.Steps[i];
                    var dependencies = step.Dependencies.Select(d => state.Done[d]).ToArray();
                    var completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    state.Done[i + 1] = completion.Task;
                    tasks[i] = RunNodeAsync(context, step, i + 1, dependencies, completion, cancellationToken);
                }

                var steps = await Task.WhenAll(tasks).ConfigureAwait(false);
                var duration = time.GetElapsedTime(started);
                var outputs = new Dictionary<string, object?>(StringComparer.Ordinal) { [PipelineBuilder<TIn>.PipelineInputName] = input };
                for (var i = 0; i < steps.Length; i++)
                {
                    if (steps[i].Outcome is StepOutcome.Executed or StepOutcome.Cached or StepOutcome.Reused)
                    {
                        outputs[steps[i].Name] = state.Values[i + 1];
                    }
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    await execution.EndAsync(RunStatus.Killed, "cancelled", CancellationToken.None).ConfigureAwait(false);
                    LogExecutionEnded(pipeline.Name, execution.RunId, PipelineExecutionStatus.Canceled, duration.TotalSeconds);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var failed = steps.Where(s => s.Outcome == StepOutcome.Failed).ToList();
                var status = failed.Count == 0 ? PipelineExecutionStatus.Succeeded : PipelineExecutionStatus.Failed;
                var result = new PipelineExecution(pipeline.Name, execution.RunId, status, steps, outputs, trigger, resumed?.RunId, duration);
                execution.LogMetric("duration_seconds", duration.TotalSeconds);
                execution.LogMetric("steps_executed", steps.Count(s => s.Outcome == StepOutcome.Executed));
                execution.LogMetric("steps_cached", steps.Count(s => s.Outcome is StepOutcome.Cached or StepOutcome.Reused));
                if (status == PipelineExecutionStatus.Succeeded)
                {
                    await execution.EndAsync(RunStatus.Finished, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await execution.EndAsync(RunStatus.Failed, Truncate(new PipelineFailedException(result).Message, 4000), CancellationToken.None).ConfigureAwait(false);
                }

                LogExecutionEnded(pipeline.Name, execution.RunId, status, duration.TotalSeconds);
                return result;
            }
            catch (Exception e) when (!execution.IsEnded)
            {
                var canceled = e is OperationCanceledException && cancellationToken.IsCancellationRequested;
                await execution.EndAsync(canceled ? RunStatus.Killed : RunStatus.Failed, canceled ? "cancelled" : Truncate(e.Message, 4000), CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task<StepExecution> RunNodeAsync(ExecutionContext context, StepDefinition step, int index, Task<bool>[] dependencies, TaskCompletionSource<bool> completion, CancellationToken cancellationToken)
    {
        var succeeded = false;
        try
        {
            var result = await RunStepAsync(context, step, index, dependencies, cancellationToken).ConfigureAwait(false);
            succeeded = result.Outcome is StepOutcome.Executed or StepOutcome.Cached or StepOutcome.Reused;
            return result;
        }
        finally
        {
            completion.SetResult(succeeded);
        }
    }

    private async Task<StepExecution> RunStepAsync(ExecutionContext context, StepDefinition step, int index, Task<bool>[] dependencies, CancellationToken cancellationToken)
    {
        var ready = await Task.WhenAll(dependencies).ConfigureAwait(false);
        if (ready.Any(ok => !ok) || context.State.Stopping || cancellationToken.IsCancellationRequested)
        {
            return NotRun(step);
        }

        try
        {
            await context.State.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return NotRun(step);
        }

        try
        {
            if (context.State.Stopping)
            {
                return NotRun(step);
            }

            var started = time.GetTimestamp();
            var inputDigests = step.Dependencies.Select(d => context.State.Digests[d]!).ToArray();
            var cacheKey = CacheKey(step, inputDigests);
            var source = await FindReusableAsync(context, step, cacheKey, cancellationToken).ConfigureAwait(false);
            if (source is { } found)
            {
                return await TakeOutputAsync(context, step, index, cacheKey, inputDigests, found, started, cancellationToken).ConfigureAwait(false);
            }

            return await ExecuteStepAsync(context, step, index, cacheKey, inputDigests, started, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.State.Slots.Release();
        }
    }

    private async Task<(StepOutcome Outcome, string RunId, byte[] Bytes)?> FindReusableAsync(ExecutionContext context, StepDefinition step, string cacheKey, CancellationToken cancellationToken)
    {
        if (context.Resumed?.Steps.TryGetValue(step.Name, out var earlier) == true && earlier.CacheKey == cacheKey
            && await ReadArtifactAsync(earlier.RunId, OutputArtifactDirectory, cancellationToken).ConfigureAwait(false) is { } reused)
        {
            return (StepOutcome.Reused, earlier.RunId, reused);
        }

        if (!step.Options.Cache || context.Options.DisableCache)
        {
            return null;
        }

        var page = await tracker.SearchRunsAsync(new RunQuery(context.ExperimentName)
        {
            Filter = $"tags.`{PipelineTags.CacheKey}` = '{cacheKey}' AND tags.`{PipelineTags.Step}` = '{step.Name}' AND attributes.status = 'FINISHED'",
            OrderBy = ["attributes.start_time DESC"],
            MaxResults = 5,
        }, cancellationToken).ConfigureAwait(false);
        foreach (var run in page.Runs)
        {
            var sourceRun = run.Tags.GetValueOrDefault(PipelineTags.SourceRun) ?? run.RunId;
            if (await ReadArtifactAsync(sourceRun, OutputArtifactDirectory, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                return (StepOutcome.Cached, sourceRun, cached);
            }
        }

        return null;
    }

    private async Task<StepExecution> TakeOutputAsync(ExecutionContext context, StepDefinition step, int index, string cacheKey, string[] inputDigests, (StepOutcome Outcome, string RunId, byte[] Bytes) source, long started, CancellationToken cancellationToken)
    {
        object? value;
        using (var stream = new MemoryStream(source.Bytes, writable: false))
        {
            value = await step.ReadOutput(stream, cancellationToken).ConfigureAwait(false);
        }

        var digest = Digest(source.Bytes);
        var outcome = source.Outcome == StepOutcome.Reused ? "reused" : "cached";
        var run = await context.Execution.StartChildRunAsync(step.Name, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            await run.SetTagsAsync(StepTags(step, cacheKey, outcome, digest, attempts: 0, source.RunId), cancellationToken).ConfigureAwait(false);
            await run.LogParamsAsync(InputParams(context, step, inputDigests), cancellationToken).ConfigureAwait(false);
            await run.LogArtifactAsync($"{OutputArtifactDirectory}/{step.OutputFileName}", new MemoryStream(source.Bytes, writable: false), cancellationToken).ConfigureAwait(false);
            await run.LogTextAsync("logs/step.log", string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} info {outcome}: output {digest} taken from step run {source.RunId}; the step's code did not run.{Environment.NewLine}"), cancellationToken).ConfigureAwait(false);
            await run.EndAsync(RunStatus.Finished, cancellationToken: cancellationToken).ConfigureAwait(false);
            context.State.Values[index] = value;
            context.State.Digests[index] = digest;
            LogStepTaken(context.PipelineName, step.Name, outcome, source.RunId);
            return new StepExecution(step.Name, source.Outcome, run.RunId, 0, time.GetElapsedTime(started), cacheKey, digest, source.RunId, null);
        }
    }

    private async Task<StepExecution> ExecuteStepAsync(ExecutionContext context, StepDefinition step, int index, string cacheKey, string[] inputDigests, long started, CancellationToken cancellationToken)
    {
        var run = await context.Execution.StartChildRunAsync(step.Name, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            var stepLogger = new StepLogger(loggers.CreateLogger($"Mlops.Pipelines.Steps.{context.PipelineName}.{step.Name}"), time);
            var attempts = 0;
            try
            {
                await run.SetTagsAsync(StepTags(step, cacheKey, "running", digest: null, attempts: null, source: null), cancellationToken).ConfigureAwait(false);
                await run.LogParamsAsync(InputParams(context, step, inputDigests), cancellationToken).ConfigureAwait(false);
                var inputs = step.Dependencies.Select(d => context.State.Values[d]).ToArray();
                var resilience = Resilience(step.Options);
                var value = await resilience.ExecuteAsync(
                    async token =>
                    {
                        var attempt = Interlocked.Increment(ref attempts);
                        try
                        {
                            return await step.Execute(inputs, new StepContext(run, stepLogger, attempt, context.Execution.RunId, context.Trigger, services, token)).ConfigureAwait(false);
                        }
                        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
                        {
                            LogAttemptFailed(stepLogger, e, attempt, step.Name, e.Message);
                            throw;
                        }
                    },
                    cancellationToken).ConfigureAwait(false);

                byte[] bytes;
                using (var buffer = new MemoryStream())
                {
                    await step.WriteOutput(value, buffer, cancellationToken).ConfigureAwait(false);
                    bytes = buffer.ToArray();
                }

                var digest = Digest(bytes);
                await run.LogArtifactAsync($"{OutputArtifactDirectory}/{step.OutputFileName}", new MemoryStream(bytes, writable: false), cancellationToken).ConfigureAwait(false);
                var duration = time.GetElapsedTime(started);
                run.LogMetric("duration_seconds", duration.TotalSeconds);
                await run.SetTagsAsync(StepTags(step, cacheKey, "executed", digest, attempts, source: null), cancellationToken).ConfigureAwait(false);
                await WriteLogAsync(run, stepLogger, CancellationToken.None).ConfigureAwait(false);
                await run.EndAsync(RunStatus.Finished, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                context.State.Values[index] = value;
                context.State.Digests[index] = digest;
                LogStepExecuted(context.PipelineName, step.Name, attempts, duration.TotalSeconds);
                return new StepExecution(step.Name, StepOutcome.Executed, run.RunId, attempts, duration, cacheKey, digest, null, null);
            }
            catch (Exception e) when (!run.IsEnded)
            {
                var canceled = e is OperationCanceledException && cancellationToken.IsCancellationRequested;
                if (!canceled)
                {
                    context.State.Stopping = true;
                }

                var error = canceled ? "cancelled" : Truncate($"{e.GetType().Name}: {e.Message}", 4000);
                await run.SetTagsAsync(StepTags(step, cacheKey, canceled ? "canceled" : "failed", digest: null, attempts, source: null), CancellationToken.None).ConfigureAwait(false);
                await WriteLogAsync(run, stepLogger, CancellationToken.None).ConfigureAwait(false);
                await run.EndAsync(canceled ? RunStatus.Killed : RunStatus.Failed, error, CancellationToken.None).ConfigureAwait(false);
                LogStepFailed(e, context.PipelineName, step.Name, attempts);
                return new StepExecution(step.Name, canceled ? StepOutcome.Canceled : StepOutcome.Failed, run.RunId, attempts, time.GetElapsedTime(started), cacheKey, null, null, error);
            }
        }
    }

    private ResiliencePipeline Resilience(StepOptions options)
    {
        if (options.Retry is null && options.Timeout is null)
        {
            return ResiliencePipeline.Empty;
        }

        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.Retry is { } retry)
        {
            builder.AddRetry(retry);
        }

        if (options.Timeout is { } timeout)
        {
            builder.AddTimeout(timeout);
        }

        return builder.Build();
    }

    private static async Task WriteLogAsync(RunScope run, StepLogger log, CancellationToken cancellationToken)
    {
        var text = log.Text;
        if (text.Length > 0)
        {
            await run.LogTextAsync("logs/step.log", text, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Dictionary<string, string> StepTags(StepDefinition step, string cacheKey, string outcome, string? digest, int? attempts, string? source)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PipelineTags.Step] = step.Name,
            [PipelineTags.StepVersion] = step.Version,
            [PipelineTags.CacheKey] = cacheKey,
            [PipelineTags.Outcome] = outcome,
        };
        if (digest is not null)
        {
            tags[PipelineTags.OutputDigest] = digest;
        }

        if (attempts is { } n)
        {
            tags[PipelineTags.Attempts] = n.ToString(CultureInfo.InvariantCulture);
        }

        if (source is not null)
        {
            tags[PipelineTags.SourceRun] = source;
        }

        return tags;
    }

    private static Dictionary<string, string> InputParams(ExecutionContext context, StepDefinition step, string[] inputDigests)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < step.Dependencies.Length; i++)
        {
            parameters[$"input.{context.NodeName(step.Dependencies[i])}"] = inputDigests[i];
        }

        return parameters;
    }

    /// <summary>SHA-256 over the step's identity and its inputs' digests, in the order the step consumes them.</summary>
    internal static string CacheKey(StepDefinition step, IReadOnlyList<string> inputDigests)
    {
        var text = new StringBuilder("mlops.step.cache.v1\n")
            .Append(step.Name).Append('\n')
            .Append(step.Version).Append('\n')
            .Append(step.OutputFileName).Append('\n');
        for (var i = 0; i < inputDigests.Count; i++)
        {
            text.Append(i.ToString(CultureInfo.InvariantCulture)).Append(':').Append(inputDigests[i]).Append('\n');
        }

        return Digest(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private async Task<byte[]?> ReadArtifactAsync(string runId, string directory, CancellationToken cancellationToken)
    {
        var artifacts = await tracker.ListArtifactsAsync(runId, directory, cancellationToken).ConfigureAwait(false);
        if (artifacts.Count != 1)
        {
            return null;
        }

        var stream = await tracker.OpenArtifactAsync(runId, artifacts[0].Path, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    private static async Task<byte[]> EncodeAsync<T>(StepCodec<T> codec, T value, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await codec.WriteAsync(value, buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static string Digest(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string GraphJson<TIn>(Pipeline<TIn> pipeline) => JsonSerializer.Serialize(
        new
        {
            pipeline = pipeline.Name,
            steps = pipeline.Steps.Select(s => new
            {
                name = s.Name,
                version = s.Version,
                consumes = s.Dependencies.Select(d => pipeline.Nodes[d].Name).ToArray(),
                cache = s.Options.Cache,
                retries = s.Options.Retry?.MaxRetryAttempts ?? 0,
                timeoutSeconds = s.Options.Timeout?.TotalSeconds,
            }),
        },
        GraphJsonOptions);

    private static readonly JsonSerializerOptions GraphJsonOptions = new() { WriteIndented = true };

    private static StepExecution NotRun(StepDefinition step) => new(step.Name, StepOutcome.NotRun, null, 0, TimeSpan.Zero, null, null, null, null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline '{Pipeline}' execution {RunId} started ({TriggerKind} {TriggerName}).")]
    private partial void LogExecutionStarted(string pipeline, string runId, string triggerKind, string triggerName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline '{Pipeline}' execution {RunId} ended {Status} after {Seconds:F3} s.")]
    private partial void LogExecutionEnded(string pipeline, string runId, PipelineExecutionStatus status, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline '{Pipeline}' step '{Step}' executed in {Attempts} attempt(s), {Seconds:F3} s.")]
    private partial void LogStepExecuted(string pipeline, string step, int attempts, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline '{Pipeline}' step '{Step}' {Outcome}: output taken from step run {SourceRunId}.")]
    private partial void LogStepTaken(string pipeline, string step, string outcome, string sourceRunId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline '{Pipeline}' step '{Step}' did not succeed after {Attempts} attempt(s).")]
    private partial void LogStepFailed(Exception error, string pipeline, string step, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Execution {RunId} was still marked running and was ended as killed: {Reason}.")]
    private partial void LogTakenOver(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {Attempt} of step '{Step}' failed: {Message}")]
    private static partial void LogAttemptFailed(ILogger logger, Exception error, int attempt, string step, string message);

    private sealed record Resumed(string RunId, IReadOnlyDictionary<string, (string RunId, string CacheKey)> Steps);

    private sealed class ExecutionState(int nodes, int parallelism) : IDisposable
    {
        private volatile bool _stopping;

        public object?[] Values { get; } = new object?[nodes];

        public string?[] Digests { get; } = new string?[nodes];

        public Task<bool>[] Done { get; } = new Task<bool>[nodes];

        public SemaphoreSlim Slots { get; } = new(parallelism, parallelism);

        /// <summary>Set when a step failed: steps that have not started yet do not start.</summary>
        public bool Stopping
        {
            get => _stopping;
            set => _stopping = value;
        }

        public void Dispose() => Slots.Dispose();
    }

    private sealed class ExecutionContext(string pipelineName, IReadOnlyList<IStepNode> nodes, RunScope execution, PipelineTrigger trigger, PipelineRunOptions options, Resumed? resumed, ExecutionState state)
    {
        public string PipelineName => pipelineName;

        public RunScope Execution => execution;

        public PipelineTrigger Trigger => trigger;

        public PipelineRunOptions Options => options;

        public Resumed? Resumed => resumed;

        public ExecutionState State => state;

        public string ExperimentName => options.ExperimentName ?? pipelineName;

        public string NodeName(int index) => nodes[index].Name;
    }
}
