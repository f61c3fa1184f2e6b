namespace Mlops.Serving;

/// <summary>
/// One model registered with <c>AddServing(s =&gt; s.AddModel&lt;TIn, TOut&gt;(...))</c>, for code that needs to find the
/// served models without knowing their types at compile time (HTTP endpoints, dashboards). Resolve the predictor as the
/// keyed service <c>IPredictor&lt;InputType, OutputType&gt;</c> under <see cref="Key"/>.
/// </summary>
/// <param name="Key">The served model's key (its name unless <c>ServedModelOptions.Key</c> was set).</param>
/// <param name="ModelName">The registered model it serves.</param>
/// <param name="InputType">The input row type.</param>
/// <param name="OutputType">The output row type.</param>
public sealed record ServedModelDescriptor(string Key, string ModelName, Type InputType, Type OutputType);
