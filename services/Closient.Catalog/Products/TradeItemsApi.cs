using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Products;

/// <summary>
/// The read side of the catalog for any secret key: <c>/trade-items</c> (filtered, ordered list and detail
/// by GTIN) and <c>/browse/products</c> (by id, and a plain list). Products are not org-scoped reads.
/// README "Trade items and browse".
/// </summary>
public static class TradeItemsApi
{
    public const int QueryMax = 200;

    static readonly string[] DataSources =
    [
        "crowd_sourced", "claimed", "imported", "ai_extracted", "brand_site_crawl", "gtin1_authoritative", "external_api",
        "open_food_facts", "usda_fdc", "fda_ndc", "affiliate_feed", "datakick", "common_crawl_wdc",
    ];

    /// <summary>The accepted <c>ordering</c> values and their ORDER BY clauses (a fixed whitelist; ties broken by id).</summary>
    static readonly Dictionary<string, string> Orderings = new(StringComparer.Ordinal)
    {
        ["product_name"] = "product_name ASC, id ASC", ["-product_name"] = "product_name DESC, id DESC",
        ["brand"] = "brand ASC, id ASC", ["-brand"] = "brand DESC, id DESC",
        ["created"] = "created_at ASC, id ASC", ["-created"] = "created_at DESC, id DESC",
        ["confidence_score"] = "confidence_score ASC, id ASC", ["-confidence_score"] = "confidence_score DESC, id DESC",
    };

    public static IEndpointRouteBuilder MapTradeItemsApi(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/products/api/v1/trade-items").WithTags("Trade items");
        items.MapGet("", ListTradeItems).WithName("ListTradeItems").WithAccess(AccessRule.AnyKey)
            .WithSummary("Search the catalog's trade items by brand, claim state, origin, source and text.");
        items.MapGet("{gtin}", GetTradeItem).WithName("GetTradeItem").WithAccess(AccessRule.AnyKey);

        var browse = app.MapGroup("/products/api/v1/browse/products").WithTags("Browse");
        browse.MapGet("", BrowseProducts).WithName("BrowseProducts").WithAccess(AccessRule.AnyKey).WithSummary("Every product, newest first.");
        browse.MapGet("{id}", GetBrowseProduct).WithName("GetBrowseProduct").WithAccess(AccessRule.AnyKey);
        return app;
    }

    static async Task<Results<Ok<Paged<TradeItemOut>>, ProblemHttpResult>> ListTradeItems(
        [FromQuery(Name = "brand")] string? brand,
        [FromQuery(Name = "category_id")] string? categoryId,
        [FromQuery(Name = "is_claimed")] string? isClaimed,
        [FromQuery(Name = "country_of_origin")] string? countryOfOrigin,
        [FromQuery(Name = "data_source")] string? dataSource,
        [FromQuery(Name = "q")] string? q,
        [FromQuery(Name = "ordering")] string? ordering,
        [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ProductsApi.IsSecretKeyCaller(caller)) return ProductsApi.ResourceNotFound();
        var v = new Validation();
        var filter = new
        {
            Brand = brand is null ? null : v.Optional("brand", brand, ProductFields.BrandMax),
            // Categories are not modelled yet: a well-formed category_id is accepted and matches no product.
            NoCategory = categoryId is null || v.Id("category_id", categoryId.Trim()) == Guid.Empty,
            IsClaimed = Flag(v, "is_claimed", isClaimed),
            Country = countryOfOrigin is null ? null : Country(v, countryOfOrigin),
            DataSource = dataSource is null ? null : DataSources.Contains(dataSource.Trim()) ? dataSource.Trim()
                : Invalid(v, "data_source", $"Must be one of {string.Join(", ", DataSources)}."),
            Pattern = Like(v, q),
        };
        var orderBy = Ordering(v, ordering);
        var query = PageQuery.Parse(page, pageSize, v);
        if (!v.IsValid) return v.ToProblem();

        const string where = """
            WHERE @NoCategory
              AND (@Brand::text IS NULL OR lower(brand) = lower(@Brand))
              AND (@IsClaimed::boolean IS NULL OR is_claimed = @IsClaimed)
              AND (@Country::text IS NULL OR country_of_origin = @Country)
              AND (@DataSource::text IS NULL OR data_source = @DataSource)
              AND (@Pattern::text IS NULL OR product_name ILIKE @Pattern ESCAPE '\' OR brand ILIKE @Pattern ESCAPE '\')
            """;
        var sql = $"""
            SELECT {ProductRow.Columns} FROM catalog.products {where} ORDER BY {orderBy} LIMIT @Limit OFFSET @Offset;
            SELECT count(*) FROM catalog.products {where};
            """;
        var args = new DynamicParameters(filter);
        args.AddDynamicParams(new { Limit = query.PageSize, query.Offset });
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var rows = (await results.ReadAsync<ProductRow>()).ToList();
        var total = await results.ReadSingleAsync<long>();
        var images = await ProductRow.PrimaryImagesAsync(conn, rows, ct);
        return TypedResults.Ok(Paged<TradeItemOut>.Of(rows.Select(r => r.ToTradeItem(images)).ToList(), query, total));
    }

