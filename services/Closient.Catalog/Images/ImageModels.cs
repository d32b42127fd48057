using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Images;

/// <summary>A product image (spec/catalog.md §7), plus what sniffing found: type, pixel size, byte size.</summary>
public sealed record ImageOut(
    string Id,
    string Title,
    bool IsPrimary,
    int Priority,
    DateTimeOffset Created,
    string ImageUrl,
    string ContentType,
    int? Width,
    int? Height,
    int ByteSize);

/// <summary>Body of <c>PATCH …/images/{image_id}</c>: omitted or null fields stay unchanged.</summary>
public sealed record UpdateImageRequest
{
    public string? Title { get; init; }
    public bool? IsPrimary { get; init; }
    public int? Priority { get; init; }
}

/// <summary>One row of <c>catalog.product_images</c> without its bytes.</summary>
sealed class ImageRow
{
    public const string Columns = "id, product_id, title, is_primary, priority, content_type, width, height, byte_size, created_at";

    public Guid Id { get; init; }
    public Guid ProductId { get; init; }
    public string Title { get; init; } = "";
    public bool IsPrimary { get; init; }
    public int Priority { get; init; }
    public string ContentType { get; init; } = "";
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int ByteSize { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public ImageOut ToOut() => new(ShortId.Encode(Id), Title, IsPrimary, Priority, CreatedAt, ProductImageQueries.ImageUrl(Id),
        ContentType, Width, Height, ByteSize);
}
