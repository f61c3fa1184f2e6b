namespace Mlops;

/// <summary>
/// The input rules every store and feature applies before writing, following MLflow's conventions: keys are at most
/// 250 characters of letters, digits, <c>_ - . / space</c>, with no <c>..</c> segment and no leading <c>/</c>;
/// parameter values at most 6000 characters; tag values at most 5000.
/// </summary>
public static class InputRules
{
    /// <summary>The longest key (metric, parameter or tag), in characters.</summary>
    public const int MaxKeyLength = 250;

    /// <summary>The longest parameter value, in characters.</summary>
    public const int MaxParamValueLength = 6000;

    /// <summary>The longest tag value, in characters.</summary>
    public const int MaxTagValueLength = 5000;

    /// <summary>The longest experiment or run name, in characters.</summary>
    public const int MaxNameLength = 500;

    /// <summary>The longest logical artifact path, in characters.</summary>
    public const int MaxArtifactPathLength = 1024;

    /// <summary>Throws <see cref="MlopsValidationException"/> unless <paramref name="key"/> is a valid key.</summary>
    /// <param name="field">What the key names, for the message: <c>metric key</c>, <c>param key</c>, <c>tag key</c>.</param>
    /// <param name="key">The key to check.</param>
    public static void ValidateKey(string field, string? key)
    {
        if (!IsValidKey(key))
        {
            throw new MlopsValidationException(field, key, DescribeKeyRule(key));
        }
    }

    /// <summary>Tells whether <paramref name="key"/> is a valid key, without allocating.</summary>
    public static bool IsValidKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || key[0] == '/')
        {
            return false;
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ' ' || (c > 127 && char.IsLetterOrDigit(c))))
            {
                return false;
            }

            // A ".." path segment: at the start or after '/', followed by the end or '/'.
            if (c == '.' && i + 1 < key.Length && key[i + 1] == '.' && (i == 0 || key[i - 1] == '/')
                && (i + 2 == key.Length || key[i + 2] == '/'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws unless <paramref name="value"/> is a valid parameter value (not null, at most 6000 characters).</summary>
    public static void ValidateParamValue(string key, string? value)
    {
        if (value is null)
        {
            throw new MlopsValidationException($"value of param '{key}'", value, "a parameter value must not be null.");
        }

        if (value.Length > MaxParamValueLength)
        {
            throw new MlopsValidationException($"value of param '{key}'", value,
                $"a parameter value is at most {MaxParamValueLength} characters (this one has {value.Length}).");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a valid tag value (not null, at most 5000 characters).</summary>
    public static void ValidateTagValue(string key, string? value)
    {
        if (value is null)
        {
            throw new MlopsValidationException($"value of tag '{key}'", value, "a tag value must not be null.");
        }

        if (value.Length > MaxTagValueLength)
        {
            throw new MlopsValidationException($"value of tag '{key}'", value,
                $"a tag value is at most {MaxTagValueLength} characters (this one has {value.Length}).");
        }
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid experiment or run name.</summary>
    public static void ValidateName(string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new MlopsValidationException(field, name, "a name must not be empty or whitespace.");
        }

        if (name.Length > MaxNameLength)
        {
            throw new MlopsValidationException(field, name, $"a name is at most {MaxNameLength} characters (this one has {name.Length}).");
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                throw new MlopsValidationException(field, name, "a name must not contain control characters.");
            }
        }
    }

    /// <summary>
    /// Throws unless <paramref name="path"/> is a safe logical artifact path: relative, '/'-separated, no empty,
    /// <c>.</c> or <c>..</c> segment, no backslash, no drive letter, no control character.
    /// </summary>
    public static void ValidateArtifactPath(string? path)
    {
        const string Field = "artifact path";
        if (string.IsNullOrEmpty(path))
        {
            throw new MlopsValidationException(Field, path, "an artifact path must not be empty.");
        }

        if (path.Length > MaxArtifactPathLength)
        {
            throw new MlopsValidationException(Field, path, $"an artifact path is at most {MaxArtifactPathLength} characters.");
        }

        if (path[0] == '/' || path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal))
        {
            throw new MlopsValidationException(Field, path,
                "an artifact path is relative and '/'-separated: no leading '/', no '\\', no ':' (drive or scheme).");
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new MlopsValidationException(Field, path,
                    "an artifact path must not have empty, '.' or '..' segments (path traversal is refused).");
            }

            foreach (var c in segment)
            {
                if (char.IsControl(c))
                {
                    throw new MlopsValidationException(Field, path, "an artifact path must not contain control characters.");
                }
            }
        }
    }

    private static string DescribeKeyRule(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "a key must not be empty.";
        }

        if (key.Length > MaxKeyLength)
        {
            return $"a key is at most {MaxKeyLength} characters (this one has {key.Length}).";
        }

        if (key[0] == '/')
        {
            return "a key must not start with '/'.";
        }

        return "a key may contain only letters, digits, '_', '-', '.', '/' and spaces, and no '..' segment.";
    }
}
