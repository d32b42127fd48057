using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.InStoreOffers;

/// <summary>A price as sent, before the store's currency is known: major units (<c>price</c>) or minor units (<c>price_amount</c>).</summary>
public sealed record PriceInput(decimal? Major, long? Minor, string? Currency)
{
    public string Field => Minor is null ? "price" : "price_amount";
}

/// <summary>Field checks on an <see cref="InStoreOfferRequest"/> that need no data; rules that need the read models stay in the handlers.</summary>
public static partial class InStoreOfferInput
{
    public const int MaxSkuLength = 100, MaxAisleLength = 50;
    const decimal PriceLimit = 1_000_000_000m;

    /// <summary>The canonical status, null when not sent; "in_stock" is read as active.</summary>
    public static string? Status(string? value, Validation v)
    {
        if (value is null) return null;
        var status = OfferStatus.Normalize(value);
        if (status is null) v.Add("status", "Must be one of " + string.Join(", ", OfferStatus.All) + ".");
        return status;
    }

    public static string? Source(string? value, Validation v)
    {
        if (value is null) return null;
        if (OfferSource.All.Contains(value)) return value;
        v.Add("source", "Must be one of " + string.Join(", ", OfferSource.All) + ".");
        return null;
    }

    public static void QuantityOnHand(int? value, Validation v)
    {
        if (value < 0) v.Add("quantity_on_hand", "Must be 0 or more.");
    }

    /// <summary>
    /// The price as sent, or null when none was sent (or it is invalid, which is recorded in <paramref name="v"/>).
    /// Either <c>price</c> or <c>price_amount</c> (+ optional <c>price_currency</c>), never both.
    /// </summary>
    public static PriceInput? Price(InStoreOfferRequest body, Validation v)
    {
        var hasPrice = body.Price is { ValueKind: not JsonValueKind.Null };
        var hasAmount = body.PriceAmount is { ValueKind: not JsonValueKind.Null };
        var hasCurrency = body.PriceCurrency is not null;
        if (hasPrice && (hasAmount || hasCurrency))
        {
            v.Add("price", "Send either price, or price_amount with price_currency; not both.");
            return null;
        }
        if (hasCurrency && !hasAmount)
        {
            v.Add("price_currency", "Only together with price_amount.");
            return null;
        }
        if (hasPrice) return Major(body.Price!.Value, v) is { } major ? new PriceInput(major, null, null) : null;
        if (!hasAmount) return null;

        var currency = body.PriceCurrency?.Trim().ToUpperInvariant();
        if (currency is not null && !CurrencyCode().IsMatch(currency))
            v.Add("price_currency", "Must be an ISO 4217 code such as USD.");
        var e = body.PriceAmount!.Value;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var minor))
        {
            v.Add("price_amount", "Must be a whole number of minor units, such as 1099 for 10.99.");
            return null;
        }
        if (minor < 0)
        {
            v.Add("price_amount", "Must be 0 or more.");
            return null;
        }
        return new PriceInput(null, minor, currency);
    }

    /// <summary>The price in major units of <paramref name="currency"/> (the store's), checked against that currency.</summary>
    public static decimal? Resolve(PriceInput price, string currency, Validation v)
    {
        if (price.Currency is not null && price.Currency != currency)
        {
            v.Add("price_currency", $"Must be {currency}, the store's currency.");
            return null;
        }
        var digits = Currencies.MinorUnits(currency);
        var amount = price.Minor is { } minor ? minor / Pow10(digits) : price.Major!.Value;
        if (amount >= PriceLimit)
            v.Add(price.Field, $"Must be less than {PriceLimit.ToString(CultureInfo.InvariantCulture)}.");
        else if (decimal.Round(amount, digits) != amount)
            v.Add(price.Field, $"At most {digits} decimals in {currency}.");
        return amount;
    }

    static decimal? Major(JsonElement e, Validation v)
    {
        decimal value;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out value)) { }
        else if (e.ValueKind == JsonValueKind.String && e.GetString() is { Length: <= 40 } text && DecimalString().IsMatch(text)
                 && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)) { }
        else
        {
            v.Add("price", "Must be a decimal number or string such as \"5.99\", or null for no price.");
            return null;
        }
        if (value < 0)
        {
            v.Add("price", "Must be 0 or more.");
            return null;
        }
        return value;
    }

    static decimal Pow10(int digits)
    {
        var result = 1m;
        for (var i = 0; i < digits; i++) result *= 10;
        return result;
    }

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)$")]
    private static partial Regex DecimalString();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
