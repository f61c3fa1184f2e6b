namespace Mlops;

/// <summary>The root of every error Mlops.Sdk throws on purpose. Catch a derived type to act on one kind of failure.</summary>
public class MlopsException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public MlopsException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public MlopsException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception with no message; prefer the overloads that explain what went wrong.</summary>
    public MlopsException() { }
}
