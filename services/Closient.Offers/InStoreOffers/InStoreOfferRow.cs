using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.InStoreOffers;

/// <summary>A row of <c>offers.in_store_offers</c>; also the parameter object of its INSERT and UPDATE.</summary>
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
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Every column, for SELECT and RETURNING.</summary>
    public const string Columns = """
        id, organization_id, product_id, physical_store_id, sku, price_amount, price_currency, status, source,
        is_verified, quantity_on_hand, aisle, store_pickup_available, metadata::text AS metadata, created_at, updated_at
        """;

    public InStoreOfferOut ToOut() => new(
        ShortId.Encode(Id), ShortId.Encode(ProductId), ShortId.Encode(PhysicalStoreId), ShortId.Encode(OrganizationId),
        ServiceDefaults.Http.Metadata.FromJson(Metadata), Sku,
        PriceAmount is { } amount ? new PriceOut(Currencies.Format(amount, PriceCurrency), PriceCurrency) : null,
        Status, IsVerified, Source, QuantityOnHand, Aisle, StorePickupAvailable, CreatedAt, UpdatedAt);

    public OfferUpserted ToUpserted() => new(
        Id, OrganizationId, ProductId, PhysicalStoreId, Sku, PriceAmount, PriceCurrency, Status, QuantityOnHand, Source, UpdatedAt);

    public OfferRemoved ToRemoved(DateTimeOffset removedAt) => new(Id, OrganizationId, ProductId, PhysicalStoreId, removedAt);
}
