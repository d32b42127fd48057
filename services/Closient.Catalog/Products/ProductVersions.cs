using Closient.Catalog.Certifications;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Products;

/// <summary>
/// Something a product's event carries changed outside the product row (its certifications or claims, its images and
/// so its <c>image_url</c>, its nutrition, ingredients or recalls): that is a new version of the product.
/// </summary>
public static class ProductVersions
{
    /// <summary>
    /// In <paramref name="tx"/>: moves the product's <c>modified_at</c> forward (consumers drop events that are not newer
    /// than what they hold) and writes its <c>ProductUpserted</c>, with its current certification codes and ingredient traits, to the outbox,
    /// so search and every replica's in-memory resolver copy pick the change up.
    /// </summary>
    public static async Task PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Outbox outbox, Guid productId, TimeProvider clock, CancellationToken ct)
    {
        const string touch = $"""
            UPDATE catalog.products SET modified_at = GREATEST(@now, modified_at + interval '1 microsecond')
            WHERE id = @productId RETURNING {ProductRow.Columns}
            """;
        var row = await conn.QuerySingleAsync<ProductRow>(new CommandDefinition(touch, new { productId, now = DatabaseTime.Now(clock) }, tx, cancellationToken: ct));
        var data = await ProductEventData.LoadAsync(conn, tx, productId, Validity.Today(clock), ct);
        await outbox.AddAsync(conn, tx, row.ToUpserted(data), ct);
    }
}
