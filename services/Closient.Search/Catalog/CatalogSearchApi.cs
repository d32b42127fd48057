using Closient.Contracts.Search;
using Closient.Search.Analytics;
using Closient.Search.Constraints;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Search.Catalog;

public static class CatalogSearchApi
{
    /// <summary>spec/search.md §1: <c>q</c> is 1–255 characters.</summary>
    public const int MaxQueryLength = 255;

    public static IEndpointRouteBuilder MapCatalogSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search/api/v1/search", Search)
            .WithTags("Catalog search")
            .WithName("SearchCatalog").WithAccess(AccessRule.Public)
            .WithSummary("Full-text search across products, brands and retailers (websearch syntax), ranked, paginated");
        return app;
    }

    /// <summary>
    /// Public (spec/conventions.md §10): any valid internal token, the gateway's anonymous one included; the
    /// gateway throttles keyless callers at 60/min per IP. Query strings are parsed here, so a bad value is a
    /// 422 naming its field.
    /// </summary>
    static async Task<Results<Ok<CatalogSearchResponse>, ProblemHttpResult>> Search(
        string? q, [FromQuery(Name = "type")] string[]? type, string? page, [FromQuery(Name = "page_size")] string? pageSize,
        HttpRequest request, NpgsqlDataSource db, SearchEvents events, CancellationToken ct)
    {
        var validation = new Validation();
        var query = validation.Required("q", q, MaxQueryLength);
        var parsed = WebsearchText.Parse(query);
        if (validation.IsValid && parsed.Terms.Count == 0)
            validation.Add("q", parsed.Excluded.Count > 0
                ? "Only excludes terms; add a term to search for."
                : "Must contain a word to search for.");
        var types = ParseTypes(type ?? [], validation);
        var paging = PageQuery.Parse(page, pageSize, validation);
        var traits = TraitSlugs.ParseTraits(validation, "", request.Query["exclude_allergens"], request.Query["require_certifications"],
            request.Query["avoid_substances"]);
        if (!validation.IsValid) return validation.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        var found = await CatalogSearchQuery.RunAsync(conn, query, parsed, types, paging, ct, traits);
        events.Record(SearchKinds.Catalog, query, parsed.Terms, (int)Math.Min(found.Total, int.MaxValue));
        var paged = Paged<CatalogSearchResult>.Of(found.Results, paging, found.Total);
        return TypedResults.Ok(new CatalogSearchResponse(query, found.Fuzzy, paged.Data, paged.Pagination, found.Capped));
    }

    /// <summary><c>type</c>: repeatable or comma-separated; product(s), brand(s), retailer(s) or all. Omitted = all.</summary>
    static CatalogTypes ParseTypes(string[] values, Validation validation)
    {
        if (values.Length == 0) return CatalogTypes.All;
        var types = CatalogTypes.None;
        foreach (var value in values.SelectMany(v => (v ?? "").Split(',')))
        {
            CatalogTypes? one = value.Trim().ToLowerInvariant() switch
            {
                "product" or "products" => CatalogTypes.Products,
                "brand" or "brands" => CatalogTypes.Brands,
                "retailer" or "retailers" => CatalogTypes.Retailers,
                "all" => CatalogTypes.All,
                _ => null,
            };
            if (one is null)
            {
                validation.Add("type", "Must be products, brands, retailers or all.");
                return CatalogTypes.All;
            }
            types |= one.Value;
        }
        return types;
    }
}

/// <summary>
/// <c>{query, fallback, data, pagination}</c>: <c>fallback</c> is true when full text found nothing and the hits
/// are substring / typo-tolerant name matches.
/// </summary>
/// <param name="TotalCapped">True when more products matched than are ranked (<see cref="CatalogSearchQuery.MaxRankedProducts"/>):
/// <c>pagination.total_count</c> then counts the ranked ones.</param>
public sealed record CatalogSearchResponse(string Query, bool Fallback, IReadOnlyList<CatalogSearchResult> Data, PaginationInfo Pagination,
    bool TotalCapped = false);
