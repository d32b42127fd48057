namespace Closient.Offers.Common;

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
    public const string PosSync = "pos_sync";
    public static readonly string[] All = ["brand", "affiliate_feed", "scrape", "pos_sync", "manual", "user_feedback"];
}

/// <summary>An online offer's stock level, independent of its status (an offer can be active with low_stock).</summary>
public static class StockLevel
{
    public const string Default = "unknown";
    public static readonly string[] All = ["in_stock", "low_stock", "out_of_stock", "unknown"];
}

public static class PromotionType
{
    public const string Default = "SALE";
    public static readonly string[] All = ["SALE", "SEASONAL", "CLEARANCE", "BOGO", "BUNDLE", "INTRODUCTORY"];
}
