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
/// The work bounds of local search (README "Query plan"): a gate matching at most <see cref="ProductsFirstMax"/>
/// products runs products first (their offers, then the distance test); more runs stores nearest first and stops
/// after <see cref="TotalCap"/> + 1 hits, testing each walked offer against a hash of the matching products when at
/// most <see cref="HashMax"/> match, else against the offer's own product (a very common word: a hash of tens of
/// thousands of products costs more than the few hundred lookups the short walk needs). Counts are exact up to
/// <see cref="TotalCap"/>, else capped. 500 is about where the first two plans cost the same at the default 10 km
/// radius, 10,000 where the last two do (docs/search-benchmark.md, session 4).
/// </summary>
public sealed record LocalSearchTuning(int ProductsFirstMax = 500, int TotalCap = 100, int HashMax = 10_000)
{
    public static readonly LocalSearchTuning Default = new();
}

/// <summary>How the relevance gate matches a product; tried in this order until one gives a hit.</summary>
public enum LocalMatch { Gtin, All, FullText, Substring }

/// <summary>
/// The local product search (ranking contract in README.md): relevance is a gate (full text,
/// else substring, or GTIN), then hits sort by distance, inventory confidence and effective price.
/// When no local hit passes, online alternatives are looked up the same way (without distance).
/// The gate is matched on products once, through their indexes (GIN for full text and certifications,
/// trigram for the substring fallback, B-tree for GTINs), never per offer with an OR; a capped count of the
/// matching products picks the plan (README "Query plan").
/// </summary>
public static class LocalSearchQuery
{
    public const int LowStockThreshold = 5;
    public static readonly TimeSpan ConfirmedWithin = TimeSpan.FromHours(1);
    public static readonly TimeSpan LikelyWithin = TimeSpan.FromHours(24);

    /// <summary>An offer whose inventory was last synced longer ago than this is flagged <c>stale_inventory</c>.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(48);

    // The offer-level columns and filters shared by the local and the online statements (alias o, products p).
    const string StockStatus = """
        CROSS JOIN LATERAL (SELECT CASE
            WHEN o.status = 'out_of_stock' OR o.quantity_on_hand <= 0 THEN 'out_of_stock'
            WHEN o.quantity_on_hand IS NULL THEN 'unknown'
            WHEN o.quantity_on_hand <= @LowStockThreshold THEN 'low_stock'
            ELSE 'in_stock' END AS stock_status) stock
        """;

    const string OfferColumns = """
        p.id AS product_id, p.gtin, p.product_name, p.brand, p.certifications, p.contains_allergens, p.allergens_declared,
        r.id AS retailer_id, r.name AS retailer_name,
        o.id AS offer_id, o.price_amount, o.effective_price_amount, o.currency, o.status, o.updated_at AS last_checked_at,
        o.last_inventory_sync, coalesce(o.last_inventory_sync < @StaleBefore, false) AS stale_inventory,
        stock.stock_status,
        CASE WHEN o.updated_at >= @ConfirmedSince THEN 0 WHEN o.updated_at >= @LikelySince THEN 1 ELSE 2 END AS confidence_rank
        """;

    const string OfferFilters = "o.removed_at IS NULL AND " + OfferConditions;

    // Only columns of offers_store_cover_idx, so the nearest-first walk filters offers from the index alone.
    const string OfferConditions = """
        o.status <> 'discontinued'
          AND (@PriceMax::numeric IS NULL OR o.effective_price_amount <= @PriceMax::numeric)
          AND (@PriceMin::numeric IS NULL OR o.effective_price_amount >= @PriceMin::numeric)
          AND (NOT @InStockOnly OR stock.stock_status IN ('in_stock', 'low_stock'))
          AND (cardinality(@RetailerIds::uuid[]) = 0 OR o.retailer_id = ANY(@RetailerIds::uuid[]))
        """;

    // The query point, written out wherever it is used (not a CTE column), so the planner sees a constant and
    // can walk stores_location_idx in KNN order.
    const string Point = "ST_SetSRID(ST_MakePoint(@Longitude, @Latitude), 4326)::geography";

    const string LocalOrder = "round((distance_m / 1000)::numeric, 2), confidence_rank, effective_price_amount NULLS LAST, offer_id";

    const string LocalOutput = """
        round((distance_m / 1000)::numeric, 2)::float8 AS distance_km,
        CASE confidence_rank WHEN 0 THEN 'confirmed' WHEN 1 THEN 'likely' ELSE 'uncertain' END AS inventory_confidence
        """;

