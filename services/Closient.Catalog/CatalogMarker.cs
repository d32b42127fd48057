namespace Closient.Catalog;

/// <summary>Marker for WebApplicationFactory: .NET 10 makes every top-level Program public.</summary>
public sealed class CatalogMarker;
