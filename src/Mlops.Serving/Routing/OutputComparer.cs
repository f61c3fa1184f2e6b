using System.Reflection;

namespace Mlops.Serving.Routing;

/// <summary>The default shadow comparison: every public property and field equal, floats and doubles to 1e-5 relative, arrays element by element.</summary>
internal static class OutputComparer<TOut>
{
    private const double Tolerance = 1e-5;

    private static readonly Func<TOut, object?>[] Getters = typeof(TOut)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
        .Select(p => (Func<TOut, object?>)(o => p.GetValue(o)))
        .Concat(typeof(TOut).GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => (Func<TOut, object?>)(o => f.GetValue(o))))
        .ToArray();

    public static bool Agree(TOut a, TOut b)
    {
        foreach (var get in Getters)
        {
            if (!ValuesAgree(get(a), get(b)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ValuesAgree(object? x, object? y) => (x, y) switch
    {
        (null, null) => true,
        (float f, float g) => Close(f, g),
        (double f, double g) => Close(f, g),
        (float[] f, float[] g) => f.Length == g.Length && f.Zip(g).All(p => Close(p.First, p.Second)),
        (double[] f, double[] g) => f.Length == g.Length && f.Zip(g).All(p => Close(p.First, p.Second)),
        (Array f, Array g) => f.Length == g.Length && f.Cast<object?>().Zip(g.Cast<object?>()).All(p => ValuesAgree(p.First, p.Second)),
        _ => Equals(x, y),
    };

    private static bool Close(double x, double y) =>
        x.Equals(y) || Math.Abs(x - y) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
}
