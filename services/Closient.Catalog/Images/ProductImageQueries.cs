using Closient.ServiceDefaults.Http;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Images;

/// <summary>What other catalog features read about product images (ProductOut.image_url, content aggregates).</summary>
public static class ProductImageQueries
{
    /// <summary>Keyless path of the image bytes (the gateway must list it as public: README).</summary>
    public const string PublicPath = "/products/api/v1/images";

    public static string ImageUrl(Guid imageId) => $"{PublicPath}/{ShortId.Encode(imageId)}";

    /// <summary>
    /// product id → URL of the image that heads the product's image list: the primary image, or else the
    /// first by priority, then newest. Products without images are absent from the result.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> PrimaryImageUrlsAsync(
        NpgsqlConnection conn, IReadOnlyCollection<Guid> productIds, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        if (productIds.Count == 0) return new Dictionary<Guid, string>();
        const string sql = """
            SELECT DISTINCT ON (product_id) product_id, id FROM catalog.product_images
            WHERE product_id = ANY(@ids)
            ORDER BY product_id, is_primary DESC, priority, created_at DESC, id DESC
            """;
        var rows = await conn.QueryAsync<(Guid ProductId, Guid Id)>(new CommandDefinition(sql,
            new { ids = productIds.Distinct().ToArray() }, tx, cancellationToken: ct));
        return rows.ToDictionary(r => r.ProductId, r => ImageUrl(r.Id));
    }

    /// <summary>All of a product's images in list order: primary first, then by priority, then newest.</summary>
    public static async Task<IReadOnlyList<ImageOut>> ImagesAsync(NpgsqlConnection conn, Guid productId, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        const string sql = $"""
            SELECT {ImageRow.Columns} FROM catalog.product_images WHERE product_id = @productId
            ORDER BY {ListOrder}
            """;
        var rows = await conn.QueryAsync<ImageRow>(new CommandDefinition(sql, new { productId }, tx, cancellationToken: ct));
        return rows.Select(r => r.ToOut()).ToList();
    }

    /// <summary>The order of a product's image list (the primary image heads it).</summary>
    internal const string ListOrder = "is_primary DESC, priority, created_at DESC, id DESC";
}