    /// <summary>
    /// The product side of the gate (alias p): the match itself plus the certification filter and the trait / color
    /// conditions (<see cref="TraitGate"/>). Constant per statement, so every shape is its own statement text with its own plan.
    /// </summary>
    static string ProductGate(LocalMatch match, bool certifications, string traits = "") => match switch
    {
        LocalMatch.Gtin => "p.gtin = @Gtin::text",
        LocalMatch.All => "true",
        // The query side in a scalar subquery: computed once per statement even under a generic (prepared) plan, where
        // it would otherwise be parsed again for every row it is tested on; the indexes still serve it (a runtime key).
        // Its row estimate is then the default, so the nearest-first hash of matching products is always planned hashed.
        LocalMatch.FullText => "p.document @@ (SELECT websearch_to_tsquery('english', search.unaccent_text(@Text::text)))",
        _ => "search.unaccent_text(p.product_name || ' ' || p.brand) ILIKE (SELECT search.unaccent_text(@Pattern::text))",
    } + (certifications ? " AND p.certifications @> @Certifications::text[]" : "") + traits;

    /// <summary>How many products pass the gate, counting no further than <c>@ProbeLimit</c> (an index scan that stops early).</summary>
    static string CountSql(string gate) => $"SELECT count(*)::int FROM (SELECT 1 FROM search.products p WHERE {gate} LIMIT @ProbeLimit) x";

    // Products first (rare words, GTINs): the matching products (their index), their offers (offers_product_idx),
    // then each offer's store by primary key and the distance test. `matched` is MATERIALIZED and the offers and
    // the store both come through a LATERAL with OFFSET 0 so the planner cannot turn it back into "every store in
    // range" on its (much too low) estimate of the stores within the radius: with a plain join to stores, custom
    // plans nested ~780 stores in range against every matched offer (116,000 join-filter tests, 10–25 ms for a
    // word in 15 products). Every match in range is counted. Work ∝ matching products × their offers, hence the
    // ProductsFirstMax bound.
    static string ProductsFirstSql(string gate) => $"""
        WITH matched AS MATERIALIZED (
            SELECT p.id, p.gtin, p.product_name, p.brand, p.certifications, p.contains_allergens, p.allergens_declared
            FROM search.products p WHERE {gate}
        ), candidates AS (
            SELECT {OfferColumns},
                   s.id AS store_id, s.name AS store_name, s.address, ST_Distance(s.location, {Point}) AS distance_m,
                   ST_Y(s.location::geometry) AS store_latitude, ST_X(s.location::geometry) AS store_longitude
            FROM matched p
            CROSS JOIN LATERAL (SELECT * FROM search.offers o WHERE o.product_id = p.id AND o.removed_at IS NULL OFFSET 0) o
            CROSS JOIN LATERAL (
                SELECT s.id, s.name, s.address, s.location FROM search.stores s
                WHERE s.id = o.store_id AND s.removed_at IS NULL AND ST_DWithin(s.location, {Point}, @RadiusMeters) OFFSET 0) s
            LEFT JOIN search.retailers r ON r.id = o.retailer_id
            {StockStatus}
            WHERE {OfferFilters}
        )
        SELECT *, {LocalOutput}, count(*) OVER () AS total, 0::float8 AS edge_m
        FROM candidates
        ORDER BY {LocalOrder}
        LIMIT @Limit
        """;

