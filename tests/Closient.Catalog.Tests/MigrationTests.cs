using Closient.ServiceDefaults.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Closient.Catalog.Tests;

public sealed class MigrationTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    const string Journal = "SELECT version || ' ' || name || ' ' || checksum || ' ' || applied_at FROM catalog.schema_migrations ORDER BY version";

    const string Shape = """
        SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
        FROM information_schema.columns WHERE table_schema = 'catalog'
        UNION ALL
        SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'catalog'
        ORDER BY 1
        """;

    [Fact]
    public async Task The_catalog_migrations_are_journaled_in_order()
    {
        var versions = await fx.Database.QueryAsync<(int Version, string Name)>("SELECT version, name FROM catalog.schema_migrations ORDER BY version");

        Assert.Equal([(0, "outbox_and_inbox"), (1, "create_products"), (20, "create_resolution_rules"), (21, "create_url_health")], versions);
    }

    [Fact]
    public async Task Running_the_migrations_again_changes_nothing()
    {
        var journal = await fx.Database.QueryAsync<string>(Journal);
        var shape = await fx.Database.QueryAsync<string>(Shape);
        await using var db = NpgsqlDataSource.Create(fx.Database.ConnectionString);

        await MigrationRunner.MigrateAsync(db, "catalog", typeof(CatalogMarker).Assembly, NullLogger.Instance, CancellationToken.None);
        await MigrationRunner.MigrateAsync(db, "catalog", typeof(CatalogMarker).Assembly, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(journal, await fx.Database.QueryAsync<string>(Journal));
        Assert.Equal(shape, await fx.Database.QueryAsync<string>(Shape));
        Assert.Contains(shape, s => s.StartsWith("products.gtin text NO", StringComparison.Ordinal));
    }
}
