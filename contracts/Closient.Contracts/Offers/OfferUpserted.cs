namespace Closient.Contracts.Offers;

/// <summary>
/// An offer (a product at a physical store, or at an online store) was created or changed, including
/// a change of its promotions. The fields after <paramref name="UpdatedAt"/> were added later; an
/// older publisher leaves them at their defaults, which consumers must read as "unknown".
/// </summary>
/// <param name="OfferId">The offer's id.</param>
/// <param name="OrganizationId">The retailer organization that manages the offer.</param>
/// <param name="ProductId">The catalog product offered.</param>
/// <param name="PhysicalStoreId">In-store offers: the physical store (an offers resource, not the location); null for online offers. Older publishers sent the location id here.</param>
/// <param name="Sku">The retailer's SKU; empty when none.</param>
/// <param name="PriceAmount">List price in major units (5.99), or null for a priceless offer.</param>
/// <param name="Currency">ISO 4217 currency of the prices (the store's currency).</param>
/// <param name="Status">active, out_of_stock, seasonal or discontinued.</param>
/// <param name="QuantityOnHand">Units on hand, or null when unknown.</param>
/// <param name="Source">Where the offer came from: manual, pos_sync, ...</param>
/// <param name="UpdatedAt">When this version was written (UTC); consumers ignore older versions.</param>
/// <param name="OfferKind"><c>in_store</c> or <c>online</c>.</param>
/// <param name="ProductGtin">The product's GTIN-14 as offers knows it; empty when unknown.</param>
/// <param name="LocationId">In-store offers: the location of the physical store (what search joins on); null for online offers.</param>
/// <param name="OnlineStoreId">Online offers: the online store; null for in-store offers.</param>
/// <param name="RetailerId">The retailer of the store.</param>
/// <param name="PriceAmountMinor">List price in ISO 4217 minor units (599), or null for a priceless offer.</param>
/// <param name="EffectivePriceMinor">The price after the cheapest promotion running when this version was written, in minor units; null for a priceless offer.</param>
/// <param name="LastInventorySync">When the stock was last confirmed (a POS sync); null when never.</param>
/// <param name="StaleInventory">True when <paramref name="LastInventorySync"/> was older than 48 hours when this version was written; consumers showing it later should recompute it.</param>
public sealed record OfferUpserted(
    Guid OfferId,
    Guid OrganizationId,
    Guid ProductId,
    Guid? PhysicalStoreId,
    string Sku,
    decimal? PriceAmount,
    string Currency,
    string Status,
    int? QuantityOnHand,
    string Source,
    DateTimeOffset UpdatedAt,
    string OfferKind = OfferKinds.InStore,
    string ProductGtin = "",
    Guid? LocationId = null,
    Guid? OnlineStoreId = null,
    Guid? RetailerId = null,
    long? PriceAmountMinor = null,
    long? EffectivePriceMinor = null,
    DateTimeOffset? LastInventorySync = null,
    bool StaleInventory = false);

/// <summary>The values of <see cref="OfferUpserted.OfferKind"/> and <see cref="OfferRemoved.OfferKind"/>.</summary>
public static class OfferKinds
{
    /// <summary>An offer at a physical store (it has a location).</summary>
    public const string InStore = "in_store";

    /// <summary>An offer at an online store (no location).</summary>
    public const string Online = "online";
}
