using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mlops;
using Mlops.Governance;
using Mlops.Serving;
using Mlops.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Turns on inference records (EU AI Act Art. 12).</summary>
public static class InferenceRecordGovernanceBuilderExtensions
{
    /// <summary>Records every prediction of every served model, keeping inputs whole, for 183 days.</summary>
    public static GovernanceBuilder AddInferenceRecords(this GovernanceBuilder builder) => builder.AddInferenceRecords(_ => { });

    /// <summary>
    /// Records sampled predictions of served models (time, version and digest, input or its hash after redaction, output,
    /// trace id) through a bounded buffer that drops and counts rather than slow a prediction down; a hosted writer
    /// appends them in batches and a hosted purge job deletes those older than the retention. Registers
    /// <see cref="IInferenceRecords"/> to read them. Serving picks the recorder up when models are set up.
    /// </summary>
    public static GovernanceBuilder AddInferenceRecords(this GovernanceBuilder builder, Action<InferenceRecordOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(InferenceRecorder)))
        {
            throw new MlopsValidationException("AddInferenceRecords", null, "inference records are added once; configure everything in that call.");
        }

        var options = new InferenceRecordOptions();
        configure(options);
        InferenceRecordOptionsRules.Validate(options);
        services.AddSingleton(sp => new InferenceRecorder(
            options,
            sp.GetRequiredService<IGovernanceStore>(),
            sp.GetRequiredService<IAccessGuard>(),
            sp.GetRequiredService<IActorAccessor>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<MlopsInstrumentation>(),
            Logger(sp)));
        services.AddSingleton<IInferenceRecorder>(sp => sp.GetRequiredService<InferenceRecorder>());
        services.AddSingleton<IInferenceRecords>(sp => sp.GetRequiredService<InferenceRecorder>());
        services.AddSingleton<IHostedService>(sp => new InferenceRecordWriterService(
            sp.GetRequiredService<InferenceRecorder>(), options, sp.GetRequiredService<TimeProvider>(), Logger(sp)));
        services.AddSingleton<IHostedService>(sp => new InferenceRecordPurgeService(
            sp.GetRequiredService<InferenceRecorder>(), options, sp.GetRequiredService<TimeProvider>(), Logger(sp)));
        return builder;
    }

    private static ILogger Logger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger("Mlops.Governance.InferenceRecords") ?? NullLogger.Instance;
}
