using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Offers.Integrations;

/// <summary>
/// Inventory sources (connected POS shops), their location → physical store mapping, sync jobs and the
/// organization's discoverability readiness. Sources are created only by the OAuth callback
/// (<see cref="Shopify.ShopifyOAuthApi"/>). View to read, ManageOffers to map and sync; anyone else gets 404.
/// </summary>
public static class InventorySourcesApi
{
    const string Base = "/retailers/api/v1";

    public static IEndpointRouteBuilder MapInventorySourcesApi(this IEndpointRouteBuilder app)
    {
        var byOrganization = app.MapGroup(Base + "/organizations/{organization_id}").WithTags("Integrations");
        byOrganization.MapGet("/inventory-sources", ListSources).WithName("ListInventorySources").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("The organization's connected POS shops (inventory sources).");
        byOrganization.MapGet("/readiness", Readiness).WithName("GetDiscoverabilityReadiness").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("Whether the organization is discoverable: POS connected, at least one published location, at least one in-stock offer.");

        var sources = app.MapGroup(Base + "/inventory-sources").WithTags("Integrations");
        sources.MapGet("/{source_id}", GetSource).WithName("GetInventorySource").WithAccess(AccessRule.Org(Permission.View));
        sources.MapPut("/{source_id}/locations", PutLocations).WithName("MapInventorySourceLocations").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Maps POS location ids to physical stores of the organization (null unmaps); unlisted locations keep their mapping.");
        sources.MapPost("/{source_id}/sync", StartSync).WithName("StartInventorySync").WithAccess(AccessRule.Org(Permission.ManageOffers))
            .WithSummary("Starts a background inventory sync; 202 with the job (409 while one is queued or running).");

        app.MapGroup(Base + "/jobs").WithTags("Integrations")
            .MapGet("/{job_id}", GetJob).WithName("GetSyncJob").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("A sync job: state (queued, running, succeeded, failed), counts, progress and errors.");
        return app;
    }

