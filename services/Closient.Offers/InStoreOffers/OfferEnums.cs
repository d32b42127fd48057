namespace Closient.Offers.InStoreOffers;

public static class OfferStatus
{
    public const string Default = "active";
    public static readonly string[] All = ["active", "out_of_stock", "seasonal", "discontinued"];

    /// <summary>The canonical status, or null when unknown. "in_stock" (the onboarding guide's word) means active.</summary>
    public static string? Normalize(string value) => value == "in_stock" ? "active" : All.Contains(value) ? value : null;
}

public static class OfferSource
{
    public const string Default = "manual";
    public static readonly string[] All = ["brand", "affiliate_feed", "scrape", "pos_sync", "manual", "user_feedback"];
}
