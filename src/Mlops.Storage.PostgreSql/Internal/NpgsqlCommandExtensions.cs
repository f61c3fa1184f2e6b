using Npgsql;

namespace Mlops.Storage.PostgreSql.Internal;

/// <summary>Small helpers that keep command code short. Every value goes through a parameter.</summary>
internal static class NpgsqlCommandExtensions
{
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static int Execute(this NpgsqlConnection connection, string sql)
    {
        using var command = connection.Command(sql);
        return command.ExecuteNonQuery();
    }

    public static int Run(this NpgsqlCommand command)
    {
        using (command)
        {
            return command.ExecuteNonQuery();
        }
    }

    public static object? Scalar(this NpgsqlCommand command)
    {
        using (command)
        {
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }
    }

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>Reads a metric value column, where NULL stands for NaN (the convention shared with the SQLite schema).</summary>
    public static double GetMetricValue(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    public static DateTimeOffset GetTimestamp(this NpgsqlDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
