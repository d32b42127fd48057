namespace Closient.Catalog.Qr;

/// <summary>Body of <c>POST /products/api/v1/qr/bulk/</c>: one GTIN, 1–5000 items of lot/serial/expiry.</summary>
public sealed record QrBulkRequest
{
    public string? Gtin { get; init; }
    public List<QrBulkItem?>? Items { get; init; }
    public string? Format { get; init; }
    public int? Size { get; init; }
}

/// <summary>One code of a bulk job; every field optional.</summary>
public sealed record QrBulkItem
{
    public string? Lot { get; init; }
    public string? Serial { get; init; }
    public string? Expiry { get; init; }
}

/// <summary>The 202 answer to a bulk request.</summary>
public sealed record QrBulkAccepted(Guid TaskId, string Status, int Items, string PollUrl);

/// <summary>A bulk job's state; <c>download_url</c> is set once it is completed.</summary>
public sealed record QrBulkStatus(
    Guid TaskId, string Status, int Items, string Format, int Size, DateTimeOffset Created,
    DateTimeOffset? CompletedAt, string? DownloadUrl, DateTimeOffset? ExpiresAt, string? Error);
