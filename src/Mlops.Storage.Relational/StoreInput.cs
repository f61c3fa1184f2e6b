using Mlops.Journal;

namespace Mlops.Storage.Relational;

/// <summary>Input checks shared by the store's methods, applied before anything is written.</summary>
internal static class StoreInput
{
    public const int MaxIdLength = 256;

    public static void Id(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new MlopsValidationException(field, value, "an identifier must not be empty.");
        }

        if (value.Length > MaxIdLength)
        {
            throw new MlopsValidationException(field, value, $"an identifier is at most {MaxIdLength} characters.");
        }
    }

    public static void Required(string field, string? value)
    {
        if (value is null)
        {
            throw new MlopsValidationException(field, value, "the value must not be null.");
        }
    }

    public static void Draft(JournalDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (string.IsNullOrWhiteSpace(draft.Kind))
        {
            throw new MlopsValidationException("journal kind", draft.Kind, "a journal entry needs a kind, such as run.created.");
        }

        Required("journal subject", draft.Subject);
        Required("journal actor", draft.Actor);
        Required("journal payload", draft.Payload);
    }
}
