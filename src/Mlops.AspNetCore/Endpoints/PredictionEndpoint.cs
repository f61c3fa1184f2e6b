using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mlops.AspNetCore.Binding;
using Mlops.Serving;

namespace Mlops.AspNetCore.Endpoints;

/// <summary>The HTTP face of one served model, without its row types.</summary>
internal abstract class PredictionEndpoint
{
    protected static readonly JsonEncodedText PredictionsName = JsonEncodedText.Encode("predictions");

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    protected PredictionEndpoint(ServedModelDescriptor descriptor) => Descriptor = descriptor;

    /// <summary>The served model.</summary>
    public ServedModelDescriptor Descriptor { get; }

    /// <summary>The served model's status.</summary>
    public abstract ServedModelStatus Status { get; }

    /// <summary>The input column names, in order.</summary>
    public abstract IReadOnlyList<string> InputColumns { get; }

    /// <summary>Creates the endpoint of <paramref name="descriptor"/>, resolving its predictor from <paramref name="services"/>.</summary>
    public static PredictionEndpoint Create(ServedModelDescriptor descriptor, IServiceProvider services)
    {
        var type = typeof(PredictionEndpoint<,>).MakeGenericType(descriptor.InputType, descriptor.OutputType);
        return (PredictionEndpoint)Activator.CreateInstance(type, descriptor, services)!;
    }

    /// <summary>Our format: one JSON object (one row) or a list of them, answered with the version that answered each row.</summary>
    public abstract Task PredictAsync(HttpContext context);

    /// <summary>MLflow's <c>/invocations</c> format, answered with <c>{"predictions": [...]}</c>.</summary>
    public abstract Task InvokeAsync(HttpContext context);

    /// <summary>Reads the request body as JSON, refusing other content types.</summary>
    protected static async Task<JsonDocument> ReadJsonAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new UnsupportedContentTypeException(context.Request.ContentType);
        }

        return await JsonDocument.ParseAsync(context.Request.Body, DocumentOptions, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The routing key of a request: the <c>X-Mlops-Routing-Key</c> header, else the <c>routingKey</c> query value.</summary>
    protected static string? RoutingKey(HttpRequest request) =>
        request.Headers.TryGetValue("X-Mlops-Routing-Key", out var header) && header.Count > 0 ? header[0]
        : request.Query.TryGetValue("routingKey", out var query) && query.Count > 0 ? query[0]
        : null;
}

/// <summary>The HTTP face of one served model.</summary>
/// <typeparam name="TIn">The input row type.</typeparam>
/// <typeparam name="TOut">The output row type.</typeparam>
internal sealed class PredictionEndpoint<TIn, TOut> : PredictionEndpoint
    where TIn : class
    where TOut : class, new()
{
    private static readonly JsonEncodedText ModelName = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText VariantName = JsonEncodedText.Encode("variant");
    private static readonly JsonEncodedText OutputName = JsonEncodedText.Encode("output");
    private static readonly JsonEncodedText IssuesName = JsonEncodedText.Encode("issues");

    private readonly IPredictor<TIn, TOut> _predictor;
    private readonly RowBinder<TIn> _binder = new();
    private readonly RowWriter<TOut> _writer = new();

    public PredictionEndpoint(ServedModelDescriptor descriptor, IServiceProvider services)
        : base(descriptor)
    {
        _predictor = services.GetRequiredKeyedService<IPredictor<TIn, TOut>>(descriptor.Key);
        InputColumns = _binder.Columns.Select(c => c.Name).ToArray();
    }

    public override ServedModelStatus Status => _predictor.Status;

    public override IReadOnlyList<string> InputColumns { get; }

    public override async Task PredictAsync(HttpContext context)
    {
        using var document = await ReadJsonAsync(context).ConfigureAwait(false);
        var root = document.RootElement;
        var routingKey = RoutingKey(context.Request);
        Prediction<TOut>[] predictions;
        if (root.ValueKind == JsonValueKind.Array)
        {
            var rows = new List<TIn>(root.GetArrayLength());
            var i = 0;
            foreach (var item in root.EnumerateArray())
            {
                rows.Add(_binder.FromObject(item, ignoreUnknown: false, $"row {i++}"));
            }

            predictions = new Prediction<TOut>[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                predictions[r] = _predictor.PredictWithDetails(rows[r], routingKey);
            }
        }
        else
        {
            predictions = [_predictor.PredictWithDetails(_binder.FromObject(root, ignoreUnknown: false, "the request"), routingKey)];
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        if (root.ValueKind == JsonValueKind.Array)
        {
            json.WriteStartObject();
            json.WriteStartArray(PredictionsName);
            foreach (var prediction in predictions)
            {
                WritePrediction(json, prediction);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            WritePrediction(json, predictions[0]);
        }

        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public override async Task InvokeAsync(HttpContext context)
    {
        using var document = await ReadJsonAsync(context).ConfigureAwait(false);
        var rows = MlflowRequest.Read(document.RootElement, _binder);
        var outputs = rows.Count == 0 ? [] : _predictor.PredictBatch(rows, RoutingKey(context.Request));
        context.Response.ContentType = "application/json; charset=utf-8";
        using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteStartArray(PredictionsName);
        foreach (var output in outputs)
        {
            _writer.Write(json, output);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private void WritePrediction(Utf8JsonWriter json, Prediction<TOut> prediction)
    {
        json.WriteStartObject();
        json.WriteString(ModelName, prediction.ModelName);
        json.WriteNumber(VersionName, prediction.Version);
        json.WriteString(VariantName, prediction.Variant);
        json.WritePropertyName(OutputName);
        _writer.Write(json, prediction.Output);
        if (prediction.Issues.Count > 0)
        {
            json.WriteStartArray(IssuesName);
            foreach (var issue in prediction.Issues)
            {
                json.WriteStartObject();
                json.WriteString("field", issue.Field);
                json.WriteString("kind", issue.Kind.ToString());
                json.WriteString("value", issue.Value);
                json.WriteString("rule", issue.Rule);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}

/// <summary>The request body is not JSON.</summary>
internal sealed class UnsupportedContentTypeException(string? contentType)
    : Exception($"The request's content type is '{contentType ?? "(none)"}'; send the rows as 'application/json'.");
