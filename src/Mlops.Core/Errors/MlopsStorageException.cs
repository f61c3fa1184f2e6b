namespace Mlops;

/// <summary>
/// Thrown when a store cannot complete an operation (I/O, schema, connection). Nothing half-written remains; when the
/// connection was lost while the commit was on its way, <see cref="OutcomeUnknown"/> says that the change may or may not
/// have been applied, and the operation must not be repeated blindly.
/// </summary>
public sealed class MlopsStorageException : MlopsException
{
    /// <summary>Creates the exception with a message and the provider error that caused it.</summary>
    public MlopsStorageException(string message, Exception? innerException = null) : base(message, innerException) { }

    /// <summary>Creates the exception, saying whether the operation's outcome is unknown.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The provider error that caused it.</param>
    /// <param name="outcomeUnknown">The change may have been applied: read the state before trying again.</param>
    public MlopsStorageException(string message, Exception? innerException, bool outcomeUnknown) : base(message, innerException) =>
        OutcomeUnknown = outcomeUnknown;

    /// <summary>
    /// The connection was lost while committing: the change may or may not have been applied. Retrying could apply it
    /// twice; read the state (or the journal head) first.
    /// </summary>
    public bool OutcomeUnknown { get; }
}
