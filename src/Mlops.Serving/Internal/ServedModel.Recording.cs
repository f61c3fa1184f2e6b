using System.Diagnostics;
using Mlops.Serving.HotSwap;
using Mlops.Serving.Telemetry;

namespace Mlops.Serving.Internal;

/// <summary>Inference records: hands sampled predictions to the <see cref="IInferenceRecorder"/>, when one records this model.</summary>
internal sealed partial class ServedModel<TIn, TOut>
{
    // Null unless a recorder is registered and records this model: a prediction then pays one null check.
    private readonly IInferenceRecorder? _recorder;

    private void RecordInference(IInferenceRecorder recorder, ModelGeneration<TIn, TOut> generation, TIn input, TOut output)
    {
        try
        {
            var served = generation.Served;
            recorder.Record(new ServedInference<TIn, TOut>(
                _time.GetUtcNow(), Key, ModelName, served.Version, served.Digest, generation.Variant, input, output,
                Activity.Current is { } activity ? activity.TraceId.ToHexString() : null));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The prediction succeeded; a recorder that breaks its contract must not turn it into an error.
            ServingLog.RecorderFailed(_logger, e, Key, ModelName);
        }
    }
}
