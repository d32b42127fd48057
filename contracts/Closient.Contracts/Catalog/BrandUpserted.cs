namespace Closient.Contracts.Catalog;

/// <summary>A brand was created, changed, given a logo or deleted in the catalog.</summary>
/// <param name="BrandId">The brand's id (the UUID behind its public shortuuid).</param>
/// <param name="Name">The brand's name.</param>
/// <param name="OrganizationId">The organization that claimed the brand, or null when unclaimed. Once set it never clears.</param>
/// <param name="Website">The brand's website; empty when unknown.</param>
/// <param name="Description">Free-text description; empty when unknown.</param>
/// <param name="LogoUrl">Path of the brand's logo (relative to the public API host), or null when it has none.</param>
/// <param name="DeletedAt">When the brand was deleted (UTC), or null while it exists: a deletion is published as a tombstone.</param>
/// <param name="UpdatedAt">When this version of the brand was written (UTC); consumers ignore older versions.</param>
public sealed record BrandUpserted(
    Guid BrandId,
    string Name,
    Guid? OrganizationId,
    string Website,
    string Description,
    string? LogoUrl,
    DateTimeOffset? DeletedAt,
    DateTimeOffset UpdatedAt);
