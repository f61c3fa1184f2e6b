using System.Reflection;
using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace Mlops.Tests.Shared;

/// <summary>
/// Public API tracking: each package's public surface is generated and compared with a committed
/// <c>PublicApi/&lt;Assembly&gt;.approved.txt</c> next to the calling test. A change fails until the file is updated: the
/// test writes <c>&lt;Assembly&gt;.received.txt</c> beside it; review the diff and copy it over the approved file.
/// </summary>
internal static class PublicApiApproval
{
    public static void Verify(Assembly assembly, [CallerFilePath] string callerFile = "")
    {
        var actual = assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            // Builder extensions live in Microsoft.Extensions.DependencyInjection and endpoint mapping in Microsoft.AspNetCore.Builder,
            // which the generator skips by default.
            AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection", "Microsoft.AspNetCore.Builder"],
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }).ReplaceLineEndings("\n");
        var directory = Path.GetDirectoryName(callerFile)!;
        var name = assembly.GetName().Name;
        var approvedPath = Path.Combine(directory, name + ".approved.txt");
        var receivedPath = Path.Combine(directory, name + ".received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        if (actual == approved)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail($"The public API of {name} changed. Review {receivedPath} and, if the change is intended, copy it over {approvedPath}.");
    }
}
