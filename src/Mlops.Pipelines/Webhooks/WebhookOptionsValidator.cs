using System.Globalization;
using Microsoft.Extensions.Options;

namespace Mlops.Pipelines.Webhooks;

/// <summary>Checks every webhook's options at start; each failure names the webhook, the setting, the value and the rule (never the secret's value).</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var hook = $"Webhook '{name}'";
        if (options.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{hook}: Url '{options.Url}' must be an absolute http or https URL.");
        }

        if (options.Secret is null || options.Secret.Length < 16)
        {
            failures.Add($"{hook}: Secret (of {options.Secret?.Length ?? 0} characters) must have at least 16 characters; put it in configuration or user secrets, not in code.");
        }

        if (options.EventKinds is null || options.EventKinds.Count == 0)
        {
            failures.Add($"{hook}: EventKinds is empty; subscribe to at least one kind, such as 'model.alias.set', 'serving.drift.*' or '*'.");
        }
        else
        {
            foreach (var kind in options.EventKinds.Where(k => !WebhookEventFilter.IsValidPattern(k)))
            {
                failures.Add($"{hook}: EventKinds entry '{kind}' must be a dotted lowercase kind ('model.alias.set'), a prefix ending in '.*' ('serving.drift.*') or '*'.");
            }
        }

        Range(failures, hook, nameof(options.MaxAttempts), options.MaxAttempts, 1, 20);
        Range(failures, hook, nameof(options.DisableAfterFailures), options.DisableAfterFailures, 1, 10_000);
        Range(failures, hook, nameof(options.RetryDelay), options.RetryDelay, TimeSpan.Zero, TimeSpan.FromHours(1));
        Range(failures, hook, nameof(options.MaxRetryDelay), options.MaxRetryDelay, options.RetryDelay, TimeSpan.FromHours(1));
        Range(failures, hook, nameof(options.AttemptTimeout), options.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range<T>(List<string> failures, string hook, string field, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{hook}: {field} '{value}' must be between {min} and {max}."));
        }
    }
}
