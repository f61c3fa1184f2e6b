using System.Data;
using System.Data.Common;

namespace Mlops.Storage.Relational;

/// <summary>Small helpers that keep command code short, on plain ADO.NET types. Every value goes through a parameter.</summary>
internal static class DbCommandExtensions
{
    public static DbCommand Command(this DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Binds a value (<see langword="null"/> as SQL NULL) and returns the command, for chaining.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        command.AddParameter(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Binds a value and returns the parameter, for commands run many times with new values.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Adds a typed parameter without a value, for prepared commands run many times with new values.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static int Execute(this DbConnection connection, string sql)
    {
        using var command = connection.Command(sql);
        return command.ExecuteNonQuery();
    }

    public static int Run(this DbCommand command)
    {
        using (command)
        {
            return command.ExecuteNonQuery();
        }
    }

    public static object? Scalar(this DbCommand command)
    {
        using (command)
        {
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }
    }

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>Reads a metric value column, where NULL stands for NaN (SQLite cannot store NaN; PostgreSQL follows the same rule).</summary>
    public static double GetMetricValue(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    public static DateTimeOffset GetTimestamp(this DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
