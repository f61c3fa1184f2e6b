using Mlops.Registry;

namespace Mlops.Storage.Relational;

/// <summary>Maps <see cref="ModelVersionStatus"/> to and from the text stored in <c>model_versions.status</c>.</summary>
internal static class ModelVersionStatusText
{
    public const string Ready = "READY";
    public const string Archived = "ARCHIVED";

    public static string ToText(ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.Ready => Ready,
        ModelVersionStatus.Archived => Archived,
        _ => throw new MlopsValidationException("model version status", status.ToString(), "the status must be Ready or Archived."),
    };

    public static ModelVersionStatus Parse(string text) => text switch
    {
        Ready => ModelVersionStatus.Ready,
        Archived => ModelVersionStatus.Archived,
        _ => throw new MlopsStorageException($"The stored model version status '{text}' is not one of {Ready}, {Archived}."),
    };
}
