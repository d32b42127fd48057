using System.Globalization;
using Closient.Contracts.Search;
using Closient.Search.Analytics;
using Closient.Search.Catalog;
using Closient.Search.Constraints;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Search.Local;

public static class LocalSearchApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const double DefaultRadiusKm = 10;
    public const int MaxQueryLength = 500;

    public static IEndpointRouteBuilder MapLocalSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search/api/v1/local", SearchLocal)
            .WithTags("Local search")
            .WithName("SearchLocal").WithAccess(AccessRule.AnyKey)
            .WithSummary("Where can I buy this near me: product × store × offer hits ranked by distance");
        return app;
    }

    /// <summary>
    /// Query strings are parsed here rather than bound, so a bad value is a 422 naming its field.
    /// Not a public endpoint (the gateway's table does not list it): the caller must hold an API key of
    /// any type (csb, csu or cpk, no organization role needed); the gateway's anonymous token is 401.
    /// </summary>
    static async Task<Results<Ok<LocalSearchResponse>, ProblemHttpResult>> SearchLocal(
        Caller caller, string? q, string? lat, string? lon, [FromQuery(Name = "radius_km")] string? radiusKm,
        [FromQuery(Name = "in_stock")] string? inStockText, string? limit, HttpRequest request,
        NpgsqlDataSource db, TimeProvider clock, SearchEvents events, CancellationToken ct)
    {
        if (!IsKeyCaller(caller)) return KeyRequired();
        var validation = new Validation();
        var query = validation.Required("q", q, MaxQueryLength);
        var latitude = ParseNumber(validation, "lat", lat, required: true);
        var longitude = ParseNumber(validation, "lon", lon, required: true);
        if (latitude is not null) validation.Range("lat", latitude, -90, 90);
        if (longitude is not null) validation.Range("lon", longitude, -180, 180);
        var radius = ParseNumber(validation, "radius_km", radiusKm, required: false) ?? DefaultRadiusKm;
        if (radiusKm is not null) ValidateRadius(validation, "radius_km", radius);
        var inStock = false;
        if (inStockText is not null && !bool.TryParse(inStockText, out inStock)) validation.Add("in_stock", "Must be true or false.");
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            validation.Add("limit", $"Must be an integer from 1 to {MaxLimit}.");
        var priceMin = LocalFilterParser.Price(validation, "price_min", request.Query["price_min"]);
        var priceMax = LocalFilterParser.Price(validation, "price_max", request.Query["price_max"]);
        if (priceMin > priceMax) validation.Add("price_min", "Must not be more than price_max.");
        var retailers = LocalFilterParser.RetailerIds(validation, "retailer_id", request.Query["retailer_id"]);
        var certifications = LocalFilterParser.Certifications(validation, "certification", request.Query["certification"]);
        var traits = TraitSlugs.ParseTraits(validation, "", request.Query["exclude_allergens"], request.Query["require_certifications"],
            request.Query["avoid_substances"]);
        var parsed = validation.IsValid ? QueryParser.Parse(query, validation, "q") : null;
        if (!validation.IsValid || parsed is null) return validation.ToProblem();

        if (inStock) parsed = parsed with { Constraints = parsed.Constraints with { Availability = SearchConstraints.InStock } };
        // The parameters win over price phrases in q ("under $10"); active_constraints shows what applied.
        if (priceMin is not null) parsed = parsed with { Constraints = parsed.Constraints with { PriceMin = priceMin } };
        if (priceMax is not null) parsed = parsed with { Constraints = parsed.Constraints with { PriceMax = priceMax } };
        // The trait parameters add to trait phrases in q ("nut-free"): both apply.
        parsed = parsed with { Constraints = parsed.Constraints.Merge(traits) };
        var criteria = new LocalSearchCriteria(parsed, latitude!.Value, longitude!.Value, radius, new LocalFilters(retailers, certifications));
        await using var conn = await db.OpenConnectionAsync(ct);
        var results = await LocalSearchQuery.RunAsync(conn, criteria, clock.GetUtcNow(), take, ct);
        events.Record(SearchKinds.Local, query, SearchTerms(parsed), results.Total, criteria.Latitude, criteria.Longitude);
        return TypedResults.Ok(new LocalSearchResponse(query, parsed.Constraints, results.Hits, results.Total, results.TotalCapped,
            new LocalFiltersOut(retailers.Select(ShortId.Encode).ToList(), certifications), results.OnlineHits, results.OnlineTotal,
            results.OnlineTotalCapped));
    }

    /// <summary>A caller that presented an API key: csb, csu or cpk (not the anonymous or service token).</summary>
    static bool IsKeyCaller(Caller caller) =>
        caller.KeyType is ApiKeyFormat.Business or ApiKeyFormat.User or ApiKeyFormat.Publishable;

    static ProblemHttpResult KeyRequired() => Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized",
        "An API key (csb_, csu_ or cpk_) is required for local search.");

    /// <summary>The analytics terms of a local query: its GTIN, or the words of the text left once constraint phrases are stripped.</summary>
    public static IEnumerable<string> SearchTerms(ParsedQuery parsed) =>
        parsed.Gtin is { } gtin ? ["gtin:" + gtin] : WebsearchText.Parse(parsed.Text).Terms;

    /// <summary>radius_km: more than 0, at most 50 (spec/locations.md §6).</summary>
    public static void ValidateRadius(Validation validation, string field, double radius)
    {
        if (double.IsNaN(radius) || radius <= 0 || radius > QueryParser.MaxDistanceKm)
            validation.Add(field, $"Must be more than 0 and at most {QueryParser.MaxDistanceKm}.");
    }

    /// <summary>A finite number, or null after adding the error (missing and required, or not a number).</summary>
    static double? ParseNumber(Validation validation, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required || value is not null) validation.Add(field, "Required.");
            return null;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        validation.Add(field, "Must be a number.");
        return null;
    }
}

/// <summary>
/// The stateless local search answer: <c>total_results</c> counts the matches exactly up to 1,000
/// (<see cref="LocalSearchTuning.TotalCap"/>); above that it is 1,000 and <c>total_results_capped</c> is true.
/// <c>results</c> are the first <c>limit</c>. <c>online_results</c> (and <c>total_online_results</c>,
/// <c>total_online_results_capped</c>, counted the same way) are online alternatives, filled only when no local
/// hit passed the gate and the filters (spec/search.md §3.3), else empty.
/// </summary>
public sealed record LocalSearchResponse(string Query, SearchConstraints ActiveConstraints, IReadOnlyList<SearchHit> Results, int TotalResults,
    bool TotalResultsCapped, LocalFiltersOut Filters, IReadOnlyList<OnlineHit> OnlineResults, int TotalOnlineResults,
    bool TotalOnlineResultsCapped);

/// <summary>The explicit filters that applied, normalized: retailer ids as shortuuids, codes as matched.</summary>
public sealed record LocalFiltersOut(IReadOnlyList<string> RetailerIds, IReadOnlyList<string> Certifications);
