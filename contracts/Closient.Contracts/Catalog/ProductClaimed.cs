namespace Closient.Contracts.Catalog;

/// <summary>An organization claimed a product (create with an organization, POST /claim, or a CSV import).</summary>
/// <param name="ProductId">The product's id (the UUID behind its public shortuuid).</param>
/// <param name="Gtin">The product's GTIN, normalized to 14 digits.</param>
/// <param name="OrganizationId">The organization that now owns the product.</param>
/// <param name="ClaimedAt">When the claim took effect (UTC).</param>
/// <param name="ClaimVerificationStatus">The claim's verification status; <c>unverified</c> when it starts.</param>
public sealed record ProductClaimed(
    Guid ProductId,
    string Gtin,
    Guid OrganizationId,
    DateTimeOffset ClaimedAt,
    string ClaimVerificationStatus);
