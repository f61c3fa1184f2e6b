namespace Mlops.Cli;

/// <summary>A value on the command line or in the configuration file breaks a rule; the message names both.</summary>
internal sealed class CliUsageException(string name, string? value, string rule)
    : Exception(value is null ? $"{name}: {rule}" : $"{name} '{value}': {rule}")
{
    public string Name { get; } = name;
}
