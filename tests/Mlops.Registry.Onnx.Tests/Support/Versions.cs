namespace Mlops.Registry.Onnx.Tests;

public static class Versions
{
    public static ModelVersion Of(string model, int version = 1) => new(
        model, version, ModelFlavorNames.Onnx, new string('0', 64), 0, null, null, "file", null,
        new Dictionary<string, string>(), ModelVersionStatus.Ready, DateTimeOffset.UnixEpoch, "tests", []);
}
