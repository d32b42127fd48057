namespace Closient.Gateway;

/// <summary>Names the gateway's assembly for <c>WebApplicationFactory</c>: every top-level <c>Program</c> is public in .NET 10.</summary>
public sealed class GatewayMarker;
