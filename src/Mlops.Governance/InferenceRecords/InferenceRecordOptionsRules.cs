using System.Globalization;

namespace Mlops.Governance;

/// <summary>Checks <see cref="InferenceRecordOptions"/> when inference records are added, naming the field, value and rule.</summary>
internal static class InferenceRecordOptionsRules
{
    public static void Validate(InferenceRecordOptions options)
    {
        Check(options.SampleRate is > 0 and <= 1, "SampleRate", Text(options.SampleRate), "must be in (0, 1]");
        Check(Enum.IsDefined(options.InputMode), "InputMode", options.InputMode.ToString(), "must be Full, Redacted or HashOnly");
        Check(options.Retention >= TimeSpan.FromDays(1), "Retention", options.Retention.ToString(), "must be at least one day (the default keeps six months)");
        Check(options.PurgeInterval >= TimeSpan.FromMinutes(1), "PurgeInterval", options.PurgeInterval.ToString(), "must be at least one minute");
        Check(options.BufferCapacity is >= 1 and <= 10_000_000, "BufferCapacity", Text(options.BufferCapacity), "must be between 1 and 10000000");
        Check(options.BatchSize is >= 1 and <= 10_000, "BatchSize", Text(options.BatchSize), "must be between 1 and 10000");
        Check(options.FlushInterval > TimeSpan.Zero && options.FlushInterval <= TimeSpan.FromHours(1), "FlushInterval", options.FlushInterval.ToString(), "must be positive and at most one hour");
        foreach (var name in options.Models)
        {
            Check(!string.IsNullOrWhiteSpace(name), "Models", name, "names a served key or model");
        }

        foreach (var field in options.DropFields.Concat(options.HashFields))
        {
            Check(!string.IsNullOrWhiteSpace(field), "DropFields/HashFields", field, "names an input property");
        }
    }

    private static void Check(bool ok, string field, string? value, string rule)
    {
        if (!ok)
        {
            throw new MlopsValidationException(field, value, rule + ".");
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
