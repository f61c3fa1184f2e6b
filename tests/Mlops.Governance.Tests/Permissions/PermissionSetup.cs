using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;

namespace Mlops.Governance.Tests.Permissions;

/// <summary>The permission configuration the tests share: root is an administrator (through a role), carol is an ML lead.</summary>
internal static class PermissionSetup
{
    public static Action<GovernanceBuilder> Enabled(Action<PermissionOptions>? configure = null) => governance => governance
        .AddRole("admins", "root")
        .AddRole("ml-leads", "carol")
        .EnablePermissions(o =>
        {
            o.Administrators.Add("role:admins");
            configure?.Invoke(o);
        });

    public static async Task<IReadOnlyList<JournalEntry>> EntriesAsync(GovernanceHarness harness, string kind) =>
        (await harness.JournalAsync()).Where(e => e.Kind == kind).ToList();

    public static async Task<JsonElement> LastDenialAsync(GovernanceHarness harness)
    {
        var denial = (await EntriesAsync(harness, JournalKinds.PermissionDenied)).Should().NotBeEmpty().And.Subject.Last();
        return JsonDocument.Parse(denial.Payload).RootElement.Clone();
    }

    public static T Get<T>(this ServiceProvider provider)
        where T : notnull => provider.GetRequiredService<T>();
}
