using System.Globalization;
using Mlops.Registry;

namespace Mlops.Serving.Internal;

/// <summary>Checks served-model options when the model is added, so that a mistake fails at start-up with the value and the rule.</summary>
internal static class ServedModelOptionsRules
{
    public static void Validate<TIn, TOut>(string name, ServedModelOptions<TIn, TOut> options)
        where TIn : class
        where TOut : class, new()
    {
        Target(name, "Alias", options.Alias, "Version", options.Version, "serve either an alias or a version");
        if (options.Key is { } key)
        {
            Check(key.Length is > 0 and <= 250, "Key", key, "a key is 1 to 250 characters");
        }

        Check(options.MaxPooledEngines is >= 1 and <= 4096, "MaxPooledEngines", Text(options.MaxPooledEngines), "must be between 1 and 4096");
        Check(options.InputChecks.RangeMargin is >= 0 and <= 100 && double.IsFinite(options.InputChecks.RangeMargin),
            "InputChecks.RangeMargin", Text(options.InputChecks.RangeMargin), "must be between 0 and 100 (a share of the reference range)");
        var drift = options.Drift;
        Check(drift.SampleRate is > 0 and <= 1, "Drift.SampleRate", Text(drift.SampleRate), "must be in (0, 1]");
        Check(drift.WindowSize is >= 10 and <= 1_000_000, "Drift.WindowSize", Text(drift.WindowSize), "must be between 10 and 1000000");
        Check(drift.MinimumRows >= 1 && drift.MinimumRows <= drift.WindowSize, "Drift.MinimumRows", Text(drift.MinimumRows), "must be between 1 and the window size");
        Check(drift.EvaluationInterval > TimeSpan.Zero, "Drift.EvaluationInterval", drift.EvaluationInterval.ToString(), "must be positive");
        ArgumentNullException.ThrowIfNull(drift.Tests, "Drift.Tests");
        if (options.Canary is { } canary)
        {
            Target(name, "Canary.Alias", canary.Alias, "Canary.Version", canary.Version, "a canary names either an alias or a version");
            Check(canary.Percentage is >= 0 and <= 100, "Canary.Percentage", Text(canary.Percentage), "must be between 0 and 100");
        }

        if (options.Shadow is { } shadow)
        {
            Target(name, "Shadow.Alias", shadow.Alias, "Shadow.Version", shadow.Version, "a shadow names either an alias or a version");
            Check(shadow.SampleRate is > 0 and <= 1, "Shadow.SampleRate", Text(shadow.SampleRate), "must be in (0, 1]");
            Check(shadow.MaxQueued is >= 1 and <= 1_000_000, "Shadow.MaxQueued", Text(shadow.MaxQueued), "must be between 1 and 1000000");
        }
    }

    private static void Target(string name, string aliasField, string? alias, string versionField, int? version, string rule)
    {
        if ((alias is null) == (version is null))
        {
            throw new MlopsValidationException(aliasField + "/" + versionField, alias ?? Text(version), rule + $" (model '{name}').");
        }

        if (alias is not null)
        {
            ModelNames.ValidateAliasSyntax(alias);
        }

        Check(version is null or >= 1, versionField, Text(version), "versions start at 1");
    }

    private static void Check(bool ok, string field, string value, string rule)
    {
        if (!ok)
        {
            throw new MlopsValidationException(field, value, rule + ".");
        }
    }

    private static string Text(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";
}
