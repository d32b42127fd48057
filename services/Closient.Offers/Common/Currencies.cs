using System.Globalization;
using Closient.Contracts.Offers;

namespace Closient.Offers.Common;

/// <summary>
/// Prices are stored as exact decimals in major units and converted with the currency's ISO 4217 minor units
/// (<see cref="CurrencyMinorUnits"/>, the table offer events are read with too).
/// </summary>
public static class Currencies
{
    public static int MinorUnits(string currency) => CurrencyMinorUnits.Of(currency);

    /// <summary>"5.99": the amount with exactly the currency's decimals, as the API writes money.</summary>
    public static string Format(decimal amount, string currency) =>
        amount.ToString("F" + MinorUnits(currency), CultureInfo.InvariantCulture);

    /// <summary>The amount in minor units (5.99 USD = 599, 500 JPY = 500). Amounts were validated to the currency's decimals.</summary>
    public static long ToMinor(decimal amount, string currency) =>
        (long)decimal.Round(amount * OfferInput.Pow10(MinorUnits(currency)), 0);

    public static long? ToMinor(decimal? amount, string currency) => amount is { } a ? ToMinor(a, currency) : null;
}
