namespace Closient.Contracts.Offers;

/// <summary>An in-store offer (product at a physical store) was created or changed.</summary>
/// <param name="OfferId">The offer's id.</param>
/// <param name="OrganizationId">The retailer organization that manages the offer.</param>
/// <param name="ProductId">The catalog product offered.</param>
/// <param name="PhysicalStoreId">The location (physical store) where it is offered.</param>
/// <param name="Sku">The retailer's SKU; empty when none.</param>
/// <param name="PriceAmount">Price in major units (5.99), or null for a priceless offer.</param>
/// <param name="Currency">ISO 4217 currency of the price (the store's currency).</param>
/// <param name="Status">active, out_of_stock, seasonal or discontinued.</param>
/// <param name="QuantityOnHand">Units on hand, or null when unknown.</param>
/// <param name="Source">Where the offer came from: manual, pos_sync, ...</param>
/// <param name="UpdatedAt">When this version was written (UTC); consumers ignore older versions.</param>
public sealed record OfferUpserted(
    Guid OfferId,
    Guid OrganizationId,
    Guid ProductId,
    Guid PhysicalStoreId,
    string Sku,
    decimal? PriceAmount,
    string Currency,
    string Status,
    int? QuantityOnHand,
    string Source,
    DateTimeOffset UpdatedAt);
