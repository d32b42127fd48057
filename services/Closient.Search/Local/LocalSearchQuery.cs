using Closient.Search.Constraints;
using Closient.ServiceDefaults.Http;
using Dapper;
using Npgsql;

namespace Closient.Search.Local;

/// <summary>What to look for, where: the engine's input, shared by sessions and the stateless endpoint.</summary>
public sealed record LocalSearchCriteria(ParsedQuery Query, double Latitude, double Longitude, double RadiusKm, LocalFilters? Filters = null)
{
    /// <summary>A <c>distance_km</c> constraint overrides the radius; neither exceeds the 50 km ceiling.</summary>
    public double EffectiveRadiusKm => Math.Min(Query.Constraints.DistanceKm ?? RadiusKm, QueryParser.MaxDistanceKm);
}

/// <summary>
/// Filters that are not query constraints: offers of any of <see cref="RetailerIds"/> (empty = any retailer), products
/// holding every one of <see cref="Certifications"/> (lower-case codes; empty = no requirement).
/// </summary>
public sealed record LocalFilters(IReadOnlyList<Guid> RetailerIds, IReadOnlyList<string> Certifications)
{
    public static readonly LocalFilters None = new([], []);
}

/// <summary>
/// The local product search (ranking contract in README.md): relevance is a gate (full text,
/// else substring, or GTIN), then hits sort by distance, inventory confidence and effective price.
/// When no local hit passes, online alternatives are looked up the same way (without distance).
/// </summary>
public static class LocalSearchQuery
{
    public const int LowStockThreshold = 5;
    public static readonly TimeSpan ConfirmedWithin = TimeSpan.FromHours(1);
    public static readonly TimeSpan LikelyWithin = TimeSpan.FromHours(24);

    /// <summary>An offer whose inventory was last synced longer ago than this is flagged <c>stale_inventory</c>.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(48);

    // The offer-level columns and filters shared by the local and the online statement (alias o, products p).
    const string StockStatus = """
        CROSS JOIN LATERAL (SELECT CASE
            WHEN o.status = 'out_of_stock' OR o.quantity_on_hand <= 0 THEN 'out_of_stock'
            WHEN o.quantity_on_hand IS NULL THEN 'unknown'
            WHEN o.quantity_on_hand <= @LowStockThreshold THEN 'low_stock'
            ELSE 'in_stock' END AS stock_status) stock
        """;

    const string OfferColumns = """
        p.id AS product_id, p.gtin, p.product_name, p.brand, p.certifications,
        r.id AS retailer_id, r.name AS retailer_name,
        o.id AS offer_id, o.price_amount, o.effective_price_amount, o.currency, o.status, o.updated_at AS last_checked_at,
        o.last_inventory_sync, coalesce(o.last_inventory_sync < @StaleBefore, false) AS stale_inventory,
        stock.stock_status,
        CASE WHEN o.updated_at >= @ConfirmedSince THEN 0 WHEN o.updated_at >= @LikelySince THEN 1 ELSE 2 END AS confidence_rank,
        (@Gtin::text IS NOT NULL OR @Text::text = '' OR p.document @@ here.tsq) AS strong
        """;

    const string Filters = """
        (CASE WHEN @Gtin::text IS NOT NULL THEN p.gtin = @Gtin::text
              WHEN @Text::text = '' THEN true
              ELSE p.document @@ here.tsq
                   OR search.unaccent_text(p.product_name || ' ' || p.brand) ILIKE search.unaccent_text(@Pattern) END)
          AND o.removed_at IS NULL AND o.status <> 'discontinued'
          AND (@PriceMax::numeric IS NULL OR o.effective_price_amount <= @PriceMax::numeric)
          AND (@PriceMin::numeric IS NULL OR o.effective_price_amount >= @PriceMin::numeric)
          AND (NOT @InStockOnly OR stock.stock_status IN ('in_stock', 'low_stock'))
          AND (cardinality(@RetailerIds::uuid[]) = 0 OR o.retailer_id = ANY(@RetailerIds::uuid[]))
          AND (cardinality(@Certifications::text[]) = 0 OR p.certifications @> @Certifications::text[])
        """;

    const string Here = """
        here AS (
            SELECT ST_SetSRID(ST_MakePoint(@Longitude, @Latitude), 4326)::geography AS point,
                   websearch_to_tsquery('english', search.unaccent_text(@Text)) AS tsq
        )
        """;

    // One statement: `nearby` (MATERIALIZED, so the GiST index on stores drives: see README "Query plan")
    // are the stores in range; `candidates` their offers that pass the filters and match either way;
    // `gated` keeps the full-text (or GTIN) matches, or the substring matches when there are none.
    // An empty text (the query was only constraints, "in stock within 2 km") matches every product.
    const string LocalSql = $"""
        WITH {Here}, nearby AS MATERIALIZED (
            SELECT s.id, s.name, s.address, ST_Distance(s.location, here.point) AS distance_m,
                   ST_Y(s.location::geometry) AS latitude, ST_X(s.location::geometry) AS longitude
            FROM here
            JOIN search.stores s ON s.removed_at IS NULL AND ST_DWithin(s.location, here.point, @RadiusMeters)
        ), candidates AS (
            SELECT {OfferColumns},
                   s.id AS store_id, s.name AS store_name, s.address, s.distance_m,
                   s.latitude AS store_latitude, s.longitude AS store_longitude
            FROM here
            CROSS JOIN nearby s
            JOIN search.offers o ON o.store_id = s.id
            JOIN search.products p ON p.id = o.product_id
            LEFT JOIN search.retailers r ON r.id = o.retailer_id
            {StockStatus}
            WHERE {Filters}
        ), gated AS (
            SELECT * FROM candidates WHERE strong OR NOT EXISTS (SELECT 1 FROM candidates WHERE strong)
        )
        SELECT *, round((distance_m / 1000)::numeric, 2)::float8 AS distance_km,
               CASE confidence_rank WHEN 0 THEN 'confirmed' WHEN 1 THEN 'likely' ELSE 'uncertain' END AS inventory_confidence,
               count(*) OVER () AS total
        FROM gated
        ORDER BY round((distance_m / 1000)::numeric, 2), confidence_rank, effective_price_amount NULLS LAST, offer_id
        LIMIT @Limit
        """;

