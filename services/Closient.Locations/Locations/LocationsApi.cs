using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Locations.Locations;

/// <summary>
/// Location CRUD and the nearby query. Authorization (spec/conventions.md §3): stores are managed by
/// whoever manages offers, so create/update/delete need <see cref="Permission.ManageOffers"/> on the
/// location's organization and list/get need <see cref="Permission.View"/>; an outsider, a caller
/// lacking the permission and a publishable key all get 404, never 403. The nearby query is a
/// cross-organization read for any secret-key caller (csb/csu): the onboarding walk-through's
/// verification call.
/// </summary>
public static class LocationsApi
{
    const string Columns = """
        id, organization_id, name, address, ST_Y(point::geometry) AS lat, ST_X(point::geometry) AS lon,
        currency, phone, website, metadata::text AS metadata, created_at, updated_at
        """;

    public static IEndpointRouteBuilder MapLocationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/locations/api/v1").WithTags("Locations");
        api.MapPost("/organizations/{organizationId}/locations", CreateLocation).WithName("CreateLocation").WithAccess(AccessRule.Org(Permission.ManageOffers));
        api.MapGet("/organizations/{organizationId}/locations", ListLocations).WithName("ListLocations").WithAccess(AccessRule.Org(Permission.View));
        api.MapGet("/locations/{locationId}", GetLocation).WithName("GetLocation").WithAccess(AccessRule.Org(Permission.View));
        api.MapPatch("/locations/{locationId}", UpdateLocation).WithName("UpdateLocation").WithAccess(AccessRule.Org(Permission.ManageOffers));
        api.MapDelete("/locations/{locationId}", DeleteLocation).WithName("DeleteLocation").WithAccess(AccessRule.Org(Permission.ManageOffers));
        api.MapGet("/locations", FindNearby).WithName("FindNearbyLocations").WithAccess(AccessRule.AnyKey)
            .WithSummary("Locations within a radius (km) of a point, nearest first.");
        return app;
    }

    static async Task<Results<Created<LocationResponse>, ProblemHttpResult>> CreateLocation(
        string organizationId, LocationRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation();
        var org = v.Id("organization_id", organizationId);
        if (!v.IsValid) return v.ToProblem();
        // Before the body is validated, so nothing about an organization the caller cannot manage leaks.
        if (!caller.Can(org, Permission.ManageOffers)) return Problems.OrganizationNotFound();
        var now = DatabaseTime.Now(clock);
        var empty = new LocationRow(ShortId.NewGuid(), org, "", "", 0, 0, "USD", "", "", "{}", now, now);
        var location = LocationRules.Apply(empty, body, creating: true, v);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        const string sql = """
            INSERT INTO locations.locations (id, organization_id, name, address, point, currency, phone, website, metadata, created_at, updated_at)
            VALUES (@Id, @OrganizationId, @Name, @Address, ST_SetSRID(ST_MakePoint(@Lon, @Lat), 4326)::geography,
                    @Currency, @Phone, @Website, @Metadata::jsonb, @CreatedAt, @UpdatedAt)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, location, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, location.ToPublished(), ct);
        await tx.CommitAsync(ct);

        var response = location.ToResponse();
        return TypedResults.Created($"/locations/api/v1/locations/{response.Id}", response);
    }

    static async Task<Results<Ok<Paged<LocationResponse>>, ProblemHttpResult>> ListLocations(
        string organizationId, [FromQuery] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        HttpRequest request, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        var v = new Validation();
        var org = v.Id("organization_id", organizationId);
        var malformedId = !v.IsValid;
        var query = PageQuery.Parse(page, pageSize, v);
        var metadata = MetadataFilter.Parse(request.Query, v);
        if (malformedId) return v.ToProblem();
        if (!caller.Can(org, Permission.View)) return Problems.OrganizationNotFound();
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        var sql = $"""
            SELECT {Columns} FROM locations.locations
            WHERE organization_id = @org AND metadata @> @metadata::jsonb ORDER BY id LIMIT @PageSize OFFSET @Offset;
            SELECT count(*) FROM locations.locations WHERE organization_id = @org AND metadata @> @metadata::jsonb;
            """;
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { org, metadata, query.PageSize, query.Offset }, cancellationToken: ct));
        var rows = (await results.ReadAsync<LocationRow>()).Select(r => r.ToResponse()).ToList();
        var total = await results.ReadSingleAsync<long>();
        return TypedResults.Ok(Paged<LocationResponse>.Of(rows, query, total));
    }

    static async Task<Results<Ok<LocationResponse>, ProblemHttpResult>> GetLocation(
        string locationId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ShortId.TryParse(locationId, out var id)) return NotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await FindAsync(conn, null, id, forUpdate: false, ct);
        return row is null || !caller.Can(row.OrganizationId, Permission.View) ? NotFound() : TypedResults.Ok(row.ToResponse());
    }

    static async Task<Results<Ok<LocationResponse>, ProblemHttpResult>> UpdateLocation(
        string locationId, LocationRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(locationId, out var id)) return NotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await FindAsync(conn, tx, id, forUpdate: true, ct);
        // Before the body is validated: a location of an organization the caller cannot manage does not exist for it.
        if (current is null || !caller.Can(current.OrganizationId, Permission.ManageOffers)) return NotFound();

        var v = new Validation();
        // Strictly after the stored version: consumers order LocationPublished by UpdatedAt.
        var location = LocationRules.Apply(current, body, creating: false, v) with { UpdatedAt = DatabaseTime.After(current.UpdatedAt, clock) };
        if (!v.IsValid) return v.ToProblem();

        const string sql = """
            UPDATE locations.locations
            SET name = @Name, address = @Address, point = ST_SetSRID(ST_MakePoint(@Lon, @Lat), 4326)::geography,
                currency = @Currency, phone = @Phone, website = @Website, metadata = @Metadata::jsonb, updated_at = @UpdatedAt
            WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, location, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, location.ToPublished(), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(location.ToResponse());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteLocation(
        string locationId, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(locationId, out var id)) return NotFound();
        // Only in the organizations where the caller may manage stores; any other location is "not found".
        var managed = caller.Organizations.Keys.Where(o => caller.Can(o, Permission.ManageOffers)).ToArray();
        if (managed.Length == 0) return NotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var org = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "DELETE FROM locations.locations WHERE id = @id AND organization_id = ANY(@managed) RETURNING organization_id",
            new { id, managed }, tx, cancellationToken: ct));
        if (org is null) return NotFound();
        await outbox.AddAsync(conn, tx, new LocationRemoved(id, org.Value, DatabaseTime.Now(clock)), ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Nearest-first within a radius: <c>ST_DWithin</c> on geography (metres, spheroid) filters with
    /// the GiST index; distance is great-circle km rounded to 2 decimals (spec/locations.md §2, §6).
    /// Across organizations, for any secret-key caller (csb/csu); the gateway's anonymous token and
    /// publishable keys get 404 (the publishable store locator is <c>/public/locations</c>, not yet built).
    /// </summary>
    static async Task<Results<Ok<NearbyResponse>, ProblemHttpResult>> FindNearby(
        [FromQuery] string? lat, [FromQuery] string? lon, [FromQuery] string? radius, [FromQuery] string? limit,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.KeyType is not (ApiKeyFormat.Business or ApiKeyFormat.User)) return Problems.NotFound("The requested resource was not found.");
        var v = new Validation();
        var latitude = ParseNumber(v, "lat", lat, required: true);
        var longitude = ParseNumber(v, "lon", lon, required: true);
        var radiusKm = ParseNumber(v, "radius", radius, required: false) ?? 50;
        var take = ParseNumber(v, "limit", limit, required: false) ?? 20;
        v.Range("lat", latitude, -90, 90, required: false);
        v.Range("lon", longitude, -180, 180, required: false);
        if (radiusKm is <= 0 or > 20_000) v.Add("radius", "Must be more than 0 and at most 20000 km.");
        if (take is < 1 or > 100 || take != Math.Floor(take)) v.Add("limit", "Must be an integer from 1 to 100.");
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        const string sql = """
            WITH here AS (SELECT ST_SetSRID(ST_MakePoint(@longitude, @latitude), 4326)::geography AS point)
            SELECT l.id, l.organization_id, l.name, l.address, ST_Y(l.point::geometry) AS lat, ST_X(l.point::geometry) AS lon,
                   round((ST_Distance(l.point, here.point) / 1000)::numeric, 2)::float8 AS distance_km, l.phone, l.website
            FROM locations.locations l, here
            WHERE ST_DWithin(l.point, here.point, @metres)
            ORDER BY ST_Distance(l.point, here.point), l.id
            LIMIT @take
            """;
        var rows = await conn.QueryAsync<(Guid Id, Guid OrganizationId, string Name, string Address, double Lat, double Lon, double DistanceKm, string Phone, string Website)>(
            new CommandDefinition(sql, new { latitude, longitude, metres = radiusKm * 1000, take = (int)take }, cancellationToken: ct));
        return TypedResults.Ok(new NearbyResponse(rows.Select(r => new NearbyLocation(
            ShortId.Encode(r.Id), ShortId.Encode(r.OrganizationId), r.Name, r.Address, r.Lat, r.Lon, r.DistanceKm, r.Phone, r.Website)).ToList()));
    }

    static double? ParseNumber(Validation v, string field, string? text, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) v.Add(field, "Required.");
            return null;
        }
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        v.Add(field, "Must be a number.");
        return null;
    }

    static async Task<LocationRow?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, bool forUpdate, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<LocationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM locations.locations WHERE id = @id{(forUpdate ? " FOR UPDATE" : "")}", new { id }, tx, cancellationToken: ct));

    static ProblemHttpResult NotFound() => Problems.NotFound("No location with that id.");

}
