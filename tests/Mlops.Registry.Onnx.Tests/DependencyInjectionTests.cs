using Microsoft.Extensions.DependencyInjection;

namespace Mlops.Registry.Onnx.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddOnnxFlavor_registers_the_flavor_once()
    {
        var services = new ServiceCollection();
        services.AddMlops(m => m.AddOnnxFlavor().AddOnnxFlavor());
        using var provider = services.BuildServiceProvider();

        provider.GetServices<IModelFlavor>().OfType<OnnxModelFlavor>().Should().ContainSingle().Which.Name.Should().Be("onnx");
    }
}
