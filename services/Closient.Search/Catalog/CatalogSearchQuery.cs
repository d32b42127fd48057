using Closient.Search.Constraints;
using Closient.ServiceDefaults.Http;
using Dapper;
using Npgsql;

namespace Closient.Search.Catalog;

/// <summary>Which collections a catalog search covers.</summary>
[Flags]
public enum CatalogTypes
{
    None = 0,
    Products = 1,
    Brands = 2,
    Retailers = 4,
    All = Products | Brands | Retailers,
}

/// <summary>
/// Catalog search over products, brands and retailers (README "Catalog search"): full text first
/// (<c>websearch_to_tsquery('english', …)</c> over the generated documents, ranked by <c>ts_rank</c>);
/// when that finds nothing in any requested collection, names that contain the terms or are
/// trigram-similar to them (typos) instead, ranked by <c>word_similarity</c>. One ranked list, paged.
/// </summary>
public static class CatalogSearchQuery
{
    /// <summary>The fallback's <c>word_similarity</c> threshold: "choclate" → "Chocolate" is 0.58; pg_trgm's default is 0.6.</summary>
    public const double SimilarityThreshold = 0.4;

    /// <summary>
    /// Most products ranked per search: a word in a third of the catalog would otherwise rank (read every document of)
    /// tens of thousands of products for one page. Past it, the ranked set is the first matches the index returns and
    /// the total says "at least" (<see cref="CatalogResults.Capped"/>).
    /// </summary>
    public const int MaxRankedProducts = 1_000;

    // fts: full text, when the tsquery has something to look for (not empty, not only negations:
    // querytree() is 'T' for a query that matches "everything but"). fallback: only when fts is empty.
    // The last SELECT returns the total on one row even when the page is past the end.
    // The trait filters (README "Trait filters") on a product p; each is off when its list is empty. Inside the ranked
    // set's LIMIT, so the cap counts products that pass them.
    const string ProductTraits = $"""
        (cardinality(@ExcludeAllergens::text[]) = 0 OR {TraitSql.ExcludeAllergens})
          AND (cardinality(@AvoidSubstances::text[]) = 0 OR {TraitSql.AvoidSubstances})
          AND (cardinality(@RequireCertifications::text[]) = 0 OR {TraitSql.RequireCertifications})
        """;

    const string ProductTraitColumns = "p.certifications, p.contains_allergens, p.substances, p.allergens_declared";
    const string NoTraitColumns = "NULL::text[], NULL::text[], NULL::text[], NULL::boolean";

    const string Sql = $"""
        WITH q AS (
            SELECT websearch_to_tsquery('english', search.unaccent_text(@Text)) AS tsq,
                   search.unaccent_text(@Positive) AS positive,
                   search.unaccent_text(@Pattern) AS pattern,
                   (SELECT coalesce(array_agg(search.unaccent_text(e)), ARRAY[]::text[]) FROM unnest(@Excluded::text[]) e) AS excluded
        ), usable AS (
            SELECT q.*, numnode(tsq) > 0 AND querytree(tsq) <> 'T' AS fts_ok FROM q
        ), fts AS (
            SELECT 'product' AS type, p.id, p.product_name AS name, p.gtin, p.brand, p.description,
                   NULL::text AS website, NULL::text AS category, NULL::text AS logo_url, ts_rank(p.document, u.tsq)::float8 AS score,
                   {ProductTraitColumns}
            FROM usable u CROSS JOIN LATERAL (
                SELECT * FROM search.products p WHERE p.document @@ u.tsq AND {ProductTraits} LIMIT @MaxRanked) p
            WHERE u.fts_ok AND @Products
            UNION ALL
            SELECT 'brand', b.id, b.name, NULL, NULL, b.description, b.website, NULL, b.logo_url, ts_rank(b.document, u.tsq)::float8, {NoTraitColumns}
            FROM usable u JOIN search.brands b ON b.document @@ u.tsq AND b.deleted_at IS NULL
            WHERE u.fts_ok AND @Brands
            UNION ALL
            SELECT 'retailer', r.id, r.name, NULL, NULL, NULL, r.website, r.category, NULL, ts_rank(r.document, u.tsq)::float8, {NoTraitColumns}
            FROM usable u JOIN search.retailers r ON r.document @@ u.tsq
            WHERE u.fts_ok AND @Retailers
        ), fallback AS (
            SELECT 'product' AS type, p.id, p.product_name AS name, p.gtin, p.brand, p.description,
                   NULL::text AS website, NULL::text AS category, NULL::text AS logo_url,
                   word_similarity(u.positive, search.unaccent_text(p.product_name || ' ' || p.brand))::float8 AS score,
                   {ProductTraitColumns}
            FROM usable u JOIN search.products p
              ON search.unaccent_text(p.product_name || ' ' || p.brand) ILIKE u.pattern
              OR u.positive <% search.unaccent_text(p.product_name || ' ' || p.brand)
            WHERE @Products AND NOT EXISTS (SELECT 1 FROM fts) AND {ProductTraits}
              AND NOT EXISTS (SELECT 1 FROM unnest(u.excluded) e
                              WHERE search.unaccent_text(p.product_name || ' ' || p.brand || ' ' || p.description) ILIKE e)
            UNION ALL
            SELECT 'brand', b.id, b.name, NULL, NULL, b.description, b.website, NULL, b.logo_url,
                   word_similarity(u.positive, search.unaccent_text(b.name))::float8, {NoTraitColumns}
            FROM usable u JOIN search.brands b
              ON (search.unaccent_text(b.name) ILIKE u.pattern OR u.positive <% search.unaccent_text(b.name)) AND b.deleted_at IS NULL
            WHERE @Brands AND NOT EXISTS (SELECT 1 FROM fts)
              AND NOT EXISTS (SELECT 1 FROM unnest(u.excluded) e WHERE search.unaccent_text(b.name || ' ' || b.description) ILIKE e)
            UNION ALL
            SELECT 'retailer', r.id, r.name, NULL, NULL, NULL, r.website, r.category, NULL,
                   word_similarity(u.positive, search.unaccent_text(r.name))::float8, {NoTraitColumns}
            FROM usable u JOIN search.retailers r
              ON search.unaccent_text(r.name) ILIKE u.pattern OR u.positive <% search.unaccent_text(r.name)
            WHERE @Retailers AND NOT EXISTS (SELECT 1 FROM fts)
              AND NOT EXISTS (SELECT 1 FROM unnest(u.excluded) e WHERE search.unaccent_text(r.name || ' ' || r.category) ILIKE e)
        ), hits AS (
            SELECT *, false AS fuzzy FROM fts UNION ALL SELECT *, true FROM fallback
        )
        SELECT (SELECT count(*) FROM hits) AS total,
               (SELECT count(*) FROM hits WHERE type = 'product') >= @MaxRanked AS capped, page.*
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (
            SELECT * FROM hits ORDER BY score DESC, name, type, id LIMIT @Limit OFFSET @Offset
        ) page ON true
        """;

