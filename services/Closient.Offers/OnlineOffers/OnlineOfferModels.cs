using System.Text.Json;
using Closient.Offers.Common;

namespace Closient.Offers.OnlineOffers;

/// <summary>Body of create (POST) and update (PUT, PATCH semantics: omitted or null = unchanged); prices as for in-store offers.</summary>
public sealed record OnlineOfferRequest
{
    /// <summary>Required on create; cannot change on update.</summary>
    public string? ProductId { get; init; }

    /// <summary>An online store of the organization. Required on create; cannot change on update.</summary>
    public string? OnlineStoreId { get; init; }

    public string? Sku { get; init; }

    /// <summary>Deep link to the product page, an absolute http(s) URL of at most 1000 characters.</summary>
    public string? Url { get; init; }

    /// <summary>Decimal in the store's currency, as a JSON number or a string ("5.99"); null = priceless.</summary>
    public JsonElement? Price { get; init; }

    /// <summary>Alternative to <see cref="Price"/>: integer minor units (1099 = 10.99).</summary>
    public JsonElement? PriceAmount { get; init; }

    /// <summary>With <see cref="PriceAmount"/> only; must be the store's currency.</summary>
    public string? PriceCurrency { get; init; }

    public string? Status { get; init; }
    public string? Source { get; init; }
    public int? QuantityOnHand { get; init; }

    /// <summary>in_stock, low_stock, out_of_stock or unknown (default); independent of status.</summary>
    public string? StockLevel { get; init; }

    /// <summary>Free text such as "standard" (default) or "express".</summary>
    public string? FulfillmentType { get; init; }

    /// <summary>When the stock was last confirmed (ISO 8601 with offset); not in the future.</summary>
    public string? LastInventorySync { get; init; }

    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>spec/offers.md §4 OnlineOfferOut (a subset: no shipping or delivery fields yet), with the same price and freshness fields as in-store offers.</summary>
public sealed record OnlineOfferOut(
    string Id,
    string ProductId,
    string OnlineStoreId,
    string RetailerId,
    string OrganizationId,
    IReadOnlyDictionary<string, string> Metadata,
    string Sku,
    string Url,
    PriceOut? Price,
    long? PriceAmount,
    string PriceCurrency,
    PriceOut? EffectivePrice,
    long? EffectivePriceAmount,
    string Status,
    bool IsVerified,
    string Source,
    int? QuantityOnHand,
    string StockLevel,
    string FulfillmentType,
    DateTimeOffset? LastInventorySync,
    bool StaleInventory,
    DateTimeOffset Created,
    DateTimeOffset Updated);
