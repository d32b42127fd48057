namespace Closient.Contracts.Offers;

/// <summary>An organization created a (private) retailer: the webhook <c>retailer.created</c> and analytics follow it.</summary>
/// <param name="RetailerId">The retailer's id.</param>
/// <param name="OrganizationId">The organization that owns it.</param>
/// <param name="Name">Display name.</param>
/// <param name="Website">Canonical homepage; empty when none.</param>
/// <param name="Gln">GS1 Global Location Number (13 digits), or null.</param>
/// <param name="Category">Free-text category; empty when none.</param>
/// <param name="MarketplaceRegions">ISO 3166-1 alpha-2 regions it sells in.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
public sealed record RetailerCreated(
    Guid RetailerId,
    Guid OrganizationId,
    string Name,
    string Website,
    string? Gln,
    string Category,
    IReadOnlyList<string> MarketplaceRegions,
    DateTimeOffset CreatedAt);