    static async Task<Results<Ok<TradeItemDetail>, ProblemHttpResult>> GetTradeItem(string gtin, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ProductsApi.IsSecretKeyCaller(caller)) return ProductsApi.ResourceNotFound();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);

        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ProductRow>(new CommandDefinition(
            $"SELECT {ProductRow.Columns} FROM catalog.products WHERE gtin = @gtin14", new { gtin14 }, cancellationToken: ct));
        return row is null ? ProductsApi.NotFound(gtin14) : TypedResults.Ok(row.ToDetail(await ProductRow.PrimaryImagesAsync(conn, [row], ct)));
    }

    static async Task<Results<Ok<ProductBrowseOut>, ProblemHttpResult>> GetBrowseProduct(string id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        // A malformed id names no product: 404 like an unknown one (GTINs, which have rules, get 422).
        if (!ProductsApi.IsSecretKeyCaller(caller) || !ShortId.TryParse(id, out var productId)) return NoSuchProduct();

        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ProductRow>(new CommandDefinition(
            $"SELECT {ProductRow.Columns} FROM catalog.products WHERE id = @productId", new { productId }, cancellationToken: ct));
        return row is null ? NoSuchProduct() : TypedResults.Ok(row.ToBrowse());
    }

    static async Task<Results<Ok<Paged<ProductBrowseOut>>, ProblemHttpResult>> BrowseProducts(
        [FromQuery(Name = "is_claimed")] string? isClaimed,
        [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ProductsApi.IsSecretKeyCaller(caller)) return ProductsApi.ResourceNotFound();
        var v = new Validation();
        var claimed = Flag(v, "is_claimed", isClaimed);
        var query = PageQuery.Parse(page, pageSize, v);
        if (!v.IsValid) return v.ToProblem();

        const string sql = $"""
            SELECT {ProductRow.Columns} FROM catalog.products WHERE (@claimed::boolean IS NULL OR is_claimed = @claimed)
            ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM catalog.products WHERE (@claimed::boolean IS NULL OR is_claimed = @claimed);
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { claimed, limit = query.PageSize, offset = query.Offset }, cancellationToken: ct));
        var rows = (await results.ReadAsync<ProductRow>()).Select(r => r.ToBrowse()).ToList();
        var total = await results.ReadSingleAsync<long>();
        return TypedResults.Ok(Paged<ProductBrowseOut>.Of(rows, query, total));
    }

    static ProblemHttpResult NoSuchProduct() => Problems.NotFound("No product with this id.");

    static bool? Flag(Validation v, string field, string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ => Invalid<bool?>(v, field, "Must be true or false."),
    };

    static string Country(Validation v, string value)
    {
        var code = value.Trim().ToUpperInvariant();
        if (!CountryCodes.IsAssigned(code)) v.Add("country_of_origin", "Must be an ISO 3166-1 alpha-2 country code such as US.");
        return code;
    }

    /// <summary>An ILIKE pattern for a substring search, with the wildcards in the query escaped; null for no search.</summary>
    static string? Like(Validation v, string? q)
    {
        var text = v.Optional("q", q, QueryMax);
        if (text.Length == 0) return null;
        return "%" + text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
    }

    static string Ordering(Validation v, string? ordering)
    {
        if (ordering is null) return Orderings["-created"];
        // A literal "+" in a query string decodes to a space; both mean ascending.
        var key = ordering.Trim();
        if (key.StartsWith('+')) key = key[1..];
        if (Orderings.TryGetValue(key, out var clause)) return clause;
        v.Add("ordering", "Must be one of product_name, brand, created, confidence_score, optionally prefixed with - (descending) or + (ascending).");
        return Orderings["-created"];
    }

    static T? Invalid<T>(Validation v, string field, string message)
    {
        v.Add(field, message);
        return default;
    }

    static string? Invalid(Validation v, string field, string message) => Invalid<string>(v, field, message);
}
