namespace Closient.Contracts.Offers;

/// <summary>An in-store offer was deleted.</summary>
/// <param name="OfferId">The removed offer's id.</param>
/// <param name="OrganizationId">The organization that managed it.</param>
/// <param name="ProductId">The product it offered.</param>
/// <param name="PhysicalStoreId">The store it was offered at.</param>
/// <param name="RemovedAt">When it was removed (UTC); an upsert older than this must not resurrect it.</param>
public sealed record OfferRemoved(Guid OfferId, Guid OrganizationId, Guid ProductId, Guid PhysicalStoreId, DateTimeOffset RemovedAt);
