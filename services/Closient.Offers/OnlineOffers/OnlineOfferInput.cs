using Closient.Offers.Common;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.OnlineOffers;

/// <summary>Field checks only online offers have.</summary>
public static class OnlineOfferInput
{
    public const int MaxFulfillmentTypeLength = 50;

    public static string? StockLevel(string? value, Validation v)
    {
        if (value is null) return null;
        if (Common.StockLevel.All.Contains(value)) return value;
        v.Add("stock_level", "Must be one of " + string.Join(", ", Common.StockLevel.All) + ".");
        return null;
    }
}
