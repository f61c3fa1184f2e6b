using System.Globalization;

namespace Mlops.Registry;

/// <summary>
/// A model reference: <c>models:/name/7</c> (a version), <c>models:/name@champion</c> (an alias) or
/// <c>models:/name/latest</c> (the highest ready version). Accepted everywhere a model is.
/// </summary>
public sealed record ModelUri
{
    private const string Scheme = "models:/";

    private ModelUri(string name, int? version, string? alias)
    {
        Name = name;
        Version = version;
        Alias = alias;
    }

    /// <summary>The model name.</summary>
    public string Name { get; }

    /// <summary>The version number, when the URI names one.</summary>
    public int? Version { get; }

    /// <summary>The alias, when the URI names one (<c>latest</c> for <c>models:/name/latest</c>).</summary>
    public string? Alias { get; }

    /// <summary>A URI for a version.</summary>
    public static ModelUri ForVersion(string name, int version)
    {
        ModelNames.ValidateModelName(name);
        return version < 1
            ? throw new MlopsValidationException("model version", version.ToString(CultureInfo.InvariantCulture), "versions start at 1.")
            : new ModelUri(name, version, null);
    }

    /// <summary>A URI for an alias (or <c>latest</c>).</summary>
    public static ModelUri ForAlias(string name, string alias)
    {
        ModelNames.ValidateModelName(name);
        if (alias != ModelNames.Latest)
        {
            ModelNames.ValidateAliasSyntax(alias);
        }

        return new ModelUri(name, null, alias);
    }

    /// <summary>Parses <c>models:/name/7</c>, <c>models:/name@alias</c>, <c>models:/name/latest</c> (and <c>models:/name/v7</c>).</summary>
    /// <exception cref="MlopsValidationException">The text is not a model URI; the message says which form is expected.</exception>
    public static ModelUri Parse(string uri)
    {
        if (TryParse(uri, out var result, out var error))
        {
            return result;
        }

        throw new MlopsValidationException("model URI", uri, error);
    }

    /// <summary>Tries to parse a model URI.</summary>
    public static bool TryParse(string? uri, out ModelUri result) => TryParse(uri, out result, out _);

    private static bool TryParse(string? uri, out ModelUri result, out string error)
    {
        result = null!;
        error = "expected models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest.";
        if (uri is null || !uri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = uri[Scheme.Length..];
        var at = rest.LastIndexOf('@');
        var slash = rest.LastIndexOf('/');
        if (at > 0 && at > slash)
        {
            var name = rest[..at];
            var alias = rest[(at + 1)..];
            if (!ModelNames.IsValidModelName(name) || !ModelNames.IsValidAliasSyntax(alias))
            {
                return false;
            }

            result = new ModelUri(name, null, alias);
            return true;
        }

        if (slash <= 0)
        {
            return false;
        }

        var modelName = rest[..slash];
        var reference = rest[(slash + 1)..];
        if (!ModelNames.IsValidModelName(modelName))
        {
            return false;
        }

        if (reference == ModelNames.Latest)
        {
            result = new ModelUri(modelName, null, ModelNames.Latest);
            return true;
        }

        var digits = reference.StartsWith('v') ? reference[1..] : reference;
        if (digits.Length is > 0 and <= 9 && digits.All(char.IsAsciiDigit) && digits[0] != '0'
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            result = new ModelUri(modelName, version, null);
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Version is { } v
        ? string.Create(CultureInfo.InvariantCulture, $"{Scheme}{Name}/{v}")
        : Alias == ModelNames.Latest ? $"{Scheme}{Name}/latest" : $"{Scheme}{Name}@{Alias}";
}
