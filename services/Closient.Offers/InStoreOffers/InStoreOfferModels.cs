using System.Text.Json;

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

    /// <summary>A location id (the physical store). Required on create; cannot change on update.</summary>
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
    public Dictionary<string, string?>? Metadata { get; init; }
}

public sealed record PriceOut(string Amount, string Currency);

public sealed record InStoreOfferOut(
    string Id,
    string ProductId,
    string PhysicalStoreId,
    string OrganizationId,
    IReadOnlyDictionary<string, string> Metadata,
    string Sku,
    PriceOut? Price,
    string Status,
    bool IsVerified,
    string Source,
    int? QuantityOnHand,
    string Aisle,
    bool StorePickupAvailable,
    DateTimeOffset Created,
    DateTimeOffset Updated);
