using Closient.Accounts.Organizations;
using Closient.Contracts.Accounts;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Accounts.Members;

/// <summary>
/// Members of an organization. Reading needs View, changing needs ManageMembers; only an owner may
/// grant the owner role or change or remove an owner (403), and the last owner can never be demoted
/// or removed (409). Changes are serialized per organization by locking its row.
/// </summary>
public static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(OrganizationsApi.Path + "/{org_id}/members").WithTags("Members").RequireAuthorization();
        api.MapGet("", ListMembers).WithName("ListMembers").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("Members, filtered by role and by a case-insensitive substring of name or email (q).");
        api.MapPost("", AddMember).WithName("AddMember").WithAccess(AccessRule.Org(Permission.ManageMembers)).WithSummary("Adds a member by email, creating the user when unknown.");
        api.MapGet("/{member_id}", GetMember).WithName("GetMember").WithAccess(AccessRule.Org(Permission.View));
        api.MapPut("/{member_id}", UpdateMember).WithName("UpdateMember").WithAccess(AccessRule.Org(Permission.ManageMembers)).WithSummary("Changes a member's role.");
        api.MapDelete("/{member_id}", RemoveMember).WithName("RemoveMember").WithAccess(AccessRule.Org(Permission.ManageMembers));
        return app;
    }

    static async Task<Results<Ok<Paged<MemberOut>>, ProblemHttpResult>> ListMembers(
        [FromRoute(Name = "org_id")] string orgId, [FromQuery(Name = "role")] string? role, [FromQuery(Name = "q")] string? q,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(orgId, Permission.View, out var org)) return Problems.OrganizationNotFound();
        var v = new Validation();
        if (role is not null) MemberRules.Role(role, null, v);
        var search = q is null ? null : v.Optional("q", q, 255).ToLowerInvariant();
        var query = PageQuery.Parse(page, pageSize, v);
        if (!v.IsValid) return v.ToProblem();

        const string filter = """
            WHERE m.organization_id = @org AND (@role::text IS NULL OR m.role = @role)
              AND (@search::text IS NULL OR strpos(u.email, @search) > 0 OR strpos(lower(u.name), @search) > 0)
            """;
        const string sql = $"""
            SELECT count(*) FROM accounts.memberships m JOIN accounts.users u ON u.id = m.user_id {filter};
            {MemberRow.Select} {filter} ORDER BY m.id LIMIT @PageSize OFFSET @Offset;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { org, role, search = string.IsNullOrEmpty(search) ? null : search, query.PageSize, query.Offset }, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<MemberRow>();
        return TypedResults.Ok(Paged<MemberOut>.Of(rows.Select(r => r.ToOut()).ToList(), query, total));
    }

    static async Task<Results<Created<MemberOut>, ProblemHttpResult>> AddMember(
        [FromRoute(Name = "org_id")] string orgId, MemberRequest body,
        Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(orgId, Permission.ManageMembers, out var org)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var email = MemberRules.Email("email", body.Email, v);
        var role = MemberRules.Role(body.Role, Roles.Editor, v);
        if (!v.IsValid) return v.ToProblem();
        if (role == Roles.Owner && caller.RoleIn(org) != Roles.Owner) return OwnersOnly();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await OrganizationStore.LockAsync(conn, tx, org, ct)) return Problems.OrganizationNotFound();
        var now = DatabaseTime.Now(clock);
        // TODO(#3): send the invitation email once a notifications service exists.
        const string sql = """
            INSERT INTO accounts.users (id, email, name, metadata, created) VALUES (@newUserId, @email, '', '{}', @now)
            ON CONFLICT (email) DO NOTHING;
            INSERT INTO accounts.memberships (id, organization_id, user_id, role, created)
            SELECT @id, @org, u.id, @role, @now FROM accounts.users u WHERE u.email = @email
            ON CONFLICT (organization_id, user_id) DO NOTHING;
            """;
        var id = ShortId.NewGuid();
        await conn.ExecuteAsync(new CommandDefinition(sql,
            new { newUserId = ShortId.NewGuid(), email, id, org, role, now }, tx, cancellationToken: ct));
        var member = await FindAsync(conn, tx, org, id, ct);
        if (member is null) return Problems.Conflict("This user is already a member of the organization.");
        await outbox.AddAsync(conn, tx, new MembershipChanged(org, member.UserId, role, now), ct);
        await tx.CommitAsync(ct);

        var result = member.ToOut();
        return TypedResults.Created($"{OrganizationsApi.Path}/{ShortId.Encode(org)}/members/{result.Id}", result);
    }

    static async Task<Results<Ok<MemberOut>, ProblemHttpResult>> GetMember(
        [FromRoute(Name = "org_id")] string orgId, [FromRoute(Name = "member_id")] string memberId,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(orgId, Permission.View, out var org)) return Problems.OrganizationNotFound();
        if (!ShortId.TryParse(memberId, out var id)) return MemberNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var member = await FindAsync(conn, null, org, id, ct);
        return member is null ? MemberNotFound() : TypedResults.Ok(member.ToOut());
    }

    static async Task<Results<Ok<MemberOut>, ProblemHttpResult>> UpdateMember(
        [FromRoute(Name = "org_id")] string orgId, [FromRoute(Name = "member_id")] string memberId, MemberRoleRequest body,
        Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(orgId, Permission.ManageMembers, out var org)) return Problems.OrganizationNotFound();
        if (!ShortId.TryParse(memberId, out var id)) return MemberNotFound();
        var v = new Validation();
        var role = MemberRules.Role(body.Role, null, v);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await OrganizationStore.LockAsync(conn, tx, org, ct)) return Problems.OrganizationNotFound();
        var member = await FindAsync(conn, tx, org, id, ct);
        if (member is null) return MemberNotFound();
        if (member.Role == role) return TypedResults.Ok(member.ToOut());
        if ((role == Roles.Owner || member.Role == Roles.Owner) && caller.RoleIn(org) != Roles.Owner) return OwnersOnly();
        if (member.Role == Roles.Owner && await OwnerCountAsync(conn, tx, org, ct) == 1) return LastOwner();

        await conn.ExecuteAsync(new CommandDefinition("UPDATE accounts.memberships SET role = @role WHERE id = @id",
            new { role, id }, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, new MembershipChanged(org, member.UserId, role, DatabaseTime.Now(clock)), ct);
        await tx.CommitAsync(ct);
        member.Role = role;
        return TypedResults.Ok(member.ToOut());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(
        [FromRoute(Name = "org_id")] string orgId, [FromRoute(Name = "member_id")] string memberId,
        Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(orgId, Permission.ManageMembers, out var org)) return Problems.OrganizationNotFound();
        if (!ShortId.TryParse(memberId, out var id)) return MemberNotFound();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await OrganizationStore.LockAsync(conn, tx, org, ct)) return Problems.OrganizationNotFound();
        var member = await FindAsync(conn, tx, org, id, ct);
        if (member is null) return MemberNotFound();
        if (member.Role == Roles.Owner && caller.RoleIn(org) != Roles.Owner) return OwnersOnly();
        if (member.Role == Roles.Owner && await OwnerCountAsync(conn, tx, org, ct) == 1) return LastOwner();

        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM accounts.memberships WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, new MembershipChanged(org, member.UserId, null, DatabaseTime.Now(clock)), ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    static Task<MemberRow?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid org, Guid id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<MemberRow>(new CommandDefinition(
            $"{MemberRow.Select} WHERE m.id = @id AND m.organization_id = @org", new { id, org }, tx, cancellationToken: ct));

    static Task<long> OwnerCountAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid org, CancellationToken ct) =>
        conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM accounts.memberships WHERE organization_id = @org AND role = 'owner'", new { org }, tx, cancellationToken: ct));

    static ProblemHttpResult MemberNotFound() => Problems.NotFound("No member with this id in the organization.");

    static ProblemHttpResult OwnersOnly() => Access.Forbidden("Only an owner may grant the owner role or change or remove an owner.");

    static ProblemHttpResult LastOwner() => Problems.Conflict("An organization must keep at least one owner.");
}
