namespace Closient.Offers.Common;

/// <summary>Inventory freshness: an offer whose stock was last confirmed more than 48 hours ago is stale.</summary>
public static class Freshness
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(48);

    /// <summary>True when the last sync is older than 48 h at <paramref name="now"/>; an offer never synced is not stale (it makes no synced-stock claim).</summary>
    public static bool IsStale(DateTimeOffset? lastInventorySync, DateTimeOffset now) =>
        lastInventorySync is { } at && now - at > StaleAfter;

    /// <summary>
    /// The offer's new last_inventory_sync after a write: the integration's explicit value, else now when
    /// the write states stock (sends quantity_on_hand) or comes from a POS sync, else unchanged.
    /// </summary>
    public static DateTimeOffset? AfterWrite(DateTimeOffset? current, DateTimeOffset? sent, bool sentQuantity, string? sentSource, DateTimeOffset now) =>
        sent ?? (sentQuantity || sentSource == OfferSource.PosSync ? now : current);
}

/// <summary>A price as the API writes it: the amount as a decimal string with the currency's decimals.</summary>
public sealed record PriceOut(string Amount, string Currency)
{
    public static PriceOut? Of(decimal? amount, string currency) => amount is { } a ? new PriceOut(Currencies.Format(a, currency), currency) : null;
}