    static async Task<Results<Ok<Paged<InventorySourceOut>>, ProblemHttpResult>> ListSources(
        [FromRoute(Name = "organization_id")] string organizationId, [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "page_size")] string? pageSize, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.View, out var orgId)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var query = PageQuery.Parse(page, pageSize, v);
        if (!v.IsValid) return v.ToProblem();
        await using var conn = await db.OpenConnectionAsync(ct);
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM offers.inventory_sources WHERE organization_id = @orgId", new { orgId }, cancellationToken: ct));
        var rows = (await conn.QueryAsync<InventorySourceRow>(new CommandDefinition(
            $"{InventorySourceRow.Select} WHERE s.organization_id = @orgId ORDER BY s.id LIMIT @PageSize OFFSET @Offset",
            new { orgId, query.PageSize, query.Offset }, cancellationToken: ct))).ToList();
        var locations = await LocationsAsync(conn, rows.Select(r => r.Id).ToArray(), ct);
        return TypedResults.Ok(Paged<InventorySourceOut>.Of(
            rows.Select(r => r.ToOut(locations.Where(l => l.InventorySourceId == r.Id))).ToList(), query, total));
    }

    static async Task<Results<Ok<InventorySourceOut>, ProblemHttpResult>> GetSource(
        [FromRoute(Name = "source_id")] string sourceId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var source = await FindAsync(conn, sourceId, caller, Permission.View, ct);
        return source is null ? SourceNotFound() : TypedResults.Ok(source.ToOut(await LocationsAsync(conn, [source.Id], ct)));
    }

    static async Task<Results<Ok<InventorySourceOut>, ProblemHttpResult>> PutLocations(
        [FromRoute(Name = "source_id")] string sourceId, LocationMappingsRequest body, Caller caller, NpgsqlDataSource db,
        TimeProvider clock, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var source = await FindAsync(conn, sourceId, caller, Permission.ManageOffers, ct, tx);
        if (source is null) return SourceNotFound();

        var v = new Validation();
        if (body.Locations is null) v.Add("locations", "Required.");
        else if (body.Locations.Count > 1000) v.Add("locations", "At most 1000 mappings.");
        var mappings = new List<(string Location, Guid? Store, string? StoreText, int Index)>();
        for (var i = 0; v.IsValid && i < body.Locations!.Count; i++)
        {
            var m = body.Locations[i];
            var field = $"locations[{i}]";
            if (m is null) { v.Add(field, "Required."); continue; }
            var location = m.ShopifyLocationId?.Trim() ?? "";
            if (location.Length is 0 or > 20 || !location.All(char.IsAsciiDigit)) v.Add(field + ".shopify_location_id", "A Shopify location id (digits).");
            Guid? store = m.PhysicalStoreId is null ? null : v.Id(field + ".physical_store_id", m.PhysicalStoreId);
            if (mappings.Any(x => x.Location == location)) v.Add(field + ".shopify_location_id", "Listed twice.");
            if (store is not null && mappings.Any(x => x.Store == store)) v.Add(field + ".physical_store_id", "Mapped twice: one store per location.");
            mappings.Add((location, store, m.PhysicalStoreId, i));
        }
        if (!v.IsValid) return v.ToProblem();

        foreach (var (location, store, storeText, index) in mappings)
        {
            if (store is { } s && await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                    "SELECT organization_id FROM offers.physical_stores WHERE id = @s", new { s }, tx, cancellationToken: ct)) != source.OrganizationId)
                return Problems.NotFound($"No physical store with physical_store_id '{storeText}' in this organization.");
        }
        // Stores named here leave the locations they were mapped to before (one location per store).
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE offers.inventory_source_locations SET physical_store_id = NULL
            WHERE inventory_source_id = @Id AND physical_store_id = ANY(@stores) AND NOT (external_location_id = ANY(@locations))
            """, new { source.Id, stores = mappings.Where(m => m.Store is not null).Select(m => m.Store!.Value).ToArray(),
                locations = mappings.Select(m => m.Location).ToArray() }, tx, cancellationToken: ct));
        foreach (var (location, store, _, _) in mappings)
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO offers.inventory_source_locations (inventory_source_id, external_location_id, physical_store_id)
                VALUES (@Id, @location, @store)
                ON CONFLICT (inventory_source_id, external_location_id) DO UPDATE SET physical_store_id = EXCLUDED.physical_store_id
                """, new { source.Id, location, store }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("UPDATE offers.inventory_sources SET updated_at = @now WHERE id = @Id",
            new { source.Id, now = DatabaseTime.After(source.UpdatedAt, clock) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);

        var updated = (await FindAsync(conn, sourceId, caller, Permission.ManageOffers, ct))!;
        return TypedResults.Ok(updated.ToOut(await LocationsAsync(conn, [updated.Id], ct)));
    }

    static async Task<Results<Accepted<SyncJobOut>, ProblemHttpResult>> StartSync(
        [FromRoute(Name = "source_id")] string sourceId, Caller caller, NpgsqlDataSource db, SyncJobs jobs, CancellationToken ct)
    {
        InventorySourceRow? source;
        await using (var conn = await db.OpenConnectionAsync(ct))
            source = await FindAsync(conn, sourceId, caller, Permission.ManageOffers, ct);
        if (source is null) return SourceNotFound();
        if (source.Status != "connected") return Problems.Conflict("The shop is disconnected; install the app again before syncing.");
        if (await jobs.EnqueueAsync(source.OrganizationId, source.Id, ct) is not { } jobId)
            return Problems.Conflict($"A sync of this source is already queued or running (job {ShortId.Encode(await jobs.ActiveAsync(source.Id, ct) ?? Guid.Empty)}).");
        var job = await JobAsync(db, jobId, ct);
        return TypedResults.Accepted($"{Base}/jobs/{ShortId.Encode(jobId)}", job!.ToOut());
    }

    static async Task<Results<Ok<SyncJobOut>, ProblemHttpResult>> GetJob(
        [FromRoute(Name = "job_id")] string jobId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.IsPublishable || !ShortId.TryParse(jobId, out var id)) return JobNotFound();
        var job = await JobAsync(db, id, ct);
        return job is null || !caller.Can(job.OrganizationId, Permission.View) ? JobNotFound() : TypedResults.Ok(job.ToOut());
    }

    /// <summary>
    /// Discoverability (the onboarding walk-through's wish): a connected POS, at least one published location
    /// (from LocationUpserted), and at least one in-stock offer (active, quantity unknown or above 0) at a
    /// published location. <c>missing</c> names what is lacking: pos_connection, published_location, in_stock_offer.
    /// </summary>
    static async Task<Results<Ok<ReadinessOut>, ProblemHttpResult>> Readiness(
        [FromRoute(Name = "organization_id")] string organizationId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.View, out var orgId)) return Problems.OrganizationNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var (sources, locations, offers) = await conn.QuerySingleAsync<(int, int, int)>(new CommandDefinition("""
            SELECT (SELECT count(*)::int FROM offers.inventory_sources WHERE organization_id = @orgId AND status = 'connected'),
                   (SELECT count(*)::int FROM offers.locations WHERE organization_id = @orgId AND is_published AND deleted_at IS NULL),
                   (SELECT count(*)::int FROM offers.in_store_offers o
                    JOIN offers.physical_stores s ON s.id = o.physical_store_id
                    JOIN offers.locations l ON l.id = s.location_id AND l.is_published AND l.deleted_at IS NULL
                    WHERE o.organization_id = @orgId AND o.status = 'active' AND coalesce(o.quantity_on_hand, 1) > 0)
            """, new { orgId }, cancellationToken: ct));
        var missing = new List<string>();
        if (sources == 0) missing.Add("pos_connection");
        if (locations == 0) missing.Add("published_location");
        if (offers == 0) missing.Add("in_stock_offer");
        return TypedResults.Ok(new ReadinessOut(ShortId.Encode(orgId), sources > 0, sources, locations, offers, missing.Count == 0, missing));
    }

    static async Task<InventorySourceRow?> FindAsync(NpgsqlConnection conn, string sourceId, Caller caller, Permission permission,
        CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        if (caller.IsPublishable || !ShortId.TryParse(sourceId, out var id)) return null;
        var source = await conn.QuerySingleOrDefaultAsync<InventorySourceRow>(new CommandDefinition(
            $"{InventorySourceRow.Select} WHERE s.id = @id" + (tx is null ? "" : " FOR UPDATE OF s"), new { id }, tx, cancellationToken: ct));
        return source is not null && caller.Can(source.OrganizationId, permission) ? source : null;
    }

    static async Task<List<LocationRow>> LocationsAsync(NpgsqlConnection conn, Guid[] sources, CancellationToken ct) =>
        (await conn.QueryAsync<LocationRow>(new CommandDefinition("""
            SELECT inventory_source_id, external_location_id, name, physical_store_id FROM offers.inventory_source_locations
            WHERE inventory_source_id = ANY(@sources) ORDER BY inventory_source_id, length(external_location_id), external_location_id
            """, new { sources }, cancellationToken: ct))).ToList();

    public static async Task<SyncJobRow?> JobAsync(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SyncJobRow>(new CommandDefinition($"{SyncJobRow.Select} WHERE id = @id", new { id }, cancellationToken: ct));
    }

    static ProblemHttpResult SourceNotFound() => Problems.NotFound("No inventory source with this source_id.");

    static ProblemHttpResult JobNotFound() => Problems.NotFound("No job with this job_id.");
}
