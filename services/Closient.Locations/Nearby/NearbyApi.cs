using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Locations.Nearby;

public sealed record NearbyLocation(string Id, string OrganizationId, string Name, string Address, double Lat, double Lon, double DistanceKm, string Phone, string Website);

/// <summary>
/// The nearby query, the onboarding walk-through's verification call (seed 002, step 5): a
/// cross-organization read of published locations for any secret-key caller (csb/csu). The gateway's
/// anonymous token and publishable keys get 404 (their locator is <c>/public/locations</c>).
/// </summary>
public static class NearbyApi
{
    public static IEndpointRouteBuilder MapNearbyApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/locations/api/v1").WithTags("Locations")
            .MapGet("/locations", FindNearby).WithName("FindNearbyLocations").WithAccess(AccessRule.AnyKey)
            .WithSummary("Published locations within a radius (km) of a point, nearest first, paginated.");
        return app;
    }

    static async Task<Results<Ok<Paged<NearbyLocation>>, ProblemHttpResult>> FindNearby(
        [FromQuery] string? lat, [FromQuery] string? lon, [FromQuery] string? radius,
        [FromQuery] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.KeyType is not (ApiKeyFormat.Business or ApiKeyFormat.User)) return Problems.NotFound("The requested resource was not found.");
        var v = new Validation();
        var point = NearbyQuery.ParsePoint(v, lat, lon, radius);
        var query = PageQuery.Parse(page, pageSize, v);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        var (hits, total) = await NearbyQuery.FindAsync(conn, point.Lat, point.Lon, point.RadiusKm, null, query.PageSize, query.Offset, withTotal: true, ct);
        var data = hits.Select(h => new NearbyLocation(ShortId.Encode(h.Id), ShortId.Encode(h.OrganizationId), h.Name, h.Address,
            h.Lat, h.Lon, h.DistanceKm, h.Phone, h.Website)).ToList();
        return TypedResults.Ok(Paged<NearbyLocation>.Of(data, query, total));
    }
}
