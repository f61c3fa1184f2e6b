using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops.Registry;
using Mlops.Registry.Onnx;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the ONNX model flavor to Mlops.Sdk.</summary>
public static class OnnxFlavorMlopsBuilderExtensions
{
    /// <summary>
    /// Adds the <c>onnx</c> model flavor (<see cref="OnnxModelFlavor"/>) so the registry can register and load <c>.onnx</c>
    /// files. Calling it twice adds it once.
    /// </summary>
    public static MlopsBuilder AddOnnxFlavor(this MlopsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelFlavor, OnnxModelFlavor>());
        return builder;
    }
}
