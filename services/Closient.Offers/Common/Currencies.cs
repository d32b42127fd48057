using System.Globalization;

namespace Closient.Offers.Common;

/// <summary>
/// ISO 4217 minor units: how many decimals a price in a currency has (the exponent). Only the
/// exceptions are listed (0, 3 and 4 decimals); every other well-formed code has 2, as USD and EUR do.
/// Prices are stored as exact decimals in major units and converted with these exponents.
/// </summary>
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

    /// <summary>The amount in minor units (5.99 USD = 599, 500 JPY = 500). Amounts were validated to the currency's decimals.</summary>
    public static long ToMinor(decimal amount, string currency) =>
        (long)decimal.Round(amount * OfferInput.Pow10(MinorUnits(currency)), 0);

    public static long? ToMinor(decimal? amount, string currency) => amount is { } a ? ToMinor(a, currency) : null;
}
