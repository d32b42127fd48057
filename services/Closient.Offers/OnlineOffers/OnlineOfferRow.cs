using Closient.Contracts.Offers;
using Closient.Offers.Common;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.OnlineOffers;

/// <summary>A row of <c>offers.online_offers</c> with what its store, product and promotions add; also the parameter object of its INSERT and UPDATE.</summary>
public sealed class OnlineOfferRow
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid ProductId { get; init; }
    public Guid OnlineStoreId { get; init; }
    public string Sku { get; set; } = "";
    public string Url { get; set; } = "";
    public decimal? PriceAmount { get; set; }
    public string PriceCurrency { get; init; } = "";
    public string Status { get; set; } = OfferStatus.Default;
    public string Source { get; set; } = OfferSource.Default;
    public bool IsVerified { get; init; }
    public int? QuantityOnHand { get; set; }
    public string StockLevel { get; set; } = Common.StockLevel.Default;
    public string FulfillmentType { get; set; } = "standard";
    public string Metadata { get; set; } = "{}";
    public DateTimeOffset? LastInventorySync { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public Guid RetailerId { get; init; }
    public string ProductGtin { get; init; } = "";
    public decimal? PromotionPrice { get; set; }

    /// <summary>SELECT of the offer with its joined values (parameter <c>@Now</c>: when promotions run); append a WHERE on <c>o</c>.</summary>
    public const string Select = """
        SELECT o.id, o.organization_id, o.product_id, o.online_store_id, o.sku, o.url, o.price_amount, o.price_currency, o.status, o.source,
               o.is_verified, o.quantity_on_hand, o.stock_level, o.fulfillment_type, o.metadata::text AS metadata,
               o.last_inventory_sync, o.created_at, o.updated_at, s.retailer_id, coalesce(p.gtin, '') AS product_gtin,
               (SELECT min(pr.promotional_price) FROM offers.promotions pr
                WHERE pr.online_offer_id = o.id AND pr.is_active AND pr.start_date <= @Now AND pr.end_date >= @Now) AS promotion_price
        FROM offers.online_offers o
        JOIN offers.online_stores s ON s.id = o.online_store_id
        LEFT JOIN offers.products p ON p.id = o.product_id
        """;

    public decimal? EffectivePrice => PriceAmount is { } price ? PromotionPrice is { } promo && promo < price ? promo : price : null;

    public OnlineOfferOut ToOut(DateTimeOffset now) => new(
        ShortId.Encode(Id), ShortId.Encode(ProductId), ShortId.Encode(OnlineStoreId), ShortId.Encode(RetailerId),
        ShortId.Encode(OrganizationId), ServiceDefaults.Http.Metadata.FromJson(Metadata), Sku, Url,
        PriceOut.Of(PriceAmount, PriceCurrency), Currencies.ToMinor(PriceAmount, PriceCurrency), PriceCurrency,
        PriceOut.Of(EffectivePrice, PriceCurrency), Currencies.ToMinor(EffectivePrice, PriceCurrency),
        Status, IsVerified, Source, QuantityOnHand, StockLevel, FulfillmentType,
        LastInventorySync, Freshness.IsStale(LastInventorySync, now), CreatedAt, UpdatedAt);

    public OfferUpserted ToUpserted(DateTimeOffset now) => new(
        Id, OrganizationId, ProductId, null, Sku, PriceAmount, PriceCurrency, Status, QuantityOnHand, Source, UpdatedAt,
        OfferKinds.Online, ProductGtin, null, OnlineStoreId, RetailerId,
        Currencies.ToMinor(PriceAmount, PriceCurrency), Currencies.ToMinor(EffectivePrice, PriceCurrency),
        LastInventorySync, Freshness.IsStale(LastInventorySync, now));

    public OfferRemoved ToRemoved(DateTimeOffset removedAt) =>
        new(Id, OrganizationId, ProductId, null, removedAt, OfferKinds.Online, ProductGtin, null, OnlineStoreId);
}
