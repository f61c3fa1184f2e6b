namespace Mlops.Serving;

/// <summary>
/// A hook that sees served predictions, for inference records (EU AI Act Art. 12). Serving resolves it once, when a model
/// is set up; without one registered, or for a model it does not record, a prediction pays one null check. Implementations
/// must be cheap and must not block: <see cref="Record"/> runs on the caller's thread after the prediction succeeded.
/// </summary>
public interface IInferenceRecorder
{
    /// <summary>Whether predictions of the served model <paramref name="key"/> (of <paramref name="modelName"/>) are recorded at all; asked once per served model.</summary>
    bool Records(string key, string modelName);

    /// <summary>The sampling draw, per predicted row of the served model <paramref name="key"/>: <see langword="true"/> to record this one.</summary>
    bool Sample(string key);

    /// <summary>Records one sampled prediction. The caller owns the input and output once this returns, so copy or serialize them now. Must not throw.</summary>
    void Record<TIn, TOut>(ServedInference<TIn, TOut> inference)
        where TIn : class
        where TOut : class;
}
