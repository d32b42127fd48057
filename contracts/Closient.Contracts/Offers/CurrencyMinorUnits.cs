namespace Closient.Contracts.Offers;

/// <summary>
/// ISO 4217 minor units (the exponent) of the minor-unit amounts in offer events (<see cref="OfferUpserted"/>): the offers
/// service converts with them when it publishes, search when it reads. Only the exceptions are listed (0, 3 and 4
/// decimals); every other code has 2, as USD and EUR do.
/// </summary>
public static class CurrencyMinorUnits
{
    static readonly HashSet<string> ZeroDecimals = new(
        ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"],
        StringComparer.OrdinalIgnoreCase);

    static readonly HashSet<string> ThreeDecimals = new(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], StringComparer.OrdinalIgnoreCase);

    static readonly HashSet<string> FourDecimals = new(["CLF", "UYW"], StringComparer.OrdinalIgnoreCase);

    /// <summary>How many decimals an amount in <paramref name="currency"/> (an ISO 4217 code, any case) has.</summary>
    public static int Of(string? currency)
    {
        var code = currency ?? "";
        return ZeroDecimals.Contains(code) ? 0 : ThreeDecimals.Contains(code) ? 3 : FourDecimals.Contains(code) ? 4 : 2;
    }
}