    // Stores nearest first (common words, empty text): the stores within the radius in KNN order (`<->` on
    // stores_location_idx), their offers from the covering offers_store_cover_idx (every filter column is in it,
    // so no offer row is read while walking). A text gate is matched once, on products through their index
    // (`matched`), and each walked offer is tested against it with a hashed SubPlan: `IN (…) OR false` keeps the
    // planner from turning the IN into a semi-join (which would lose the KNN order); the OR false folds away
    // after that, leaving a hash table built once per statement. Testing the gate per offer instead meant a
    // product lookup per walked offer and, under a generic (prepared) plan, parsing the tsquery again for each:
    // seconds for a word in ~2.5% of products, whose walk covers every store in range. Product-level conditions
    // (certifications) are hashed the same way; only an empty text with no condition (gate `true`) reads each
    // walked offer's product by primary key, to leave out offers whose product the read model does not have.
    // The distance is computed per store walked (not per offer). The walk stops after @WalkLimit hits (the count
    // cap + 1), so a common word reads the offers of the few nearest stores only. The page is the first @Limit
    // walked hits by the full ranking key, and only its rows are read in full. `edge_m` is the KNN distance of
    // the last store walked (C# checks that no unwalked hit can rank on the page), `total` the hits walked
    // (above the cap means "more than the cap").
    static string NearestFirstSql(string gate, bool hashed)
    {
        var matched = hashed ? $"matched AS MATERIALIZED (SELECT p.id FROM search.products p WHERE {gate})," : "";
        var product = hashed ? "" : "JOIN search.products p ON p.id = o.product_id";
        var productGate = hashed ? "(o.product_id IN (SELECT id FROM matched) OR false)" : gate;
        return $"""
        WITH {matched} walk AS MATERIALIZED (
            SELECT o.id AS offer_id, o.effective_price_amount, s.id AS store_id, s.distance_m, s.knn_m,
                   CASE WHEN o.updated_at >= @ConfirmedSince THEN 0 WHEN o.updated_at >= @LikelySince THEN 1 ELSE 2 END AS confidence_rank
            FROM (SELECT s.id, s.location <-> {Point} AS knn_m, ST_Distance(s.location, {Point}) AS distance_m
                  FROM search.stores s
                  WHERE s.removed_at IS NULL AND ST_DWithin(s.location, {Point}, @RadiusMeters)
                  ORDER BY s.location <-> {Point} OFFSET 0) s
            CROSS JOIN LATERAL (
                SELECT o.id, o.product_id, o.status, o.quantity_on_hand, o.effective_price_amount, o.retailer_id, o.updated_at
                FROM search.offers o WHERE o.store_id = s.id AND o.removed_at IS NULL OFFSET 0) o
            {product}
            {StockStatus}
            WHERE {OfferConditions} AND {productGate}
            ORDER BY s.knn_m
            LIMIT @WalkLimit
        ), page AS (
            SELECT offer_id, store_id, confidence_rank, distance_m
            FROM walk
            ORDER BY round((distance_m / 1000)::numeric, 2), confidence_rank, effective_price_amount NULLS LAST, offer_id
            LIMIT @Limit
        )
        SELECT {OfferColumns},
               s.id AS store_id, s.name AS store_name, s.address, page.distance_m,
               ST_Y(s.location::geometry) AS store_latitude, ST_X(s.location::geometry) AS store_longitude,
               {LocalOutput}, (SELECT count(*) FROM walk) AS total, (SELECT max(knn_m) FROM walk) AS edge_m
        FROM page
        JOIN search.offers o ON o.id = page.offer_id
        JOIN search.products p ON p.id = o.product_id
        JOIN search.stores s ON s.id = page.store_id
        LEFT JOIN search.retailers r ON r.id = o.retailer_id
        {StockStatus}
        ORDER BY {LocalOrder}
        """;
    }

    // Online alternatives: the same gate (products first, through the same indexes) and filters over online
    // offers; no distance, so inventory confidence, then effective price, then id. Counted exactly.
    static string OnlineSql(string gate) => $"""
        WITH matched AS MATERIALIZED (
            SELECT p.id, p.gtin, p.product_name, p.brand, p.certifications, p.contains_allergens, p.allergens_declared
            FROM search.products p WHERE {gate}
        ), candidates AS (
            SELECT {OfferColumns}, o.online_store_id
            FROM matched p
            JOIN search.online_offers o ON o.product_id = p.id
            LEFT JOIN search.retailers r ON r.id = o.retailer_id
            {StockStatus}
            WHERE {OfferFilters}
        )
        SELECT *, CASE confidence_rank WHEN 0 THEN 'confirmed' WHEN 1 THEN 'likely' ELSE 'uncertain' END AS inventory_confidence,
               count(*) OVER () AS total
        FROM candidates
        ORDER BY confidence_rank, effective_price_amount NULLS LAST, offer_id
        LIMIT @Limit
        """;

    /// <summary>The gates to try in order: a GTIN; every product for an empty text; else full text, then substring.</summary>
    static LocalMatch[] Gates(ParsedQuery q) =>
        q.Gtin is not null ? [LocalMatch.Gtin] : q.Text.Length == 0 ? [LocalMatch.All] : [LocalMatch.FullText, LocalMatch.Substring];

