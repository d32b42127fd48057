using Closient.Locations.Nearby;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Locations.Locator;

public sealed record LocatorLocation(string Id, string Name, string Address, double Lat, double Lon, double DistanceKm, string Phone, string Website);

public sealed record LocatorOrganization(string Id, string Name);

public sealed record LocatorResponse(IReadOnlyList<LocatorLocation> Locations, LocatorOrganization Organization);

/// <summary>
/// The embeddable store locator (spec/locations.md §2): one organization's published locations, nearest
/// first, top <c>limit</c>. Which organization: a publishable (cpk) key's own, always (naming another is
/// 404); a secret key (csb/csu) may name any organization with <c>organization_id</c> (published
/// locations are public, as the nearby query shows), and without it gets the single organization it
/// acts for, or 422 when it acts for several (or none). The anonymous token gets 404.
/// </summary>
public static class PublicLocatorApi
{
    public const int DefaultLimit = 20, MaxLimit = 100;

    public static IEndpointRouteBuilder MapPublicLocatorApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/locations/api/v1/public").WithTags("Store locator (public)")
            .MapGet("/locations", FindStores).WithName("PublicStoreLocator").WithAccess(AccessRule.Publishable)
            .WithSummary("An organization's published locations nearest a point, for a publishable key.");
        return app;
    }

    static async Task<Results<Ok<LocatorResponse>, ProblemHttpResult>> FindStores(
        [FromQuery] string? lat, [FromQuery] string? lon, [FromQuery] string? radius, [FromQuery] string? limit,
        [FromQuery(Name = "organization_id")] string? organizationId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.KeyType is not (ApiKeyFormat.Publishable or ApiKeyFormat.Business or ApiKeyFormat.User))
            return Problems.NotFound("The requested resource was not found.");
        var v = new Validation();
        var org = Organization(caller, organizationId, v, out var hidden);
        if (hidden) return Problems.OrganizationNotFound();
        var point = NearbyQuery.ParsePoint(v, lat, lon, radius);
        var take = NearbyQuery.ParseNumber(v, "limit", limit, required: false) ?? DefaultLimit;
        if (take is < 1 or > MaxLimit || take != Math.Floor(take)) v.Add("limit", $"Must be an integer from 1 to {MaxLimit}.");
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        var (hits, _) = await NearbyQuery.FindAsync(conn, point.Lat, point.Lon, point.RadiusKm, org, (int)take, 0, withTotal: false, ct);
        var name = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT name FROM locations.organizations WHERE id = @org", new { org }, cancellationToken: ct));
        return TypedResults.Ok(new LocatorResponse(
            hits.Select(h => new LocatorLocation(ShortId.Encode(h.Id), h.Name, h.Address, h.Lat, h.Lon, h.DistanceKm, h.Phone, h.Website)).ToList(),
            new LocatorOrganization(ShortId.Encode(org), name ?? "")));
    }

    /// <summary>The organization whose stores are shown; <paramref name="hidden"/> when the caller may not see it (404).</summary>
    static Guid Organization(Caller caller, string? organizationId, Validation v, out bool hidden)
    {
        hidden = false;
        Guid? named = null;
        if (!string.IsNullOrWhiteSpace(organizationId))
        {
            if (!ShortId.TryParse(organizationId.Trim(), out var id)) { v.Add("organization_id", "Must be a 22-character id or a UUID."); return Guid.Empty; }
            named = id;
        }
        if (caller.IsPublishable)
        {
            // A cpk key is bound to one organization; it never reaches another one's stores.
            var own = caller.Organizations.Keys.SingleOrDefault();
            hidden = caller.Organizations.Count != 1 || (named is not null && named != own);
            return own;
        }
        if (named is not null) return named.Value;
        if (caller.Organizations.Count == 1) return caller.Organizations.Keys.Single();
        v.Add("organization_id", "Required: this key acts for more than one organization (or none).");
        return Guid.Empty;
    }
}