    // Online alternatives: the same gate and filters over online offers; no distance, so inventory
    // confidence, then effective price, then id.
    const string OnlineSql = $"""
        WITH {Here}, candidates AS (
            SELECT {OfferColumns}, o.online_store_id
            FROM here
            CROSS JOIN search.online_offers o
            JOIN search.products p ON p.id = o.product_id
            LEFT JOIN search.retailers r ON r.id = o.retailer_id
            {StockStatus}
            WHERE {Filters}
        ), gated AS (
            SELECT * FROM candidates WHERE strong OR NOT EXISTS (SELECT 1 FROM candidates WHERE strong)
        )
        SELECT *, CASE confidence_rank WHEN 0 THEN 'confirmed' WHEN 1 THEN 'likely' ELSE 'uncertain' END AS inventory_confidence,
               count(*) OVER () AS total
        FROM gated
        ORDER BY confidence_rank, effective_price_amount NULLS LAST, offer_id
        LIMIT @Limit
        """;

    public static async Task<LocalResults> RunAsync(NpgsqlConnection conn, LocalSearchCriteria criteria, DateTimeOffset now, int limit, CancellationToken ct)
    {
        var parameters = Parameters(criteria, now, limit);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(LocalSql, parameters, cancellationToken: ct))).ToList();
        if (rows.Count > 0) return new LocalResults(rows.Select(ToHit).ToList(), (int)rows[0].Total, [], 0);
        var online = (await conn.QueryAsync<Row>(new CommandDefinition(OnlineSql, parameters, cancellationToken: ct))).ToList();
        return new LocalResults([], 0, online.Select(ToOnlineHit).ToList(), online.Count == 0 ? 0 : (int)online[0].Total);
    }

    /// <summary>The statement's parameters (also used by the plan test).</summary>
    public static object Parameters(LocalSearchCriteria criteria, DateTimeOffset now, int limit)
    {
        var q = criteria.Query;
        var filters = criteria.Filters ?? LocalFilters.None;
        return new
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
            RetailerIds = filters.RetailerIds.ToArray(),
            Certifications = filters.Certifications.ToArray(),
            LowStockThreshold,
            ConfirmedSince = now - ConfirmedWithin,
            LikelySince = now - LikelyWithin,
            StaleBefore = now - StaleAfter,
            Limit = limit,
        };
    }

    /// <summary>The local statement, for EXPLAIN.</summary>
    public static string LocalStatement => LocalSql;

    static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    static SearchHit ToHit(Row r) => new(Product(r),
        new HitStore(ShortId.Encode(r.StoreId), r.StoreName, r.Address, r.DistanceKm, r.StoreLatitude, r.StoreLongitude),
        Retailer(r), Offer(r));

    static OnlineHit ToOnlineHit(Row r) => new(Product(r),
        new HitOnlineStore(r.OnlineStoreId is { } id ? ShortId.Encode(id) : null), Retailer(r), Offer(r));

    static HitProduct Product(Row r) => new(ShortId.Encode(r.ProductId), r.Gtin, r.ProductName, r.Brand, r.Certifications ?? []);

    static HitRetailer? Retailer(Row r) => r.RetailerId is { } id ? new HitRetailer(ShortId.Encode(id), r.RetailerName ?? "") : null;

    static HitOffer Offer(Row r) => new(ShortId.Encode(r.OfferId), MoneyOf(r.PriceAmount, r.Currency), MoneyOf(r.EffectivePriceAmount, r.Currency),
        r.Status, r.StockStatus, r.LastCheckedAt, r.InventoryConfidence, r.LastInventorySync, r.StaleInventory);

    static Money? MoneyOf(decimal? amount, string currency) => amount is { } a ? new Money(Currencies.Format(a, currency), currency) : null;

    sealed class Row
    {
        public Guid ProductId { get; set; }
        public string Gtin { get; set; } = "";
        public string ProductName { get; set; } = "";
        public string Brand { get; set; } = "";
        public string[]? Certifications { get; set; }
        public Guid? RetailerId { get; set; }
        public string? RetailerName { get; set; }
        public Guid StoreId { get; set; }
        public string StoreName { get; set; } = "";
        public string Address { get; set; } = "";
        public double DistanceKm { get; set; }
        public double StoreLatitude { get; set; }
        public double StoreLongitude { get; set; }
        public Guid? OnlineStoreId { get; set; }
        public Guid OfferId { get; set; }
        public decimal? PriceAmount { get; set; }
        public decimal? EffectivePriceAmount { get; set; }
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
