namespace Mlops.Governance;

/// <summary>What the inference recorder did since start: nothing is lost without being counted here.</summary>
/// <param name="Enqueued">Sampled predictions put in the buffer.</param>
/// <param name="Written">Records appended to the store.</param>
/// <param name="Dropped">Sampled predictions not recorded because the buffer was full.</param>
/// <param name="Failed">Records lost because serializing them or appending their batch failed (see <see cref="LastError"/>).</param>
/// <param name="Queued">Records in the buffer now.</param>
/// <param name="LastError">The last serialization or store error, or <see langword="null"/>.</param>
public sealed record InferenceRecordStatus(long Enqueued, long Written, long Dropped, long Failed, int Queued, string? LastError);