    public static Task<LocalResults> RunAsync(NpgsqlConnection conn, LocalSearchCriteria criteria, DateTimeOffset now, int limit, CancellationToken ct) =>
        RunAsync(conn, criteria, now, limit, LocalSearchTuning.Default, ct);

    public static async Task<LocalResults> RunAsync(NpgsqlConnection conn, LocalSearchCriteria criteria, DateTimeOffset now, int limit,
        LocalSearchTuning tuning, CancellationToken ct)
    {
        var parameters = new DynamicParameters(Parameters(criteria, now, limit));
        parameters.Add("WalkLimit", tuning.TotalCap + 1);
        var certifications = (criteria.Filters ?? LocalFilters.None).Certifications.Count > 0;
        var traits = TraitGate.Sql(criteria.Query.Constraints);
        TraitSql.AddParameters(parameters, criteria.Query.Constraints);
        var scope = criteria.Query.Constraints.Scope;
        var gates = Gates(criteria.Query);
        // The capped product count of each gate tried, so the online alternatives do not count a gate again.
        var counted = new Dictionary<LocalMatch, int>();
        // scope online: no local hits, online offers only; scope local: no online alternatives (README "Sessions: scope").
        foreach (var match in scope == SearchConstraints.Online ? [] : gates)
        {
            var gate = ProductGate(match, certifications, traits);
            var products = counted[match] = await CountProductsAsync(conn, match, gate, Math.Max(tuning.ProductsFirstMax, tuning.HashMax) + 1,
                parameters, ct, cacheAs: match is LocalMatch.FullText or LocalMatch.Substring && !certifications && traits.Length == 0
                    ? $"{match}:{criteria.Query.Text}" : null);
            if (products == 0) continue;
            var rows = products <= tuning.ProductsFirstMax
                ? await QueryAsync(conn, ProductsFirstSql(gate), parameters, ct)
                : await NearestFirstAsync(conn, gate, HashGate(gate) && products <= tuning.HashMax, parameters, criteria.EffectiveRadiusKm * 1000,
                    limit, tuning, ct);
            // Products matched but none is offered nearby: the substring fallback is for text that matches nothing at all
            // (as in catalog search), not for swapping in looser matches ("tea" must not turn into "steak" next door).
            if (rows.Count == 0) break;
            var total = rows[0].Total;
            return new LocalResults(rows.Select(ToHit).ToList(), (int)Math.Min(total, tuning.TotalCap), TotalCapped: total > tuning.TotalCap);
        }
        foreach (var match in scope == SearchConstraints.Local ? [] : gates)
        {
            var gate = ProductGate(match, certifications, traits);
            var products = counted.TryGetValue(match, out var known) ? known : await CountProductsAsync(conn, match, gate, 1, parameters, ct);
            if (products == 0) continue;
            var online = await QueryAsync(conn, OnlineSql(gate), parameters, ct);
            if (online.Count == 0) break;
            var total = online[0].Total;
            return new LocalResults([], 0, online.Select(ToOnlineHit).ToList(), (int)Math.Min(total, tuning.TotalCap),
                OnlineTotalCapped: total > tuning.TotalCap);
        }
        return new LocalResults([], 0, [], 0);
    }

    static async Task<int> CountProductsAsync(NpgsqlConnection conn, LocalMatch match, string gate, int probeLimit, DynamicParameters parameters,
        CancellationToken ct, string? cacheAs = null)
    {
        if (match == LocalMatch.All && !gate.Contains('@', StringComparison.Ordinal)) return int.MaxValue;
        if (cacheAs is not null && CommonTexts.TryGet(cacheAs, probeLimit, out var known)) return known;
        parameters.Add("ProbeLimit", probeLimit);
        var count = await conn.ExecuteScalarAsync<int>(new CommandDefinition(CountSql(gate), parameters, cancellationToken: ct));
        if (cacheAs is not null) CommonTexts.Put(cacheAs, probeLimit, count);
        return count;
    }

    /// <summary>
    /// Capped product counts of texts that match many products, kept a few minutes. Counting a word in 30% of products
    /// costs ~5 ms even with the cap (the full-text index hands over every match as a bitmap first), more than the whole
    /// walk that follows; the count only picks the plan, and every plan gives the same answer, so a count a few minutes
    /// old costs at most a slower plan. Rare texts (cheap to count) are not kept, so a new product is found at once.
    /// </summary>
    static class CommonTexts
    {
        const int MaxEntries = 10_000;
        static readonly int MinCount = LocalSearchTuning.Default.ProductsFirstMax;
        static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
        static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Count, int ProbeLimit, long Until)> Counts = new();

