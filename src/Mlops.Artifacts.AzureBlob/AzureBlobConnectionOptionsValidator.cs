using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Mlops.Artifacts.AzureBlob;

/// <summary>Checks the rule that data annotations cannot express: exactly one way to reach the account.</summary>
internal sealed class AzureBlobConnectionOptionsValidator : IValidateOptions<AzureBlobArtifactStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureBlobArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasServiceUri = options.ServiceUri is not null;
        const string Type = nameof(AzureBlobArtifactStoreOptions);

        if (hasConnectionString && (hasServiceUri || options.Credential is not null))
        {
            return ValidateOptionsResult.Fail(
                $"{Type}: set either ConnectionString or ServiceUri with Credential, not both.");
        }

        if (hasConnectionString)
        {
            return IsWellFormed(options.ConnectionString!)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{Type}.ConnectionString is not an Azure Storage connection string with a blob endpoint (the value is not shown: it may hold a key).");
        }

        if (!hasServiceUri)
        {
            return ValidateOptionsResult.Fail(
                $"{Type}: no account to reach; set ConnectionString, or ServiceUri with Credential.");
        }

        if (!options.ServiceUri!.IsAbsoluteUri || options.ServiceUri.Scheme is not ("https" or "http"))
        {
            return ValidateOptionsResult.Fail(
                $"{Type}.ServiceUri '{options.ServiceUri}' must be an absolute http or https URI of a blob service.");
        }

        return options.Credential is null
            ? ValidateOptionsResult.Fail($"{Type}.Credential is required with ServiceUri '{options.ServiceUri}'.")
            : ValidateOptionsResult.Success;
    }

    private static bool IsWellFormed(string connectionString)
    {
        try
        {
            // Parses only; no request is sent.
            _ = new BlobServiceClient(connectionString);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
