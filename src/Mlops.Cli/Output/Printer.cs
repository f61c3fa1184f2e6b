using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Mlops.Cli.Output;

/// <summary>Writes results: JSON documents for scripts (--json), Spectre tables and lines for people.</summary>
internal sealed class Printer(IAnsiConsole console, TextWriter output, TextWriter error, bool json)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public bool Json { get; } = json;

    public IAnsiConsole Console { get; } = console;

    public TextWriter Error { get; } = error;

    public void WriteJson<T>(T value) => output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Writes raw text (a Markdown card, a JSON document produced by the SDK) unchanged.</summary>
    public void WriteText(string text) => output.WriteLine(text);

    public void Write(Table table) => Console.Write(table);

    public void Line(string markup) => Console.MarkupLine(markup);

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }

    public static string Esc(string? text) => Markup.Escape(text ?? "");

    public static string Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public static string Number(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
