using System.Globalization;
using Closient.Search.Constraints;
using Closient.ServiceDefaults.Http;
using Dapper;
using Npgsql;

namespace Closient.Search.Local;

/// <summary>What to look for, where: the engine's input, shared by sessions and the stateless endpoint.</summary>
public sealed record LocalSearchCriteria(ParsedQuery Query, double Latitude, double Longitude, double RadiusKm)
{
    /// <summary>A <c>distance_km</c> constraint overrides the radius; neither exceeds the 50 km ceiling.</summary>
    public double EffectiveRadiusKm => Math.Min(Query.Constraints.DistanceKm ?? RadiusKm, QueryParser.MaxDistanceKm);
}

/// <summary>
/// The local product search (ranking contract in README.md): relevance is a gate (full text,
/// else substring, or GTIN), then hits sort by distance, inventory confidence and price.
/// </summary>
public static class LocalSearchQuery
{
    public const int LowStockThreshold = 5;
    public static readonly TimeSpan ConfirmedWithin = TimeSpan.FromHours(1);
    public static readonly TimeSpan LikelyWithin = TimeSpan.FromHours(24);

    /// <summary>An offer whose inventory was last synced longer ago than this is flagged <c>stale_inventory</c>.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(48);

    // One statement: `candidates` are offers in range that pass the filters and match either way;
    // `gated` keeps the full-text (or GTIN) matches, or the substring matches when there are none.
    // An empty text (the query was only constraints, "in stock within 2 km") matches every product.
    const string Sql = """
        WITH here AS (
            SELECT ST_SetSRID(ST_MakePoint(@Longitude, @Latitude), 4326)::geography AS point,
                   websearch_to_tsquery('english', search.unaccent_text(@Text)) AS tsq
        ), candidates AS (
            SELECT p.id AS product_id, p.gtin, p.product_name, p.brand,
                   s.id AS store_id, s.name AS store_name, s.address,
                   ST_Distance(s.location, here.point) AS distance_m,
                   ST_Y(s.location::geometry) AS store_latitude, ST_X(s.location::geometry) AS store_longitude,
                   o.id AS offer_id, o.price_amount, o.currency, o.status, o.updated_at AS last_checked_at,
                   o.last_inventory_sync, coalesce(o.last_inventory_sync < @StaleBefore, false) AS stale_inventory,
                   stock.stock_status,
                   CASE WHEN o.updated_at >= @ConfirmedSince THEN 0 WHEN o.updated_at >= @LikelySince THEN 1 ELSE 2 END AS confidence_rank,
                   (@Gtin::text IS NOT NULL OR @Text::text = '' OR p.document @@ here.tsq) AS strong
            FROM here
            JOIN search.stores s ON s.removed_at IS NULL AND ST_DWithin(s.location, here.point, @RadiusMeters)
            JOIN search.offers o ON o.store_id = s.id AND o.removed_at IS NULL AND o.status <> 'discontinued'
            JOIN search.products p ON p.id = o.product_id
            CROSS JOIN LATERAL (SELECT CASE
                WHEN o.status = 'out_of_stock' OR o.quantity_on_hand <= 0 THEN 'out_of_stock'
                WHEN o.quantity_on_hand IS NULL THEN 'unknown'
                WHEN o.quantity_on_hand <= @LowStockThreshold THEN 'low_stock'
                ELSE 'in_stock' END AS stock_status) stock
            WHERE (CASE WHEN @Gtin::text IS NOT NULL THEN p.gtin = @Gtin::text
                        WHEN @Text::text = '' THEN true
                        ELSE p.document @@ here.tsq
                             OR search.unaccent_text(p.product_name || ' ' || p.brand) ILIKE search.unaccent_text(@Pattern) END)
              AND (@PriceMax::numeric IS NULL OR o.price_amount <= @PriceMax::numeric)
              AND (@PriceMin::numeric IS NULL OR o.price_amount >= @PriceMin::numeric)
              AND (NOT @InStockOnly OR stock.stock_status IN ('in_stock', 'low_stock'))
        ), gated AS (
            SELECT * FROM candidates WHERE strong OR NOT EXISTS (SELECT 1 FROM candidates WHERE strong)
        )
        SELECT product_id, gtin, product_name, brand, store_id, store_name, address,
               round((distance_m / 1000)::numeric, 2)::float8 AS distance_km, store_latitude, store_longitude,
               offer_id, price_amount, currency, status, stock_status, last_checked_at, last_inventory_sync, stale_inventory,
               CASE confidence_rank WHEN 0 THEN 'confirmed' WHEN 1 THEN 'likely' ELSE 'uncertain' END AS inventory_confidence,
               count(*) OVER () AS total
        FROM gated
        ORDER BY round((distance_m / 1000)::numeric, 2), confidence_rank, price_amount NULLS LAST, offer_id
        LIMIT @Limit
        """;

    public static async Task<LocalResults> RunAsync(NpgsqlConnection conn, LocalSearchCriteria criteria, DateTimeOffset now, int limit, CancellationToken ct)
    {
        var q = criteria.Query;
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(Sql, new
        {
            criteria.Latitude,
            criteria.Longitude,
            RadiusMeters = criteria.EffectiveRadiusKm * 1000,
            q.Text,
            q.Gtin,
            Pattern = "%" + EscapeLike(q.Text) + "%",
            q.Constraints.PriceMax,
            q.Constraints.PriceMin,
            InStockOnly = q.Constraints.Availability == SearchConstraints.InStock,
            LowStockThreshold,
            ConfirmedSince = now - ConfirmedWithin,
            LikelySince = now - LikelyWithin,
            StaleBefore = now - StaleAfter,
            Limit = limit,
        }, cancellationToken: ct))).ToList();
        return new LocalResults(rows.Select(ToHit).ToList(), rows.Count == 0 ? 0 : (int)rows[0].Total);
    }

    static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    static SearchHit ToHit(Row r) => new(
        new HitProduct(ShortId.Encode(r.ProductId), r.Gtin, r.ProductName, r.Brand),
        new HitStore(ShortId.Encode(r.StoreId), r.StoreName, r.Address, r.DistanceKm, r.StoreLatitude, r.StoreLongitude),
        new HitOffer(ShortId.Encode(r.OfferId),
            r.PriceAmount is { } amount ? new Money(amount.ToString("0.00##", CultureInfo.InvariantCulture), r.Currency) : null,
            r.Status, r.StockStatus, r.LastCheckedAt, r.InventoryConfidence, r.LastInventorySync, r.StaleInventory));

    sealed class Row
    {
        public Guid ProductId { get; set; }
        public string Gtin { get; set; } = "";
        public string ProductName { get; set; } = "";
        public string Brand { get; set; } = "";
        public Guid StoreId { get; set; }
        public string StoreName { get; set; } = "";
        public string Address { get; set; } = "";
        public double DistanceKm { get; set; }
        public double StoreLatitude { get; set; }
        public double StoreLongitude { get; set; }
        public Guid OfferId { get; set; }
        public decimal? PriceAmount { get; set; }
        public string Currency { get; set; } = "";
        public string Status { get; set; } = "";
        public string StockStatus { get; set; } = "";
        public DateTimeOffset LastCheckedAt { get; set; }
        public string InventoryConfidence { get; set; } = "";
        public DateTimeOffset? LastInventorySync { get; set; }
        public bool StaleInventory { get; set; }
        public long Total { get; set; }
    }
}
