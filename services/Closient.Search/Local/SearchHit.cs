namespace Closient.Search.Local;

/// <summary>One local result: a product offered at a store near the caller (spec/search.md §3).</summary>
public sealed record SearchHit(HitProduct Product, HitStore Store, HitOffer Offer);

public sealed record HitProduct(string Id, string Gtin, string Name, string Brand);

public sealed record HitStore(string Id, string Name, string Address, double DistanceKm, double Latitude, double Longitude);

/// <summary>
/// <c>stock_status</c>: in_stock | low_stock | out_of_stock | unknown. <c>inventory_confidence</c>:
/// confirmed | likely | uncertain, from how long ago the offer was last checked. <c>stale_inventory</c>:
/// the retailer's last inventory sync (<c>last_inventory_sync</c>) is more than 48 hours old at search
/// time; false when the offer was never synced.
/// </summary>
public sealed record HitOffer(string Id, Money? Price, string Status, string StockStatus, DateTimeOffset LastCheckedAt, string InventoryConfidence,
    DateTimeOffset? LastInventorySync, bool StaleInventory);

/// <summary>A price as the offers API writes it: the amount as a decimal string.</summary>
public sealed record Money(string Amount, string Currency);

/// <summary>Hits in ranking order (at most the limit asked for) and how many matched in all.</summary>
public sealed record LocalResults(IReadOnlyList<SearchHit> Hits, int Total);
