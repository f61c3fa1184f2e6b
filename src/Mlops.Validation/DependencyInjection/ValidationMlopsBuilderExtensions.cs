using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops.Validation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the validation gate to Mlops.</summary>
public static class ValidationMlopsBuilderExtensions
{
    /// <summary>Adds <see cref="IModelValidator"/> (needs <c>AddRegistry()</c>, a store and an artifact store).</summary>
    public static MlopsBuilder AddValidation(this MlopsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IModelValidator, ModelValidator>();
        return builder;
    }
}
