using System.Globalization;

namespace Mlops.Registry;

/// <summary>
/// Naming rules of the registry. Model names: 1–250 characters of letters, digits, <c>_ - .</c> and spaces, starting
/// with a letter or digit (no <c>/</c> or <c>@</c>, so URIs stay unambiguous). Aliases follow MLflow: <c>^[\w\-]+$</c>, at
/// most 255 characters, with <c>latest</c> and <c>v&lt;N&gt;</c> reserved.
/// </summary>
public static class ModelNames
{
    /// <summary>The reserved alias for the highest ready version.</summary>
    public const string Latest = "latest";

    /// <summary>The longest model name.</summary>
    public const int MaxModelNameLength = 250;

    /// <summary>The longest alias.</summary>
    public const int MaxAliasLength = 255;

    /// <summary>Tells whether <paramref name="name"/> is a valid model name.</summary>
    public static bool IsValidModelName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxModelNameLength || !char.IsLetterOrDigit(name[0]) || name[^1] == ' ')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ' '))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="MlopsValidationException"/> unless the model name is valid.</summary>
    public static void ValidateModelName(string? name)
    {
        if (!IsValidModelName(name))
        {
            throw new MlopsValidationException("model name", name,
                $"a model name is 1–{MaxModelNameLength} characters of letters, digits, '_', '-', '.' and spaces, starting with a letter or digit and not ending with a space.");
        }
    }

    /// <summary>Tells whether <paramref name="alias"/> has alias syntax (<c>^[\w\-]+$</c>), reserved or not.</summary>
    public static bool IsValidAliasSyntax(string? alias)
    {
        if (string.IsNullOrEmpty(alias) || alias.Length > MaxAliasLength)
        {
            return false;
        }

        foreach (var c in alias)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Tells whether <paramref name="alias"/> is reserved: <c>latest</c> or <c>v</c> followed by digits (case-insensitive).</summary>
    public static bool IsReservedAlias(string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        return alias.Equals(Latest, StringComparison.OrdinalIgnoreCase)
            || (alias.Length > 1 && (alias[0] is 'v' or 'V') && alias.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0);
    }

    /// <summary>Throws unless <paramref name="alias"/> has alias syntax (reserved names are allowed here: they resolve).</summary>
    public static void ValidateAliasSyntax(string? alias)
    {
        if (!IsValidAliasSyntax(alias))
        {
            throw new MlopsValidationException("alias", alias, $"an alias is 1–{MaxAliasLength} letters, digits, '_' or '-'.");
        }
    }

    /// <summary>Throws unless <paramref name="alias"/> can be set: valid syntax and not reserved.</summary>
    public static void ValidateSettableAlias(string? alias)
    {
        ValidateAliasSyntax(alias);
        if (IsReservedAlias(alias!))
        {
            throw new MlopsValidationException("alias", alias, "'latest' and 'v<N>' are reserved: they always mean the highest ready version and version N.");
        }
    }

    /// <summary>Formats a version number as the reserved alias <c>vN</c>.</summary>
    public static string VersionAlias(int version) => "v" + version.ToString(CultureInfo.InvariantCulture);
}
