namespace Mlops.Registry.Onnx;

/// <summary>A private copy of verified model bytes on disk, named <c>*.onnx</c>, deleted when disposed.</summary>
internal sealed class OwnedModelFile : IDisposable
{
    private OwnedModelFile(string path) => Path = path;

    public string Path { get; }

    public static OwnedModelFile Write(byte[] model)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlops-onnx");
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
