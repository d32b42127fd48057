namespace Closient.Contracts.Catalog;

/// <summary>
/// A recall of a product became active (open: status ONGOING or UNKNOWN), either created open or reopened
/// (POST or PATCH /products/api/v1/products/{gtin}/recalls). Published once per transition into open.
/// </summary>
/// <param name="RecallId">The recall's id (the UUID behind its public shortuuid).</param>
/// <param name="ProductId">The recalled product's id.</param>
/// <param name="Gtin">The product's GTIN, normalized to 14 digits.</param>
/// <param name="OrganizationId">The organization that owns the product (and filed the recall).</param>
/// <param name="Title">The recall's title.</param>
/// <param name="Status">ONGOING or UNKNOWN.</param>
/// <param name="Severity">CLASS_I (highest), CLASS_II, CLASS_III or UNKNOWN.</param>
/// <param name="SourceSystem">FDA, FSIS, CPSC or HEALTH_CANADA.</param>
/// <param name="RecallDate">The date of the recall.</param>
/// <param name="OccurredAt">When the recall became active here (UTC).</param>
public sealed record ProductRecalled(
    Guid RecallId,
    Guid ProductId,
    string Gtin,
    Guid OrganizationId,
    string Title,
    string Status,
    string Severity,
    string SourceSystem,
    DateOnly RecallDate,
    DateTimeOffset OccurredAt);
