namespace Mlops.Governance;

/// <summary>
/// Model cards: generated from the registry, lineage, the validation report, approvals and oversight found in the
/// journal, merged with the fields people write. Registered by <c>AddGovernance()</c>.
/// </summary>
public interface IModelCards
{
    /// <summary>
    /// Generates the card of the version <paramref name="modelUri"/> names now (<c>models:/name/3</c>,
    /// <c>models:/name@champion</c>, ...): Mitchell et al.'s sections and an EU AI Act Annex IV skeleton, with the written
    /// fields merged in and the required ones not yet written listed in <see cref="ModelCard.MissingFields"/>.
    /// </summary>
    /// <exception cref="MlopsNotFoundException">The URI names no version.</exception>
    Task<ModelCard> GenerateAsync(string modelUri, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes fields of the card of the version <paramref name="modelUri"/> names (see <see cref="ModelCardFields"/>): each
    /// given field is set, an empty value clears it, others are kept. Stored with the version and journaled as
    /// <c>model.card.edited</c>; needs edit permission on the model. Returns every written field after the change.
    /// </summary>
    /// <exception cref="MlopsValidationException">A field name is not a <see cref="ModelCardFields"/> name, or a value is longer than <see cref="ModelCardFields.MaxValueLength"/>; nothing was written.</exception>
    Task<IReadOnlyDictionary<string, string>> SetFieldsAsync(string modelUri, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken = default);
}
