namespace Closient.Catalog.Products;

/// <summary>Body of <c>POST /products/{gtin}/claim</c> and <c>DELETE /products/{gtin}</c>; the body itself is optional.</summary>
public sealed record ClaimRequest
{
    public string? OrganizationId { get; init; }
}

/// <summary>Answer of <c>POST /products/{gtin}/claim</c> (spec/catalog.md §2).</summary>
public sealed record ClaimResponse(string Gtin, string OwnerId, DateTimeOffset ClaimedAt, string ClaimVerificationStatus, string Message);

/// <summary>Body of the public <c>POST /products/{gtin}/report-claim</c>.</summary>
public sealed record ClaimReportRequest
{
    public string? ReporterEmail { get; init; }
    public string? ReporterRelationship { get; init; }
    public string? Reason { get; init; }
    public string? ReporterPhone { get; init; }
    public string? ReporterCompany { get; init; }
    public string? SupportingUrl { get; init; }
}

/// <summary>Answer of <c>POST /products/{gtin}/report-claim</c>: nothing about other reports or the claimant.</summary>
public sealed record ClaimReportResponse(string Id, string Gtin, string Message);
