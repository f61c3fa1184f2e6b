using PublicApiGenerator;

namespace Mlops.Storage.Sqlite.Tests.PublicApi;

/// <summary>
/// The public surface of Mlops.Storage.Sqlite is deliberate: a change fails here until the approved file is updated
/// (copy the .received.txt written next to the test output over the .approved.txt in the source tree).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesTheApprovedFile()
    {
        var actual = typeof(SqliteStoreOptions).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            // Builder extensions live in Microsoft.Extensions.DependencyInjection, which the generator skips by default.
            AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection"],
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }).ReplaceLineEndings("\n");
        var approvedPath = Path.Combine(AppContext.BaseDirectory, "PublicApi", "Mlops.Storage.Sqlite.approved.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;

        if (actual != approved)
        {
            File.WriteAllText(Path.ChangeExtension(approvedPath, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt", actual);
        }

        actual.Should().Be(approved);
    }
}
