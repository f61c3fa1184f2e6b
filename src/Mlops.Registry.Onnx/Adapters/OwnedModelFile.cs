namespace Mlops.Registry.Onnx;

/// <summary>
/// A private copy of verified model bytes on disk, named <c>*.onnx</c>, deleted when disposed. Copies go to a folder of
/// this process (<c>mlops-onnx/&lt;pid&gt;</c> under the temp directory), so that processes never see each other's copies.
/// </summary>
internal sealed class OwnedModelFile : IDisposable
{
    private OwnedModelFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>Where this process writes its copies.</summary>
    public static string Folder { get; } = System.IO.Path.Combine(
        System.IO.Path.GetTempPath(), "mlops-onnx", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static OwnedModelFile Write(byte[] model)
    {
        var directory = Folder;
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, Guid.NewGuid().ToString("N") + ".onnx");
        File.WriteAllBytes(path, model);
        return new OwnedModelFile(path);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Still open elsewhere (Windows): the temp folder is the OS's to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
