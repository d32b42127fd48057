using System.Text.Json;
using Closient.Offers.Common;

namespace Closient.Offers.InStoreOffers;

/// <summary>
/// Body of create (POST) and update (PUT, PATCH semantics: omitted or null = unchanged). <c>price</c>
/// and <c>price_amount</c> are read as raw JSON so that a number, a decimal string or null each get a
/// precise, field-named error. Other numbers are strict (ServiceDefaults' JSON conventions).
/// </summary>
public sealed record InStoreOfferRequest
{
    /// <summary>Required on create; cannot change on update.</summary>
    public string? ProductId { get; init; }

    /// <summary>A physical store of the organization (not a location id). Required on create; cannot change on update.</summary>
    public string? PhysicalStoreId { get; init; }

    public string? Sku { get; init; }

    /// <summary>Decimal in the store's currency, as a JSON number or a string ("5.99"); null = priceless.</summary>
    public JsonElement? Price { get; init; }

    /// <summary>Alternative to <see cref="Price"/>: integer minor units (1099 = 10.99), as the onboarding guide sends.</summary>
    public JsonElement? PriceAmount { get; init; }

    /// <summary>With <see cref="PriceAmount"/> only; must be the store's currency.</summary>
    public string? PriceCurrency { get; init; }

    public string? Status { get; init; }
    public string? Source { get; init; }
    public int? QuantityOnHand { get; init; }
    public string? Aisle { get; init; }
    public bool? StorePickupAvailable { get; init; }

    /// <summary>When the stock was last confirmed (ISO 8601 with offset), for integrations replaying a sync; not in the future.</summary>
    public string? LastInventorySync { get; init; }

    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>
/// spec/offers.md §3 InStoreOfferOut, plus: <c>price_amount</c> (integer minor units, null = priceless) and
/// <c>price_currency</c> beside the <c>price</c> object; the effective price after the cheapest promotion
/// running now; the store's location and retailer; inventory freshness.
/// </summary>
public sealed record InStoreOfferOut(
    string Id,
    string ProductId,
    string PhysicalStoreId,
    string LocationId,
    string RetailerId,
    string OrganizationId,
    IReadOnlyDictionary<string, string> Metadata,
    string Sku,
    PriceOut? Price,
    long? PriceAmount,
    string PriceCurrency,
    PriceOut? EffectivePrice,
    long? EffectivePriceAmount,
    string Status,
    bool IsVerified,
    string Source,
    int? QuantityOnHand,
    string Aisle,
    bool StorePickupAvailable,
    DateTimeOffset? LastInventorySync,
    bool StaleInventory,
    DateTimeOffset Created,
    DateTimeOffset Updated);
