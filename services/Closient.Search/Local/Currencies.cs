using System.Globalization;
using Closient.Contracts.Offers;

namespace Closient.Search.Local;

/// <summary>Money in local search's answers, in the currency's ISO 4217 minor units (<see cref="CurrencyMinorUnits"/>).</summary>
public static class Currencies
{
    public static int MinorUnits(string? currency) => CurrencyMinorUnits.Of(currency);

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
