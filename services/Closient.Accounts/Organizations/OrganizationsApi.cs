using Closient.Contracts.Accounts;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Accounts.Organizations;

/// <summary>Organizations (spec/accounts.md "Organizations"). Every route needs the internal token.</summary>
public static class OrganizationsApi
{
    public const string Path = "/account/api/v1/organizations";

    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Path).WithTags("Organizations").RequireAuthorization();
        api.MapPost("", CreateOrganization).WithName("CreateOrganization").WithAccess(AccessRule.User)
            .WithSummary("Creates an organization; the calling user becomes its owner.");
        api.MapGet("", ListOrganizations).WithName("ListOrganizations").WithAccess(AccessRule.AnyKey).WithSummary("The organizations the caller acts for.");
        api.MapGet("/{id}", GetOrganization).WithName("GetOrganization").WithAccess(AccessRule.Org(Permission.View));
        api.MapPut("/{id}", UpdateOrganization).WithName("UpdateOrganization").WithAccess(AccessRule.Org(Permission.ManageOrganization))
            .WithSummary("Updates an organization; omitted or null fields stay unchanged.");
        api.MapDelete("/{id}", DeleteOrganization).WithName("DeleteOrganization").WithAccess(AccessRule.Org(Permission.DeleteOrganization))
            .WithSummary("Deletes an organization with its memberships and API keys (owners only).");
        return app;
    }

    static async Task<Results<Created<OrganizationOut>, ProblemHttpResult>> CreateOrganization(
        OrganizationRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (caller.IsPublishable) return Problems.OrganizationNotFound();
        // An organization key acts for one organization and has no user who could own a new one.
        if (caller.UserId is not { } userId) return Access.Forbidden("Organizations are created by users.");

        var v = new Validation();
        var org = new OrganizationRow { Id = ShortId.NewGuid(), Created = DatabaseTime.Now(clock) };
        OrganizationRules.Apply(org, body, creating: true, v);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        const string userSql = "SELECT EXISTS (SELECT 1 FROM accounts.users WHERE id = @userId)";
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(userSql, new { userId }, tx, cancellationToken: ct)))
            return Access.Forbidden("Organizations are created by users.");
        await OrganizationStore.CreateAsync(conn, tx, outbox, org, userId, ct);
        await tx.CommitAsync(ct);

        var result = org.ToOut();
        return TypedResults.Created($"{Path}/{result.Id}", result);
    }

    static async Task<Results<Ok<Paged<OrganizationOut>>, ProblemHttpResult>> ListOrganizations(
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.IsPublishable) return Problems.OrganizationNotFound();
        var v = new Validation();
        var query = PageQuery.Parse(page, pageSize, v);
        if (!v.IsValid) return v.ToProblem();

        var ids = caller.Organizations.Keys.ToArray();
        const string sql = $"""
            SELECT count(*) FROM accounts.organizations WHERE id = ANY(@ids);
            SELECT {OrganizationRow.Columns} FROM accounts.organizations WHERE id = ANY(@ids)
            ORDER BY id LIMIT @PageSize OFFSET @Offset;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { ids, query.PageSize, query.Offset }, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<OrganizationRow>();
        return TypedResults.Ok(Paged<OrganizationOut>.Of(rows.Select(r => r.ToOut()).ToList(), query, total));
    }

    static async Task<Results<Ok<OrganizationOut>, ProblemHttpResult>> GetOrganization(
        string id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(id, Permission.View, out var orgId)) return Problems.OrganizationNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var org = await FindAsync(conn, null, orgId, ct);
        return org is null ? Problems.OrganizationNotFound() : TypedResults.Ok(org.ToOut());
    }

    /// <summary>PUT with PATCH semantics (spec/accounts.md): omitted or null fields keep their value, metadata merges.</summary>
    static async Task<Results<Ok<OrganizationOut>, ProblemHttpResult>> UpdateOrganization(
        string id, OrganizationRequest body, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(id, Permission.ManageOrganization, out var orgId)) return Problems.OrganizationNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var org = await FindAsync(conn, tx, orgId, ct, forUpdate: true);
        if (org is null) return Problems.OrganizationNotFound();

        var v = new Validation();
        OrganizationRules.Apply(org, body, creating: false, v);
        if (!v.IsValid) return v.ToProblem();

        const string sql = """
            UPDATE accounts.organizations SET name = @Name, country = @Country, is_brand = @IsBrand, metadata = @Metadata::jsonb
            WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, org, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.Ok(org.ToOut());
    }

    /// <summary>
    /// Deletes the organization, its memberships and its API keys in one transaction. Each active key
    /// gets <see cref="ApiKeyRevoked"/> (the gateway evicts it) and each member <see cref="MembershipChanged"/> with no role.
    /// </summary>
    static async Task<Results<NoContent, ProblemHttpResult>> DeleteOrganization(
        string id, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(id, Permission.DeleteOrganization, out var orgId)) return Problems.OrganizationNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await OrganizationStore.LockAsync(conn, tx, orgId, ct)) return Problems.OrganizationNotFound();

        const string sql = """
            DELETE FROM accounts.api_keys WHERE organization_id = @orgId RETURNING id, key_hash, is_active;
            DELETE FROM accounts.memberships WHERE organization_id = @orgId RETURNING user_id;
            DELETE FROM accounts.organizations WHERE id = @orgId;
            """;
        var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { orgId }, tx, cancellationToken: ct));
        var keys = (await results.ReadAsync<(Guid Id, string KeyHash, bool IsActive)>()).ToList();
        var members = (await results.ReadAsync<Guid>()).ToList();
        await results.DisposeAsync();

        var now = DatabaseTime.Now(clock);
        foreach (var key in keys.Where(k => k.IsActive))
            await outbox.AddAsync(conn, tx, new ApiKeyRevoked(key.Id, orgId, key.KeyHash, now), ct);
        foreach (var user in members)
            await outbox.AddAsync(conn, tx, new MembershipChanged(orgId, user, null, now), ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    static Task<OrganizationRow?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, CancellationToken ct, bool forUpdate = false) =>
        conn.QuerySingleOrDefaultAsync<OrganizationRow>(new CommandDefinition(
            $"SELECT {OrganizationRow.Columns} FROM accounts.organizations WHERE id = @id{(forUpdate ? " FOR UPDATE" : "")}",
            new { id }, tx, cancellationToken: ct));
}
