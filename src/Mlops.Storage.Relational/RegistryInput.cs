using System.Globalization;

namespace Mlops.Storage.Relational;

/// <summary>Input checks of the registry methods beyond those of <see cref="Registry.ModelNames"/> and <see cref="InputRules"/>.</summary>
internal static class RegistryInput
{
    /// <summary>The longest model or version description, in characters.</summary>
    public const int MaxDescriptionLength = 5000;

    public static void Description(string? description)
    {
        if (description is { Length: > MaxDescriptionLength })
        {
            throw new MlopsValidationException("description", description,
                $"a description is at most {MaxDescriptionLength} characters (this one has {description.Length}).");
        }
    }

    public static void Flavor(string? flavor)
    {
        if (string.IsNullOrWhiteSpace(flavor))
        {
            throw new MlopsValidationException("flavor", flavor, "a model version names its flavor, such as mlnet or onnx.");
        }
    }

    public static void ArtifactLength(long length)
    {
        if (length < 0)
        {
            throw new MlopsValidationException("artifact length", length.ToString(CultureInfo.InvariantCulture), "a length must not be negative.");
        }
    }

    /// <summary>The identifier of a version in messages and <see cref="MlopsNotFoundException"/>: <c>name/7</c>.</summary>
    public static string VersionId(string name, int version) => name + "/" + version.ToString(CultureInfo.InvariantCulture);
}
