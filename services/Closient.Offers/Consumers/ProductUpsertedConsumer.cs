using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Offers.Consumers;

/// <summary>Keeps <c>offers.products</c> in step with the catalog, so offers can check that a product exists.</summary>
public sealed class ProductUpsertedConsumer(Inbox inbox) : IConsumer<ProductUpserted>
{
    public async Task Consume(ConsumeContext<ProductUpserted> context)
    {
        var m = context.Message;
        // The WHERE makes an older version (delivered late) a no-op.
        const string sql = """
            INSERT INTO offers.products (id, gtin, product_name, updated_at)
            VALUES (@ProductId, @Gtin, @ProductName, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE
            SET gtin = EXCLUDED.gtin, product_name = EXCLUDED.product_name, updated_at = EXCLUDED.updated_at
            WHERE offers.products.updated_at < EXCLUDED.updated_at
            """;
        await inbox.ExecuteOnceAsync<ProductUpsertedConsumer>(context, sql,
            new { m.ProductId, m.Gtin, m.ProductName, UpdatedAt = m.UpdatedAt.ToUniversalTime() });
    }
}
