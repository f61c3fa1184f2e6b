namespace Mlops.Serving;

/// <summary>What serving does with an input row that fails the checks against the version's reference profile.</summary>
public enum InputCheckMode
{
    /// <summary>No checks.</summary>
    Off,

    /// <summary>Serve it, count the issue (<c>mlops.serving.input.issues</c>) and report it in <see cref="Prediction{TOut}.Issues"/>.</summary>
    Flag,

    /// <summary>Refuse it with <see cref="MlopsValidationException"/> naming the field, value and rule; counted as an error.</summary>
    Reject,
}
