namespace Mlops;

/// <summary>Thrown when a store cannot complete an operation (I/O, schema, connection). Nothing half-written remains.</summary>
public sealed class MlopsStorageException : MlopsException
{
    /// <summary>Creates the exception with a message and the provider error that caused it.</summary>
    public MlopsStorageException(string message, Exception? innerException = null) : base(message, innerException) { }
}
