namespace Mlops.Journal;

/// <summary>Which journal entries to read, in sequence order; every criterion given must match.</summary>
public sealed record JournalQuery
{
    /// <summary>Entries whose subject is this or starts with it followed by '/' (<c>model/x</c> matches <c>model/x/3</c>).</summary>
    public string? Subject { get; init; }

    /// <summary>Entries by this actor.</summary>
    public string? Actor { get; init; }

    /// <summary>Entries of one of these kinds.</summary>
    public IReadOnlyList<string>? Kinds { get; init; }

    /// <summary>Entries at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Entries before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Entries with a greater sequence (paging).</summary>
    public long AfterSequence { get; init; }

    /// <summary>At most this many (1–100,000).</summary>
    public int MaxResults { get; init; } = 1000;

    /// <summary>Whether an entry matches (the reference semantics every store must implement).</summary>
    public bool Matches(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Sequence > AfterSequence
            && (Subject is null || entry.Subject == Subject || entry.Subject.StartsWith(Subject + "/", StringComparison.Ordinal))
            && (Actor is null || entry.Actor == Actor)
            && (Kinds is null || Kinds.Contains(entry.Kind))
            && (From is null || entry.Timestamp >= From)
            && (To is null || entry.Timestamp < To);
    }

    /// <summary>Throws <see cref="MlopsValidationException"/> for an out-of-range page size or sequence.</summary>
    public void Validate()
    {
        if (MaxResults is < 1 or > 100_000)
        {
            throw new MlopsValidationException(nameof(MaxResults), MaxResults.ToString(System.Globalization.CultureInfo.InvariantCulture), "read between 1 and 100000 entries at a time.");
        }

        if (AfterSequence < 0)
        {
            throw new MlopsValidationException(nameof(AfterSequence), AfterSequence.ToString(System.Globalization.CultureInfo.InvariantCulture), "sequences are not negative.");
        }
    }
}
