using System.Security.Cryptography;

namespace Mlops.Pipelines.Triggers;

internal sealed partial class PipelineTriggerService
{
    /// <summary>
    /// Checks a file's SHA-256 every interval (the first check at start) and fires once per digest never claimed before: a
    /// file changed back to earlier content does not fire again. A missing file is not a change.
    /// </summary>
    private async Task DatasetLoopAsync(DatasetTriggerDefinition dataset, CancellationToken stoppingToken)
    {
        string? seen = null;
        while (true)
        {
            await GuardAsync(dataset.Name, async ct => seen = await CheckDatasetAsync(dataset, seen, ct).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
            await WaitAsync(dataset.Interval, Event(PipelineTriggerEventType.Waiting, dataset.Name, null) with { Detail = seen }, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<string?> CheckDatasetAsync(DatasetTriggerDefinition dataset, string? seen, CancellationToken cancellationToken)
    {
        if (!File.Exists(dataset.Path))
        {
            return seen;
        }

        string digest;
        var file = new FileStream(dataset.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }

        if (digest == seen)
        {
            return seen;
        }

        var work = new ClaimDocument
        {
            Trigger = dataset.Name,
            Kind = dataset.Kind,
            Pipeline = dataset.PipelineName,
            Description = $"{dataset.Path} sha256 {digest}",
            DatasetDigest = digest,
            Instance = Instance,
            LeaseUntil = time.GetUtcNow(),
            Status = ClaimStatus.Running,
        };
        await FireAsync(dataset, $"dataset/{dataset.Name}/{digest}", work, null, cancellationToken).ConfigureAwait(false);
        return digest;
    }
}
