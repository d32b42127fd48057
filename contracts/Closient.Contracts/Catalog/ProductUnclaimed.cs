namespace Closient.Contracts.Catalog;

/// <summary>
/// An organization released its claim on a product (DELETE /products/{gtin}): the product is unowned
/// again, and whatever followed the claim (resolver rules, analytics access) should stop.
/// </summary>
/// <param name="ProductId">The product's id (the UUID behind its public shortuuid).</param>
/// <param name="Gtin">The product's GTIN, normalized to 14 digits.</param>
/// <param name="OrganizationId">The organization that owned the product until now.</param>
/// <param name="UnclaimedAt">When the claim ended (UTC).</param>
public sealed record ProductUnclaimed(
    Guid ProductId,
    string Gtin,
    Guid OrganizationId,
    DateTimeOffset UnclaimedAt);
