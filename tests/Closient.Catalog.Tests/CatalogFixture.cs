using System.Reflection;
using Closient.Testing;

namespace Closient.Catalog.Tests;

/// <summary>A database with the catalog schema, a vhost and the catalog service, per test class.</summary>
public sealed class CatalogFixture : ServiceFixture<CatalogMarker>
{
    protected override (string, Assembly)[] Schemas => [("catalog", typeof(CatalogMarker).Assembly)];
}
