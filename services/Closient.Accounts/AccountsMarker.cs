namespace Closient.Accounts;

/// <summary>Names this service's assembly for <c>WebApplicationFactory</c> (every top-level Program is public in .NET 10).</summary>
public sealed class AccountsMarker;
