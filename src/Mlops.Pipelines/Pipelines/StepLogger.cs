using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Mlops.Pipelines;

/// <summary>A step's logger: forwards to the application's logger and keeps the lines for the step run's log artifact.</summary>
internal sealed class StepLogger(ILogger inner, TimeProvider time) : ILogger
{
    private readonly StringBuilder _lines = new();
    private readonly Lock _gate = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }

        if (logLevel == LogLevel.None)
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {Level(logLevel)} {formatter(state, exception)}");
        lock (_gate)
        {
            _lines.AppendLine(line);
            if (exception is not null)
            {
                _lines.AppendLine(exception.ToString());
            }
        }
    }

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _lines.ToString();
            }
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
