namespace Mlops.Serving;

/// <summary>A served model stopped by the kill switch: why, by whom and since when.</summary>
/// <param name="Reason">The reason given.</param>
/// <param name="Actor">Who stopped it.</param>
/// <param name="Since">When.</param>
public sealed record ServingDisabled(string Reason, string Actor, DateTimeOffset Since);
