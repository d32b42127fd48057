namespace Closient.Search.Local;

/// <summary>
/// One local result: a product offered at a store near the caller (spec/search.md §3). <c>retailer</c> is the
/// store's retailer from the retailers read model, or null when the offer names none or it is not known yet.
/// </summary>
public sealed record SearchHit(HitProduct Product, HitStore Store, HitRetailer? Retailer, HitOffer Offer);

/// <summary>
/// <c>certifications</c>: the product's certification and claim codes (lower case), empty when none are known;
/// <c>contains_allergens</c> and <c>allergen_data_confidence</c> as in catalog search (<c>low</c>: the product declared no
/// allergen data, so an empty list says nothing).
/// </summary>
public sealed record HitProduct(string Id, string Gtin, string Name, string Brand, IReadOnlyList<string> Certifications,
    IReadOnlyList<string> ContainsAllergens, string AllergenDataConfidence);

public sealed record HitStore(string Id, string Name, string Address, double DistanceKm, double Latitude, double Longitude);

public sealed record HitRetailer(string Id, string Name);

/// <summary>
/// <c>price</c>: the list price. <c>effective_price</c>: what the shopper pays, the list price or a lower running
/// promotion (as published by offers when the offer last changed); filters and the price tie-break use it.
/// <c>stock_status</c>: in_stock | low_stock | out_of_stock | unknown. <c>inventory_confidence</c>:
/// confirmed | likely | uncertain, from how long ago the offer was last checked. <c>stale_inventory</c>:
/// the retailer's last inventory sync (<c>last_inventory_sync</c>) is more than 48 hours old at search
/// time; false when the offer was never synced.
/// </summary>
public sealed record HitOffer(string Id, Money? Price, Money? EffectivePrice, string Status, string StockStatus, DateTimeOffset LastCheckedAt,
    string InventoryConfidence, DateTimeOffset? LastInventorySync, bool StaleInventory);

/// <summary>A price as the offers API writes it: the amount as a decimal string with the currency's ISO 4217 decimals.</summary>
public sealed record Money(string Amount, string Currency);

/// <summary>An online alternative (spec/search.md §3.3): a product offered by an online store, with no distance.</summary>
public sealed record OnlineHit(HitProduct Product, HitOnlineStore OnlineStore, HitRetailer? Retailer, HitOffer Offer);

public sealed record HitOnlineStore(string? Id);

/// <summary>
/// Hits in ranking order (at most the limit asked for) and how many matched; online alternatives (only when no
/// local hit passed the gate and the filters) the same way. A count is exact up to the cap
/// (<see cref="LocalSearchTuning.TotalCap"/>); above it the count is the cap and <see cref="TotalCapped"/>
/// (<see cref="OnlineTotalCapped"/>) is true, so a common word never has to read every match.
/// </summary>
public sealed record LocalResults(IReadOnlyList<SearchHit> Hits, int Total, IReadOnlyList<OnlineHit>? Online = null, int OnlineTotal = 0,
    bool TotalCapped = false, bool OnlineTotalCapped = false)
{
    public IReadOnlyList<OnlineHit> OnlineHits => Online ?? [];
}
