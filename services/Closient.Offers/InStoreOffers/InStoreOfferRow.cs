using Closient.Contracts.Offers;
using Closient.Offers.Common;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.InStoreOffers;

/// <summary>A row of <c>offers.in_store_offers</c> with what its store, product and promotions add; also the parameter object of its INSERT and UPDATE.</summary>
public sealed class InStoreOfferRow
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid ProductId { get; init; }
    public Guid PhysicalStoreId { get; init; }
    public string Sku { get; set; } = "";
    public decimal? PriceAmount { get; set; }
    public string PriceCurrency { get; init; } = "";
    public string Status { get; set; } = OfferStatus.Default;
    public string Source { get; set; } = OfferSource.Default;
    public bool IsVerified { get; init; }
    public int? QuantityOnHand { get; set; }
    public string Aisle { get; set; } = "";
    public bool StorePickupAvailable { get; set; }
    public string Metadata { get; set; } = "{}";
    public DateTimeOffset? LastInventorySync { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    // Joined: the store's location and retailer, the product's GTIN, the cheapest promotion running at @Now.
    public Guid LocationId { get; init; }
    public Guid RetailerId { get; init; }
    public string ProductGtin { get; init; } = "";
    public decimal? PromotionPrice { get; set; }

    /// <summary>SELECT of the offer with its joined values (parameter <c>@Now</c>: when promotions run); append a WHERE on <c>o</c>.</summary>
    public const string Select = """
        SELECT o.id, o.organization_id, o.product_id, o.physical_store_id, o.sku, o.price_amount, o.price_currency, o.status, o.source,
               o.is_verified, o.quantity_on_hand, o.aisle, o.store_pickup_available, o.metadata::text AS metadata,
               o.last_inventory_sync, o.created_at, o.updated_at, s.location_id, s.retailer_id, coalesce(p.gtin, '') AS product_gtin,
               (SELECT min(pr.promotional_price) FROM offers.promotions pr
                WHERE pr.in_store_offer_id = o.id AND pr.is_active AND pr.start_date <= @Now AND pr.end_date >= @Now) AS promotion_price
        FROM offers.in_store_offers o
        JOIN offers.physical_stores s ON s.id = o.physical_store_id
        LEFT JOIN offers.products p ON p.id = o.product_id
        """;

    /// <summary>INSERT of a new offer (this row as parameters); affects 0 rows when its natural key (product, store, sku) exists. Shared by the API and POS syncs.</summary>
    public const string Insert = """
        INSERT INTO offers.in_store_offers (id, organization_id, product_id, physical_store_id, sku, price_amount, price_currency,
            status, source, is_verified, quantity_on_hand, aisle, store_pickup_available, metadata, last_inventory_sync, created_at, updated_at)
        VALUES (@Id, @OrganizationId, @ProductId, @PhysicalStoreId, @Sku, @PriceAmount, @PriceCurrency,
            @Status, @Source, @IsVerified, @QuantityOnHand, @Aisle, @StorePickupAvailable, @Metadata::jsonb, @LastInventorySync, @CreatedAt, @UpdatedAt)
        ON CONFLICT (product_id, physical_store_id, sku) DO NOTHING
        """;

    /// <summary>UPDATE of the writable fields of an existing offer (this row as parameters). Shared by the API and POS syncs.</summary>
    public const string Update = """
        UPDATE offers.in_store_offers
        SET sku = @Sku, price_amount = @PriceAmount, status = @Status, source = @Source, quantity_on_hand = @QuantityOnHand,
            aisle = @Aisle, store_pickup_available = @StorePickupAvailable, metadata = @Metadata::jsonb,
            last_inventory_sync = @LastInventorySync, updated_at = @UpdatedAt
        WHERE id = @Id
        """;

    /// <summary>The list price, or the cheapest running promotion when lower; null for a priceless offer.</summary>
    public decimal? EffectivePrice => PriceAmount is { } price ? PromotionPrice is { } promo && promo < price ? promo : price : null;

    public InStoreOfferOut ToOut(DateTimeOffset now) => new(
        ShortId.Encode(Id), ShortId.Encode(ProductId), ShortId.Encode(PhysicalStoreId), ShortId.Encode(LocationId), ShortId.Encode(RetailerId),
        ShortId.Encode(OrganizationId), ServiceDefaults.Http.Metadata.FromJson(Metadata), Sku,
        PriceOut.Of(PriceAmount, PriceCurrency), Currencies.ToMinor(PriceAmount, PriceCurrency), PriceCurrency,
        PriceOut.Of(EffectivePrice, PriceCurrency), Currencies.ToMinor(EffectivePrice, PriceCurrency),
        Status, IsVerified, Source, QuantityOnHand, Aisle, StorePickupAvailable,
        LastInventorySync, Freshness.IsStale(LastInventorySync, now), CreatedAt, UpdatedAt);

    public OfferUpserted ToUpserted(DateTimeOffset now) => new(
        Id, OrganizationId, ProductId, PhysicalStoreId, Sku, PriceAmount, PriceCurrency, Status, QuantityOnHand, Source, UpdatedAt,
        OfferKinds.InStore, ProductGtin, LocationId, null, RetailerId,
        Currencies.ToMinor(PriceAmount, PriceCurrency), Currencies.ToMinor(EffectivePrice, PriceCurrency),
        LastInventorySync, Freshness.IsStale(LastInventorySync, now));

    public OfferRemoved ToRemoved(DateTimeOffset removedAt) =>
        new(Id, OrganizationId, ProductId, PhysicalStoreId, removedAt, OfferKinds.InStore, ProductGtin, LocationId, null);
}
