using System.Globalization;
using Closient.Offers.Integrations.Shopify;
using Closient.ServiceDefaults.Http;
using Dapper;
using Npgsql;

namespace Closient.Offers.Integrations;

/// <summary>A POS variant as Closient keeps it: ids as text, the barcode's GTIN-14 when it is one, the price in the shop's currency.</summary>
public sealed record PosItem(string InventoryItemId, string VariantId, string ExternalProductId, string Sku, string Barcode, string? Gtin, decimal? Price)
{
    /// <summary>The offer's sku: the variant's, or <c>shopify-{variant id}</c> when it has none (so variants of one product stay apart).</summary>
    public string OfferSku => Sku.Length > 0 ? Sku : "shopify-" + VariantId;
}

public static class PosItems
{
    public static PosItem From(long productId, ShopifyVariant v)
    {
        var barcode = (v.Barcode ?? "").Trim();
        var sku = (v.Sku ?? "").Trim();
        if (sku.Length > Common.OfferInput.MaxSkuLength || sku.Any(char.IsControl)) sku = "";
        if (barcode.Length > 100) barcode = barcode[..100];
        decimal? price = decimal.TryParse(v.Price, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) ? p : null;
        return new PosItem(v.InventoryItemId.ToString(CultureInfo.InvariantCulture), v.Id.ToString(CultureInfo.InvariantCulture),
            (v.ProductId ?? productId).ToString(CultureInfo.InvariantCulture), sku, barcode,
            Gtin.TryNormalize(barcode, out var gtin, out _) ? gtin : null, price);
    }

    public static Task SaveAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid sourceId, PosItem item, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO offers.inventory_source_items (inventory_source_id, inventory_item_id, variant_id, external_product_id, sku, barcode, gtin, price)
            VALUES (@sourceId, @InventoryItemId, @VariantId, @ExternalProductId, @Sku, @Barcode, @Gtin, @Price)
            ON CONFLICT (inventory_source_id, inventory_item_id) DO UPDATE
            SET variant_id = EXCLUDED.variant_id, external_product_id = EXCLUDED.external_product_id, sku = EXCLUDED.sku,
                barcode = EXCLUDED.barcode, gtin = EXCLUDED.gtin, price = EXCLUDED.price
            """, new { sourceId, item.InventoryItemId, item.VariantId, item.ExternalProductId, item.Sku, item.Barcode, item.Gtin, item.Price }, tx,
            cancellationToken: ct));

    public static Task<PosItem?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid sourceId, string inventoryItemId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<PosItem?>(new CommandDefinition("""
            SELECT inventory_item_id AS InventoryItemId, variant_id AS VariantId, external_product_id AS ExternalProductId, sku AS Sku,
                   barcode AS Barcode, gtin AS Gtin, price AS Price FROM offers.inventory_source_items
            WHERE inventory_source_id = @sourceId AND inventory_item_id = @inventoryItemId
            """, new { sourceId, inventoryItemId }, tx, cancellationToken: ct));
}
