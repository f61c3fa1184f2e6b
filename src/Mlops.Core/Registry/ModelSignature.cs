using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops.Registry;

/// <summary>
/// A model's typed interface: the input columns it reads and the output columns it produces. Stored with each version
/// as JSON; two signatures can be compared (<see cref="Compare"/>).
/// </summary>
/// <param name="Inputs">Input columns.</param>
/// <param name="Outputs">Output columns.</param>
public sealed record ModelSignature(IReadOnlyList<SignatureColumn> Inputs, IReadOnlyList<SignatureColumn> Outputs)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Serializes to the compact JSON stored with a version.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a signature stored with a version.</summary>
    public static ModelSignature FromJson(string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(json);
        try
        {
            return JsonSerializer.Deserialize<ModelSignature>(json, Json)
                ?? throw new MlopsValidationException("model signature", json, "the JSON is null.");
        }
        catch (JsonException e)
        {
            throw new MlopsValidationException("model signature", json, "it is not a signature JSON document: " + e.Message);
        }
    }

    /// <summary>
    /// Compares a new signature with the current one, from a caller's point of view: <see cref="SignatureCompatibility.Compatible"/>
    /// when identical; <see cref="SignatureCompatibility.Widened"/> when every existing caller still works (the new one needs
    /// no input the old one did not, reads the same types, and keeps every old output with its type, possibly adding some);
    /// else <see cref="SignatureCompatibility.Breaking"/>, with the reasons.
    /// </summary>
    public static SignatureComparison Compare(ModelSignature current, ModelSignature candidate)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(candidate);
        var reasons = new List<string>();
        var widened = false;
        var oldInputs = current.Inputs.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var input in candidate.Inputs)
        {
            if (!oldInputs.TryGetValue(input.Name, out var old))
            {
                if (!input.Nullable)
                {
                    reasons.Add($"input '{input.Name}' is new and required.");
                }
                else
                {
                    widened = true;
                }

                continue;
            }

            Diff("input", old, input, reasons, ref widened, inputSide: true);
        }

        widened |= current.Inputs.Any(c => candidate.Inputs.All(n => n.Name != c.Name)); // an input no longer read is harmless
        var newOutputs = candidate.Outputs.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var output in current.Outputs)
        {
            if (!newOutputs.TryGetValue(output.Name, out var replacement))
            {
                reasons.Add($"output '{output.Name}' is gone.");
                continue;
            }

            Diff("output", output, replacement, reasons, ref widened, inputSide: false);
        }

        widened |= candidate.Outputs.Any(n => current.Outputs.All(c => c.Name != n.Name));
        return reasons.Count > 0
            ? new SignatureComparison(SignatureCompatibility.Breaking, reasons)
            : new SignatureComparison(widened ? SignatureCompatibility.Widened : SignatureCompatibility.Compatible, []);
    }

    private static void Diff(string side, SignatureColumn old, SignatureColumn now, List<string> reasons, ref bool widened, bool inputSide)
    {
        if (!string.Equals(old.Type, now.Type, StringComparison.Ordinal))
        {
            reasons.Add($"{side} '{old.Name}' changes type from {old.Type} to {now.Type}.");
            return;
        }

        if (old.VectorSize != now.VectorSize)
        {
            reasons.Add($"{side} '{old.Name}' changes shape from {Shape(old.VectorSize)} to {Shape(now.VectorSize)}.");
            return;
        }

        if (old.Nullable != now.Nullable)
        {
            // Accepting nulls where they were refused widens an input; producing nulls where there were none breaks an output.
            var harmless = inputSide ? now.Nullable : !now.Nullable;
            if (harmless)
            {
                widened = true;
            }
            else
            {
                reasons.Add(inputSide
                    ? $"input '{old.Name}' no longer accepts missing values."
                    : $"output '{old.Name}' may now be missing.");
            }
        }
    }

    private static string Shape(int? size) => size switch
    {
        null => "a scalar",
        0 => "a variable-length vector",
        _ => $"a vector of {size}",
    };
}

/// <summary>One column of a signature.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The item type: <c>Single</c>, <c>Double</c>, <c>Int32</c>, <c>Int64</c>, <c>UInt32</c>, <c>Boolean</c>, <c>String</c>, <c>Key</c>, ...</param>
/// <param name="VectorSize"><see langword="null"/> for a scalar, 0 for a variable-length vector, else the fixed size.</param>
/// <param name="Nullable">Whether the value may be missing (NaN for floats, null for strings and nullable types).</param>
public sealed record SignatureColumn(string Name, string Type, int? VectorSize = null, bool Nullable = false);

/// <summary>How a candidate signature relates to the current one.</summary>
public enum SignatureCompatibility
{
    /// <summary>Identical.</summary>
    Compatible = 0,

    /// <summary>Every existing caller keeps working; the candidate accepts or produces more.</summary>
    Widened = 1,

    /// <summary>Some existing caller would break.</summary>
    Breaking = 2,
}

/// <summary>The result of <see cref="ModelSignature.Compare"/>.</summary>
/// <param name="Compatibility">The verdict.</param>
/// <param name="Reasons">Why it breaks (empty unless breaking).</param>
public sealed record SignatureComparison(SignatureCompatibility Compatibility, IReadOnlyList<string> Reasons);
