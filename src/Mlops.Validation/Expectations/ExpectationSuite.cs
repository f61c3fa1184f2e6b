using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Mlops.Validation.Expectations.Implementation;

namespace Mlops.Validation.Expectations;

/// <summary>A named list of expectations, run together over a dataset. Stored and reloaded as JSON.</summary>
public sealed record ExpectationSuite
{
    /// <summary>Creates a suite.</summary>
    /// <param name="name">The suite name.</param>
    /// <param name="expectations">The expectations, in the order they run.</param>
    [JsonConstructor]
    public ExpectationSuite(string name, IReadOnlyList<Expectation> expectations)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new MlopsValidationException("suite name", name, "must not be empty");
        }

        ArgumentNullException.ThrowIfNull(expectations);
        if (expectations.Any(e => e is null))
        {
            throw new MlopsValidationException("expectations", null, "must not hold null entries");
        }

        Name = name;
        Expectations = [.. expectations];
    }

    /// <summary>The suite name.</summary>
    public string Name { get; }

    /// <summary>The expectations, in the order they run.</summary>
    public IReadOnlyList<Expectation> Expectations { get; }

    /// <summary>Starts a new suite in code.</summary>
    /// <param name="name">The suite name.</param>
    /// <returns>A builder.</returns>
    public static ExpectationSuiteBuilder CreateBuilder(string name) => new(name, []);

    /// <summary>Starts editing a copy of this suite.</summary>
    /// <returns>A builder holding this suite's name and expectations.</returns>
    public ExpectationSuiteBuilder ToBuilder() => new(Name, Expectations);

    /// <summary>Infers a suite from reference data in an ML.NET <see cref="IDataView"/>.</summary>
    /// <param name="name">The suite name.</param>
    /// <param name="reference">The reference data.</param>
    /// <param name="options">How to infer; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops reading the data.</param>
    /// <returns>The inferred suite.</returns>
    public static ExpectationSuite Infer(string name, IDataView reference, ExpectationInferenceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return SuiteInferrer.Infer(name, DataViewReader.Read(reference, cancellationToken), options ?? new ExpectationInferenceOptions());
    }

    /// <summary>Infers a suite from reference objects; public readable properties are the columns.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="name">The suite name.</param>
    /// <param name="reference">The reference rows.</param>
    /// <param name="options">How to infer; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops reading the data.</param>
    /// <returns>The inferred suite.</returns>
    public static ExpectationSuite Infer<T>(string name, IEnumerable<T> reference, ExpectationInferenceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return SuiteInferrer.Infer(name, EnumerableReader.Read(reference, cancellationToken), options ?? new ExpectationInferenceOptions());
    }

    /// <summary>Runs the suite over an ML.NET <see cref="IDataView"/>.</summary>
    /// <param name="data">The data.</param>
    /// <param name="options">How to run; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>One result per expectation and the overall verdict.</returns>
    /// <exception cref="MlopsSchemaMismatchException">A value expectation names a column of a type it cannot check (such as a vector).</exception>
    public ExpectationSuiteResult Validate(IDataView data, ExpectationRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ExpectationEvaluator.Run(this, DataViewReader.Read(data, cancellationToken), CheckOptions(options), cancellationToken);
    }

    /// <summary>Runs the suite over objects; public readable properties are the columns (null and NaN are missing).</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="data">The rows.</param>
    /// <param name="options">How to run; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>One result per expectation and the overall verdict.</returns>
    /// <exception cref="MlopsSchemaMismatchException">A value expectation names a column of a type it cannot check (such as a vector).</exception>
    public ExpectationSuiteResult Validate<T>(IEnumerable<T> data, ExpectationRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ExpectationEvaluator.Run(this, EnumerableReader.Read(data, cancellationToken), CheckOptions(options), cancellationToken);
    }

    /// <summary>Writes the suite as JSON (camelCase, expectations tagged by <c>expectation_type</c>).</summary>
    /// <returns>The JSON document.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, ExpectationJson.Options);

    /// <summary>Reads a suite written by <see cref="ToJson"/> (or edited by hand); every expectation is validated.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The suite.</returns>
    /// <exception cref="MlopsValidationException">The document is not a valid suite.</exception>
    public static ExpectationSuite FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ExpectationJson.Read<ExpectationSuite>(json, "expectation suite json");
    }

    /// <inheritdoc />
    public bool Equals(ExpectationSuite? other) =>
        other is not null && Name == other.Name && Expectations.SequenceEqual(other.Expectations);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Expectations.Count);

    private static ExpectationRunOptions CheckOptions(ExpectationRunOptions? options)
    {
        options ??= new ExpectationRunOptions();
        if (options.MaxUnexpectedExamples < 0)
        {
            throw new MlopsValidationException("max unexpected examples", options.MaxUnexpectedExamples.ToString(System.Globalization.CultureInfo.InvariantCulture), "must not be negative");
        }

        if (options.RegexTimeout <= TimeSpan.Zero)
        {
            throw new MlopsValidationException("regex timeout", options.RegexTimeout.ToString(), "must be positive");
        }

        return options;
    }
}
