namespace Mlops.Storage.Relational.Search;

/// <summary>Collects the parameters of a statement being built and names them through the dialect.</summary>
internal sealed class SqlParameterList(ISqlDialect dialect)
{
    private readonly List<KeyValuePair<string, object>> _parameters = [];

    public IReadOnlyList<KeyValuePair<string, object>> Items => _parameters;

    /// <summary>Adds a value and returns its placeholder.</summary>
    public string Add(object value)
    {
        var name = dialect.ParameterName(_parameters.Count);
        _parameters.Add(new(name, value));
        return name;
    }
}
