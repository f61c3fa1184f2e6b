namespace Mlops.Serving.Routing;

/// <summary>
/// Mirrors predictions to a challenger in the background and compares outputs; the challenger never touches the response.
/// The caller pays only for a shallow copy of the input and output and a bounded queue write; when the queue is full the
/// mirror is dropped and counted.
/// </summary>
/// <typeparam name="TOut">The output row type.</typeparam>
public sealed class ShadowRoute<TOut>
{
    /// <summary>The alias naming the challenger, or <see langword="null"/> when <see cref="Version"/> is set.</summary>
    public string? Alias { get; set; }

    /// <summary>The challenger version, or <see langword="null"/> when <see cref="Alias"/> is set.</summary>
    public int? Version { get; set; }

    /// <summary>The share of predictions mirrored, in (0, 1].</summary>
    /// <value>1.</value>
    public double SampleRate { get; set; } = 1;

    /// <summary>Mirrors waiting for the shadow worker at most; beyond this they are dropped.</summary>
    /// <value>1024.</value>
    public int MaxQueued { get; set; } = 1024;

    /// <summary>Whether two outputs agree; by default every public property and field is compared (floats to 1e-5 relative).</summary>
    public Func<TOut, TOut, bool>? OutputsAgree { get; set; }
}
