namespace Mlops.Governance;

/// <summary>How much of a prediction's input an inference record keeps. Its SHA-256 is always kept.</summary>
public enum InferenceInputMode
{
    /// <summary>The whole input as JSON; redaction rules are ignored.</summary>
    Full,

    /// <summary>The input as JSON after the redaction rules (<see cref="InferenceRecordOptions.DropFields"/>, <see cref="InferenceRecordOptions.HashFields"/>).</summary>
    Redacted,

    /// <summary>Only the input's hash: enough to match a disputed input, nothing to leak.</summary>
    HashOnly,
}
