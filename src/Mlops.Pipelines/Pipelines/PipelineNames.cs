using System.Globalization;

namespace Mlops.Pipelines;

internal static class PipelineNames
{
    public const int MaxNameLength = 100;

    public static void ValidateStepName(string name) => ValidateName("step name", name);

    public static void ValidatePipelineName(string name) => ValidateName("pipeline name", name);

    public static void ValidateName(string what, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxNameLength || !name.All(IsNameChar))
        {
            throw new MlopsValidationException(what, name, $"a {what} is 1–{MaxNameLength.ToString(CultureInfo.InvariantCulture)} characters of letters, digits, '_', '-' and '.'.");
        }
    }

    public static void ValidateVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Length is 0 or > MaxNameLength || !version.All(IsNameChar))
        {
            throw new MlopsValidationException("step version", version, $"a step version is 1–{MaxNameLength.ToString(CultureInfo.InvariantCulture)} characters of letters, digits, '_', '-' and '.' (a number, a date, a commit).");
        }
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
}
