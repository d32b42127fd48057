namespace Closient.Contracts.Offers;

/// <summary>An offer was deleted. The fields after <paramref name="RemovedAt"/> were added later (defaults: unknown).</summary>
/// <param name="OfferId">The removed offer's id.</param>
/// <param name="OrganizationId">The organization that managed it.</param>
/// <param name="ProductId">The product it offered.</param>
/// <param name="PhysicalStoreId">In-store offers: the physical store it was offered at; null for online offers.</param>
/// <param name="RemovedAt">When it was removed (UTC); an upsert older than this must not resurrect it.</param>
/// <param name="OfferKind"><c>in_store</c> or <c>online</c>.</param>
/// <param name="ProductGtin">The product's GTIN-14; empty when unknown.</param>
/// <param name="LocationId">In-store offers: the store's location; null for online offers.</param>
/// <param name="OnlineStoreId">Online offers: the online store; null for in-store offers.</param>
public sealed record OfferRemoved(
    Guid OfferId,
    Guid OrganizationId,
    Guid ProductId,
    Guid? PhysicalStoreId,
    DateTimeOffset RemovedAt,
    string OfferKind = OfferKinds.InStore,
    string ProductGtin = "",
    Guid? LocationId = null,
    Guid? OnlineStoreId = null);