        public static bool TryGet(string text, int probeLimit, out int count)
        {
            count = 0;
            if (!Counts.TryGetValue(text, out var entry) || entry.ProbeLimit != probeLimit || Environment.TickCount64 > entry.Until) return false;
            count = entry.Count;
            return true;
        }

        public static void Put(string text, int probeLimit, int count)
        {
            if (count <= MinCount) return;
            if (Counts.Count >= MaxEntries) Counts.Clear();
            Counts[text] = (count, probeLimit, Environment.TickCount64 + (long)Ttl.TotalMilliseconds);
        }
    }

    /// <summary>
    /// The nearest-first walk. Stores come in KNN order (great circle on a sphere), hits rank by the rounded
    /// spheroid distance: a hit not walked lies at least <c>edge_m</c> away on the sphere. When the walk stopped
    /// at the cap and such a hit could still tie with or beat the last hit on the page, the page is re-read
    /// exhaustively within that distance (rare: it needs about the cap's worth of hits in one 10 m band).
    /// </summary>
    static async Task<List<Row>> NearestFirstAsync(NpgsqlConnection conn, string gate, bool hashed, DynamicParameters parameters, double radiusMeters,
        int limit, LocalSearchTuning tuning, CancellationToken ct)
    {
        var sql = NearestFirstSql(gate, hashed);
        var rows = await QueryAsync(conn, sql, parameters, ct);
        if (rows.Count == 0 || rows[0].Total <= tuning.TotalCap) return rows;
        var pageEdge = rows.Count < limit ? double.PositiveInfinity : rows[^1].DistanceKm * 1000 + 10;
        if (pageEdge <= rows[0].EdgeM * (1 - SphereTolerance)) return rows;
        var total = rows[0].Total;
        parameters.Add("RadiusMeters", Math.Min(radiusMeters, pageEdge * (1 + SphereTolerance) + 1));
        parameters.Add("WalkLimit", int.MaxValue);
        var exhaustive = await QueryAsync(conn, sql, parameters, ct);
        parameters.Add("RadiusMeters", radiusMeters);
        parameters.Add("WalkLimit", tuning.TotalCap + 1);
        foreach (var row in exhaustive) row.Total = total;
        return exhaustive;
    }

    /// <summary>Sphere and spheroid great-circle distances differ by well under 0.5%.</summary>
    const double SphereTolerance = 0.005;

    static async Task<List<Row>> QueryAsync(NpgsqlConnection conn, string sql, DynamicParameters parameters, CancellationToken ct) =>
        (await conn.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: ct))).ToList();

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

    /// <summary>The local statements for a gate (products first, nearest first), for EXPLAIN.</summary>
    public static (string ProductsFirst, string NearestFirst) LocalStatements(LocalMatch match, bool certifications = false)
    {
        var gate = ProductGate(match, certifications);
        return (ProductsFirstSql(gate), NearestFirstSql(gate, HashGate(gate)));
    }

    /// <summary>
    /// Nearest first tests every gate against the hash of its matching products except the empty text's bare <c>true</c>
    /// (every product matches; only the product's presence is checked, by primary key). A product-level condition
    /// (certifications, traits) is hashed like a text: a code held by 1% of products would otherwise mean a product
    /// lookup for every offer in range.
    /// </summary>
    static bool HashGate(string gate) => gate != "true";

    static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    static SearchHit ToHit(Row r) => new(Product(r),
        new HitStore(ShortId.Encode(r.StoreId), r.StoreName, r.Address, r.DistanceKm, r.StoreLatitude, r.StoreLongitude),
        Retailer(r), Offer(r));

    static OnlineHit ToOnlineHit(Row r) => new(Product(r),
        new HitOnlineStore(r.OnlineStoreId is { } id ? ShortId.Encode(id) : null), Retailer(r), Offer(r));

    static HitProduct Product(Row r) => new(ShortId.Encode(r.ProductId), r.Gtin, r.ProductName, r.Brand, r.Certifications ?? [],
        r.ContainsAllergens ?? [], r.AllergensDeclared == true ? "declared" : "low");

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
        public string[]? ContainsAllergens { get; set; }
        public bool? AllergensDeclared { get; set; }
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
        public double EdgeM { get; set; }
    }
}
