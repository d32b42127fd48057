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
/// Location CRUD and publication. Authorization (spec/conventions.md §3): stores are managed by
/// whoever manages offers, so create/update/publish/unpublish/delete need <see cref="Permission.ManageOffers"/>
/// on the location's organization and list/get need <see cref="Permission.View"/>; an outsider, a caller
/// lacking the permission and a publishable key all get 404, never 403.
/// </summary>
public static class LocationsApi
{
    public static IEndpointRouteBuilder MapLocationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/locations/api/v1").WithTags("Locations");
        api.MapPost("/organizations/{organizationId}/locations", CreateLocation).WithName("CreateLocation").WithAccess(AccessRule.Org(Permission.ManageOffers));
        api.MapGet("/organizations/{organizationId}/locations", ListLocations).WithName("ListLocations").WithAccess(AccessRule.Org(Permission.View));
        api.MapGet("/locations/{locationId}", GetLocation).WithName("GetLocation").WithAccess(AccessRule.Org(Permission.View));
        api.MapPatch("/locations/{locationId}", UpdateLocation).WithName("UpdateLocation").WithAccess(AccessRule.Org(Permission.ManageOffers));
        api.MapDelete("/locations/{locationId}", DeleteLocation).WithName("DeleteLocation").WithAccess(AccessRule.Org(Permission.ManageOffers));
        api.MapPost("/locations/{locationId}/publish", PublishLocation).WithName("PublishLocation").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Make the location discoverable (idempotent).");
        api.MapPost("/locations/{locationId}/unpublish", UnpublishLocation).WithName("UnpublishLocation").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Take the location out of discovery; it stays manageable (idempotent).");
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
        var empty = new LocationRow { Id = ShortId.NewGuid(), OrganizationId = org, CreatedAt = now, UpdatedAt = now };
        var location = LocationRules.Apply(empty, body, creating: true, v);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        const string sql = """
            INSERT INTO locations.locations (id, organization_id, name, address, address_line1, address_line2, city, region,
                postal_code, country, point, currency, phone, website, email, hours, timezone, is_published, metadata, created_at, updated_at)
            VALUES (@Id, @OrganizationId, @Name, @Address, @AddressLine1, @AddressLine2, @City, @Region,
                @PostalCode, @Country, ST_SetSRID(ST_MakePoint(@Lon, @Lat), 4326)::geography, @Currency, @Phone, @Website, @Email,
                @Hours::jsonb, @Timezone, @IsPublished, @Metadata::jsonb, @CreatedAt, @UpdatedAt)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, location, tx, cancellationToken: ct));
        await LocationEvents.WrittenAsync(conn, tx, outbox, null, location, ct);
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
            SELECT {LocationRow.Columns} FROM locations.locations
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
        // Strictly after the stored version: consumers order the events by UpdatedAt.
        var location = LocationRules.Apply(current, body, creating: false, v) with { UpdatedAt = DatabaseTime.After(current.UpdatedAt, clock) };
        if (!v.IsValid) return v.ToProblem();

        await SaveAsync(conn, tx, location, ct);
        await LocationEvents.WrittenAsync(conn, tx, outbox, current, location, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(location.ToResponse());
    }

    static Task<Results<Ok<LocationResponse>, ProblemHttpResult>> PublishLocation(
        string locationId, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct) =>
        SetPublishedAsync(locationId, true, caller, db, outbox, clock, ct);

    static Task<Results<Ok<LocationResponse>, ProblemHttpResult>> UnpublishLocation(
        string locationId, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct) =>
        SetPublishedAsync(locationId, false, caller, db, outbox, clock, ct);

    /// <summary>Idempotent: a location already in the asked state is returned unchanged, with no new version and no event.</summary>
    static async Task<Results<Ok<LocationResponse>, ProblemHttpResult>> SetPublishedAsync(
        string locationId, bool published, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(locationId, out var id)) return NotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await FindAsync(conn, tx, id, forUpdate: true, ct);
        if (current is null || !caller.Can(current.OrganizationId, Permission.ManageOffers)) return NotFound();
        if (current.IsPublished == published) return TypedResults.Ok(current.ToResponse());

        var location = current with { IsPublished = published, UpdatedAt = DatabaseTime.After(current.UpdatedAt, clock) };
        await SaveAsync(conn, tx, location, ct);
        await LocationEvents.WrittenAsync(conn, tx, outbox, current, location, ct);
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
        var row = await conn.QuerySingleOrDefaultAsync<DeletedRow>(new CommandDefinition(
            "DELETE FROM locations.locations WHERE id = @id AND organization_id = ANY(@managed) RETURNING organization_id, updated_at",
            new { id, managed }, tx, cancellationToken: ct));
        if (row is null) return NotFound();
        // After the last version, so the tombstone outranks every upsert of this location.
        await LocationEvents.DeletedAsync(conn, tx, outbox, id, row.OrganizationId, DatabaseTime.After(row.UpdatedAt, clock), ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    static async Task SaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, LocationRow location, CancellationToken ct)
    {
        const string sql = """
            UPDATE locations.locations
            SET name = @Name, address = @Address, address_line1 = @AddressLine1, address_line2 = @AddressLine2, city = @City,
                region = @Region, postal_code = @PostalCode, country = @Country,
                point = ST_SetSRID(ST_MakePoint(@Lon, @Lat), 4326)::geography, currency = @Currency, phone = @Phone,
                website = @Website, email = @Email, hours = @Hours::jsonb, timezone = @Timezone, is_published = @IsPublished,
                metadata = @Metadata::jsonb, updated_at = @UpdatedAt
            WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, location, tx, cancellationToken: ct));
    }

    static async Task<LocationRow?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, bool forUpdate, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<LocationRow>(new CommandDefinition(
            $"SELECT {LocationRow.Columns} FROM locations.locations WHERE id = @id{(forUpdate ? " FOR UPDATE" : "")}", new { id }, tx, cancellationToken: ct));

    sealed record DeletedRow
    {
        public Guid OrganizationId { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }

    static ProblemHttpResult NotFound() => Problems.NotFound("No location with that id.");
}
