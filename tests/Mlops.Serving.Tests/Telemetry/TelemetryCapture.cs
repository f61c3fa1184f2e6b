using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Mlops.Serving.Tests.Telemetry;

/// <summary>
/// Reads what an app instance emits through OpenTelemetry's in-memory exporters, registered the way an app would:
/// <c>services.AddOpenTelemetry().WithMetrics(...).WithTracing(...)</c>.
/// </summary>
/// <remarks>
/// OpenTelemetry subscribes by meter and source <em>name</em>: its <see cref="MeterProvider"/> (resolved from DI or built
/// with <c>Sdk.CreateMeterProviderBuilder()</c>) listens to every meter named <c>Mlops</c> in the process, including the
/// meters other tests' service providers create through their <c>IMeterFactory</c>, and the <c>Mlops</c> activity source is
/// static. Tests read only the points and activities of their own model name, and run in <see cref="TelemetryCollection"/>.
/// With the DI route the providers exist only once resolved (<see cref="Start"/>), and metrics reach the in-memory
/// exporter only on <see cref="MeterProvider"/>'s <c>ForceFlush()</c> (cumulative: each flush exports the totals so far).
/// </remarks>
internal sealed class TelemetryCapture
{
    private readonly LockedList<MetricSnapshot> _metrics = new();
    private readonly LockedList<Activity> _activities = new();
    private MeterProvider? _meterProvider;

    public TelemetryCapture(string modelName) => ModelName = modelName;

    /// <summary>The model whose points and activities are read (other tests' telemetry reaches the same exporters).</summary>
    public string ModelName { get; }

    /// <summary>Registers OpenTelemetry with in-memory exporters in the app's services.</summary>
    public void Register(IServiceCollection services, bool tracing)
    {
        var otel = services.AddOpenTelemetry().WithMetrics(m => m.AddMlopsInstrumentation().AddInMemoryExporter(_metrics));
        if (tracing)
        {
            otel.WithTracing(t => t.AddMlopsInstrumentation().AddInMemoryExporter(_activities));
        }
    }

    /// <summary>Builds the meter provider (and the tracer provider, when <paramref name="tracing"/>): they listen from now on.</summary>
    public void Start(IServiceProvider app, bool tracing)
    {
        _meterProvider = app.GetRequiredService<MeterProvider>();
        if (tracing)
        {
            app.GetRequiredService<TracerProvider>();
        }
    }

    /// <summary>Uses a meter provider built outside DI.</summary>
    public MeterProvider BuildStandalone()
    {
        _meterProvider = Sdk.CreateMeterProviderBuilder().AddMlopsInstrumentation().AddInMemoryExporter(_metrics).Build();
        return _meterProvider;
    }

    /// <summary>Flushes and returns the latest export of <paramref name="name"/> (cumulative totals), or <see langword="null"/>.</summary>
    public MetricSnapshot? Metric(string name)
    {
        var provider = _meterProvider ?? throw new InvalidOperationException("Start the capture first.");
        _metrics.Clear();
        provider.ForceFlush().Should().BeTrue();
        return _metrics.Snapshot().LastOrDefault(m => m.Name == name);
    }

    /// <summary>Flushes and returns the points of <paramref name="name"/> tagged with this capture's model name.</summary>
    public IReadOnlyList<MetricPoint> Points(string name)
    {
        var metric = Metric(name);
        return metric is null ? [] : metric.MetricPoints.Where(p => Tag(p, MlopsTelemetry.Tags.ModelName) as string == ModelName).ToList();
    }

    /// <summary>The exported (stopped, recorded) activities named <paramref name="operation"/> of this capture's model.</summary>
    public IReadOnlyList<Activity> Activities(string operation) =>
        _activities.Snapshot()
            .Where(a => a.OperationName == operation && a.GetTagItem(MlopsTelemetry.Tags.ModelName) as string == ModelName)
            .ToList();

    public static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }

    public static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    /// <summary>A list the exporters may add to from other threads (other tests' activities stop on their threads).</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public List<T> Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(T item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(T item)
        {
            lock (_items)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            lock (_items)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(T item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
