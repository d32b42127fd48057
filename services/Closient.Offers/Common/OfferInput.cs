using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.Common;

/// <summary>A price as sent, before the store's currency is known: major units (<c>price</c>) or minor units (<c>price_amount</c>).</summary>
public sealed record PriceInput(decimal? Major, long? Minor, string? Currency)
{
    public string Field => Minor is null ? "price" : "price_amount";
}

/// <summary>Field checks shared by in-store and online offers that need no data; rules that need the read models stay in the handlers.</summary>
public static partial class OfferInput
{
    public const int MaxSkuLength = 100, MaxAisleLength = 50, MaxUrlLength = 1000;
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);
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
    public static PriceInput? Price(JsonElement? priceElement, JsonElement? priceAmount, string? priceCurrency, Validation v)
    {
        var hasPrice = priceElement is { ValueKind: not JsonValueKind.Null };
        var hasAmount = priceAmount is { ValueKind: not JsonValueKind.Null };
        var hasCurrency = priceCurrency is not null;
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
        if (hasPrice) return Major(priceElement!.Value, v, "price") is { } major ? new PriceInput(major, null, null) : null;
        if (!hasAmount) return null;

        var currency = priceCurrency?.Trim().ToUpperInvariant();
        if (currency is not null && !CurrencyCode().IsMatch(currency))
            v.Add("price_currency", "Must be an ISO 4217 code such as USD.");
        var e = priceAmount!.Value;
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
        var amount = price.Minor is { } minor ? minor / Pow10(Currencies.MinorUnits(currency)) : price.Major!.Value;
        CheckAmount(price.Field, amount, currency, v);
        return amount;
    }

    /// <summary>A decimal in major units as a JSON number or string ("5.99"), at least 0; null (and an error on <paramref name="field"/>) otherwise.</summary>
    public static decimal? Major(JsonElement e, Validation v, string field)
    {
        decimal value;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out value)) { }
        else if (e.ValueKind == JsonValueKind.String && e.GetString() is { Length: <= 40 } text && DecimalString().IsMatch(text)
                 && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)) { }
        else
        {
            v.Add(field, "Must be a decimal number or string such as \"5.99\".");
            return null;
        }
        if (value < 0)
        {
            v.Add(field, "Must be 0 or more.");
            return null;
        }
        return value;
    }

    /// <summary>Checks <paramref name="amount"/> (major units) against the decimals of <paramref name="currency"/> and the price limit.</summary>
    public static void CheckAmount(string field, decimal amount, string currency, Validation v)
    {
        var digits = Currencies.MinorUnits(currency);
        if (amount >= PriceLimit)
            v.Add(field, $"Must be less than {PriceLimit.ToString(CultureInfo.InvariantCulture)}.");
        else if (decimal.Round(amount, digits) != amount)
            v.Add(field, $"At most {digits} decimals in {currency}.");
    }

    /// <summary>An ISO 4217 code (three letters, upper-cased), or null with an error when malformed.</summary>
    public static string? Currency(string field, string? value, Validation v)
    {
        if (value is null) return null;
        var code = value.Trim().ToUpperInvariant();
        if (CurrencyCode().IsMatch(code)) return code;
        v.Add(field, "Must be an ISO 4217 code such as USD.");
        return null;
    }

    /// <summary>
    /// <c>last_inventory_sync</c> as sent by an integration: an ISO 8601 date-time with an offset, not in
    /// the future (beyond a few minutes of clock skew). Null when not sent.
    /// </summary>
    public static DateTimeOffset? LastInventorySync(string? value, DateTimeOffset now, Validation v)
    {
        if (value is null) return null;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) || !HasOffset().IsMatch(value))
        {
            v.Add("last_inventory_sync", "Must be an ISO 8601 date-time with an offset, such as 2026-01-31T09:00:00Z.");
            return null;
        }
        if (at > now + AllowedClockSkew)
        {
            v.Add("last_inventory_sync", "Must not be in the future.");
            return null;
        }
        return at.ToUniversalTime().AddTicks(-(at.UtcTicks % 10));
    }

    /// <summary>An absolute http(s) URL of at most <see cref="MaxUrlLength"/> characters; "" when null.</summary>
    public static string Url(string field, string? value, Validation v)
    {
        var url = v.Optional(field, value, MaxUrlLength);
        if (url.Length > 0 && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            v.Add(field, "Must be an absolute http or https URL.");
        return url;
    }

    public static decimal Pow10(int digits)
    {
        var result = 1m;
        for (var i = 0; i < digits; i++) result *= 10;
        return result;
    }

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)$")]
    private static partial Regex DecimalString();

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
