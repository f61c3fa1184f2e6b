using System.Globalization;
using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.Storage.Sqlite.Tests.CrossProcess;

/// <summary>What each process writes in the registry race: get-or-create of one model, then versions of it, from several threads.</summary>
internal static class RegistryWorkload
{
    public const string Model = "shared-model";
    public const int Threads = 4;
    public const int Rounds = 25;
    public static readonly DateTimeOffset T0 = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static Task RunAsync(IMlopsStore store, string name, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Threads).Select(thread => Task.Run(async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                await store.GetOrCreateRegisteredModelAsync(Model, T0, name, Draft(JournalKinds.ModelCreated, "model/" + Model), cancellationToken);
                var tags = new Dictionary<string, string> { ["writer"] = name, ["thread"] = thread.ToString(CultureInfo.InvariantCulture) };
                await store.CreateModelVersionAsync(
                    new NewModelVersion(Model, "mlnet", new string('a', 64), 1, null, null, "stream", null, tags, T0, name),
                    number => Draft(JournalKinds.ModelVersionRegistered, $"model/{Model}/{number.ToString(CultureInfo.InvariantCulture)}"),
                    cancellationToken);
            }
        }, cancellationToken)));

    private static JournalDraft Draft(string kind, string subject) => new(kind, subject, "workload", T0, JournalPayload.Create(("subject", subject)));
}
