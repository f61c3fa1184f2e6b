using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Mlops.Serving;

namespace Mlops.Benchmarks.Serving;

/// <summary>
/// One served prediction, <see cref="IPredictor{TIn, TOut}.Predict(TIn)"/>, against the raw ML.NET
/// <see cref="PredictionEngine{TSrc, TDst}.Predict(TSrc)"/> on the same <c>.zip</c> (FastTree regression, 100 trees,
/// 3 features). Goal: served with telemetry on ≤ 1.10 × raw. "Telemetry on" means an OpenTelemetry SDK meter provider
/// listening to the <c>Mlops</c> meter (<c>AddMlopsInstrumentation()</c>), so the duration histogram and the prediction
/// counter aggregate on every call; the setup proves they record before anything is measured. "Telemetry off" runs in
/// a process where nothing listens to the meter (BenchmarkDotNet runs each case in its own process).
/// </summary>
[MemoryDiagnoser]
public class ServingPredictBenchmarks
{
    private const string Plain = "plain";
    private const string Checked = "checked";
    private const string CheckedWithDrift = "checked-drift";

    private ServingBenchmarkModel _model = null!;
    private ServingBenchmarkHost _host = null!;
    private ServingTelemetryProbe? _telemetry;
    private PredictionEngine<ServingCar, ServingMpg> _raw = null!;
    private IPredictor<ServingCar, ServingMpg> _plain = null!;
    private IPredictor<ServingCar, ServingMpg> _checked = null!;
    private IPredictor<ServingCar, ServingMpg> _checkedWithDrift = null!;
    private ServingCar _row = null!;

    [GlobalSetup]
    public void Setup() => SetUp(telemetry: true);

    [GlobalSetup(Target = nameof(ServedTelemetryOff))]
    public void SetupTelemetryOff() => SetUp(telemetry: false);

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _host.Dispose();
        _telemetry?.Dispose();
        _model.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Raw PredictionEngine.Predict")]
    public ServingMpg Raw() => _raw.Predict(_row);

    [Benchmark(Description = "Served Predict, telemetry on")]
    public ServingMpg Served() => _plain.Predict(_row);

    [Benchmark(Description = "Served Predict, telemetry off")]
    public ServingMpg ServedTelemetryOff() => _plain.Predict(_row);

    [Benchmark(Description = "Served Predict, input checks, telemetry on")]
    public ServingMpg ServedInputChecks() => _checked.Predict(_row);

    [Benchmark(Description = "Served Predict, input checks + online drift, telemetry on")]
    public ServingMpg ServedInputChecksAndDrift() => _checkedWithDrift.Predict(_row);

    private void SetUp(bool telemetry)
    {
        _model = new ServingBenchmarkModel();
        _row = _model.Row;
        _telemetry = telemetry ? new ServingTelemetryProbe() : null;

        // Every served key follows the same alias; the versions carry a reference profile, so checks and drift depend on
        // each key's options only.
        _host = new ServingBenchmarkHost(_model, versions: 1, storeReference: true, s => s
            .AddModel<ServingCar, ServingMpg>(ServingBenchmarkHost.ModelName, o =>
            {
                o.Key = Plain;
                o.Alias = ServingBenchmarkHost.Alias;
                o.WarmupInput = _row;
                o.InputChecks.Mode = InputCheckMode.Off;
                o.Drift.Enabled = false;
            })
            .AddModel<ServingCar, ServingMpg>(ServingBenchmarkHost.ModelName, o =>
            {
                o.Key = Checked;
                o.Alias = ServingBenchmarkHost.Alias;
                o.WarmupInput = _row;
                o.InputChecks.Mode = InputCheckMode.Flag;
                o.Drift.Enabled = false;
            })
            .AddModel<ServingCar, ServingMpg>(ServingBenchmarkHost.ModelName, o =>
            {
                o.Key = CheckedWithDrift;
                o.Alias = ServingBenchmarkHost.Alias;
                o.WarmupInput = _row;
                o.InputChecks.Mode = InputCheckMode.Flag;
            }));
        _plain = _host.Predictor(Plain);
        _checked = _host.Predictor(Checked);
        _checkedWithDrift = _host.Predictor(CheckedWithDrift);
        _raw = _model.CreateRawEngine();

        // Same model, same answer; the row is clean, so the checked keys flag nothing.
        var expected = _raw.Predict(_row).Score;
        foreach (var predictor in new[] { _plain, _checked, _checkedWithDrift })
        {
            var details = predictor.PredictWithDetails(_row);
            if (details.Output.Score != expected || details.Issues.Count != 0)
            {
                throw new InvalidOperationException($"'{predictor.Key}' answered {details.Output.Score} with {details.Issues.Count} issue(s); raw ML.NET answered {expected}.");
            }
        }

        if (_host.TelemetryEnabled != telemetry)
        {
            throw new InvalidOperationException($"The serving duration histogram is {(_host.TelemetryEnabled ? "enabled" : "disabled")}, expected {(telemetry ? "enabled" : "disabled")}.");
        }

        _telemetry?.Verify(minimum: 3);
    }
}
