using Closient.Catalog.Certifications;
using Closient.Catalog.Brands;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Republish;

/// <summary>
/// <c>republish</c>: the current state of every product (<c>ProductUpserted</c>) and brand (<c>BrandUpserted</c>, a deleted
/// brand as its tombstone) into the catalog outbox, built by the same <c>ToUpserted</c> the writes use, so a wiped read
/// model (search) can be refilled. See <see cref="Republisher"/>.
/// </summary>
public static class CatalogRepublish
{
    public static readonly IReadOnlyList<RepublishKind> Kinds =
    [
        new("products", "SELECT count(*) FROM catalog.products", ProductsAsync),
        new("brands", "SELECT count(*) FROM catalog.brands", BrandsAsync),
    ];

    public static Task<int> RunCommandAsync(string[] args) =>
        Republisher.RunCommandAsync("Closient.Catalog", CatalogService.Schema, Kinds, args, Republisher.Configuration(), Console.Out, Console.Error);

    static async Task<RepublishPage> ProductsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? after, int limit, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<ProductRow>(new CommandDefinition(
            $"SELECT {ProductRow.Columns} FROM catalog.products WHERE @after::uuid IS NULL OR id > @after ORDER BY id LIMIT @limit",
            new { after, limit }, tx, cancellationToken: ct))).ToList();
        var data = await ProductEventData.LoadAsync(conn, tx, rows.Select(r => r.Id).ToList(), Validity.Today(TimeProvider.System), ct);
        return new(rows.Count, rows.Select(r => (object)r.ToUpserted(data[r.Id])).ToList(), rows.LastOrDefault()?.Id);
    }

    static async Task<RepublishPage> BrandsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? after, int limit, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<BrandRow>(new CommandDefinition(
            $"SELECT {BrandRow.Columns} FROM catalog.brands b WHERE @after::uuid IS NULL OR b.id > @after ORDER BY b.id LIMIT @limit",
            new { after, limit }, tx, cancellationToken: ct))).ToList();
        return new(rows.Count, rows.Select(r => (object)r.ToUpserted()).ToList(), rows.LastOrDefault()?.Id);
    }
}
