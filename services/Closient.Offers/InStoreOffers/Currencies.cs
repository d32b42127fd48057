using System.Globalization;

namespace Closient.Offers.InStoreOffers;

/// <summary>ISO 4217 minor units: how many decimals a price in a currency may have.</summary>
public static class Currencies
{
    static readonly HashSet<string> ZeroDecimals =
        ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"];
    static readonly HashSet<string> ThreeDecimals = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    static readonly HashSet<string> FourDecimals = ["CLF", "UYW"];

    public static int MinorUnits(string currency) =>
        ZeroDecimals.Contains(currency) ? 0 : ThreeDecimals.Contains(currency) ? 3 : FourDecimals.Contains(currency) ? 4 : 2;

    /// <summary>"5.99": the amount with exactly the currency's decimals, as the API writes money.</summary>
    public static string Format(decimal amount, string currency) =>
        amount.ToString("F" + MinorUnits(currency), CultureInfo.InvariantCulture);
}
