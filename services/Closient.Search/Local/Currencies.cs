using System.Globalization;

namespace Closient.Search.Local;

/// <summary>
/// ISO 4217 minor units (the exponent), the same table as the offers service (Offers/Common/Currencies.cs):
/// only the exceptions are listed (0, 3 and 4 decimals); every other code has 2, as USD and EUR do.
/// </summary>
public static class Currencies
{
    static readonly HashSet<string> ZeroDecimals =
        ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"];
    static readonly HashSet<string> ThreeDecimals = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    static readonly HashSet<string> FourDecimals = ["CLF", "UYW"];

    public static int MinorUnits(string? currency)
    {
        var code = (currency ?? "").ToUpperInvariant();
        return ZeroDecimals.Contains(code) ? 0 : ThreeDecimals.Contains(code) ? 3 : FourDecimals.Contains(code) ? 4 : 2;
    }

    /// <summary>Minor units to major units: 599 USD = 5.99, 500 JPY = 500, 1500 KWD = 1.500.</summary>
    public static decimal FromMinor(long minor, string? currency)
    {
        decimal scale = 1;
        for (var i = 0; i < MinorUnits(currency); i++) scale *= 10;
        return minor / scale;
    }

    /// <summary>"5.99", "500", "1.500": the amount with exactly the currency's decimals, as the offers API writes money.</summary>
    public static string Format(decimal amount, string? currency) =>
        decimal.Round(amount, MinorUnits(currency), MidpointRounding.ToEven).ToString("F" + MinorUnits(currency), CultureInfo.InvariantCulture);

    /// <summary>The effective price in major units: the published minor units when sent, else the list price (an older publisher).</summary>
    public static decimal? Effective(decimal? listPrice, long? effectiveMinor, string? currency) =>
        effectiveMinor is { } minor ? FromMinor(minor, currency) : listPrice;
}