    public static async Task<CatalogResults> RunAsync(NpgsqlConnection conn, string text, WebsearchText parsed, CatalogTypes types,
        PageQuery page, CancellationToken ct, SearchConstraints? traits = null)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        // For <% (word similarity, index-assisted), in this transaction only.
        await conn.ExecuteAsync(new CommandDefinition("SELECT set_config('pg_trgm.word_similarity_threshold', @value, true)",
            new { value = SimilarityThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture) }, tx, cancellationToken: ct));
        var parameters = new DynamicParameters(new
        {
            Text = text,
            Positive = parsed.PositiveText,
            Pattern = "%" + EscapeLike(parsed.PositiveText) + "%",
            Excluded = parsed.Excluded.Select(e => "%" + EscapeLike(e) + "%").ToArray(),
            Products = types.HasFlag(CatalogTypes.Products),
            Brands = types.HasFlag(CatalogTypes.Brands),
            Retailers = types.HasFlag(CatalogTypes.Retailers),
            Limit = page.PageSize,
            page.Offset,
            MaxRanked = MaxRankedProducts,
        });
        // Only the trait lists are used here (brands and retailers pass them); price, color and the rest are local search's.
        TraitSql.AddParameters(parameters, traits ?? new SearchConstraints());
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(Sql, parameters, tx, cancellationToken: ct))).ToList();
        await tx.CommitAsync(ct);
        var total = rows.Count == 0 ? 0 : rows[0].Total;
        var results = rows.Where(r => r.Id is not null).Select(ToResult).ToList();
        return new CatalogResults(results, total, rows.Any(r => r.Fuzzy == true), rows.Count > 0 && rows[0].Capped);
    }

    static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    static CatalogSearchResult ToResult(Row r) => new(r.Type!, ShortId.Encode(r.Id!.Value), r.Name ?? "",
        Math.Round(r.Score ?? 0, 6), r.Gtin, r.Brand, r.Description, r.Website, r.Category, r.LogoUrl,
        r.Type == "product" ? r.Certifications ?? [] : null,
        r.Type == "product" ? r.ContainsAllergens ?? [] : null,
        r.Type == "product" ? r.Substances ?? [] : null,
        r.Type == "product" ? (r.AllergensDeclared == true ? "declared" : "low") : null);

    sealed class Row
    {
        public long Total { get; set; }
        public bool Capped { get; set; }
        public string? Type { get; set; }
        public Guid? Id { get; set; }
        public string? Name { get; set; }
        public string? Gtin { get; set; }
        public string? Brand { get; set; }
        public string? Description { get; set; }
        public string? Website { get; set; }
        public string? Category { get; set; }
        public string? LogoUrl { get; set; }
        public double? Score { get; set; }
        public bool? Fuzzy { get; set; }
        public string[]? Certifications { get; set; }
        public string[]? ContainsAllergens { get; set; }
        public string[]? Substances { get; set; }
        public bool? AllergensDeclared { get; set; }
    }
}

/// <param name="Capped">More than <see cref="CatalogSearchQuery.MaxRankedProducts"/> products matched: only that many were ranked
/// and <paramref name="Total"/> counts those.</param>
public sealed record CatalogResults(IReadOnlyList<CatalogSearchResult> Results, long Total, bool Fuzzy, bool Capped = false);

/// <summary>
/// One hit: <c>type</c> (<c>product</c>, <c>brand</c> or <c>retailer</c>), its id and name, and the
/// fields of its kind (the others are null): products <c>gtin</c>, <c>brand</c>, <c>description</c>;
/// brands <c>description</c>, <c>website</c>, <c>logo_url</c>; retailers <c>website</c>, <c>category</c>.
/// Products also carry their traits (null for brands and retailers): <c>certifications</c> (normalized codes),
/// <c>contains_allergens</c> (catalog allergen slugs), <c>substance_flags</c> (every substance slug the product contains) and
/// <c>allergen_data_confidence</c>: <c>declared</c> when the product has an ingredient list, <c>low</c> when it declared nothing.
/// </summary>
public sealed record CatalogSearchResult(string Type, string Id, string Name, double Score,
    string? Gtin, string? Brand, string? Description, string? Website, string? Category, string? LogoUrl,
    IReadOnlyList<string>? Certifications = null, IReadOnlyList<string>? ContainsAllergens = null,
    IReadOnlyList<string>? SubstanceFlags = null, string? AllergenDataConfidence = null);

