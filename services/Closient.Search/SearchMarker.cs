namespace Closient.Search;

/// <summary>Marker for WebApplicationFactory: .NET 10 makes every top-level Program public.</summary>
public sealed class SearchMarker;
