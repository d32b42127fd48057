using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Resolution;

/// <summary>
/// <c>/resolver/api/v1</c> resolution rules (spec/resolver.md §2): list, create, read, PATCH, delete and reorder.
/// Reads need <see cref="Permission.View"/> on the rule's organization, writes <see cref="Permission.ManageProducts"/>
/// (owner, manager, editor: the resolver has no permission of its own). Every refusal is the same 404 as a
/// missing rule or organization (spec/conventions.md §3.3); permission is checked before the body is validated.
/// </summary>
public static partial class ResolutionRulesApi
{
    const string RulesPath = "/resolver/api/v1/resolution-rules";
    const string OrderConstraint = "resolution_rules_order_key";

    public static IEndpointRouteBuilder MapResolutionRulesApi(this IEndpointRouteBuilder app)
    {
        var byOrganization = app.MapGroup("/resolver/api/v1/organizations/{organization_id}/resolution-rules").WithTags("Resolution rules");
        byOrganization.MapGet("", ListRules).WithName("ListResolutionRules").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("List an organization's resolution rules in evaluation order.");
        byOrganization.MapPost("", CreateRule).WithName("CreateResolutionRule").WithAccess(AccessRule.Org(Permission.ManageProducts));
        byOrganization.MapPost("/reorder", ReorderRules).WithName("ReorderResolutionRules").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Move rules to new order_index values in one transaction; returns them in evaluation order.");

        var rules = app.MapGroup(RulesPath).WithTags("Resolution rules");
        rules.MapGet("/{rule_id}", GetRule).WithName("GetResolutionRule").WithAccess(AccessRule.Org(Permission.View));
        rules.MapPatch("/{rule_id}", UpdateRule).WithName("UpdateResolutionRule").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Change some fields of a rule; omitted or null fields stay unchanged, \"\" or [] clear a criterion.");
        rules.MapDelete("/{rule_id}", DeleteRule).WithName("DeleteResolutionRule").WithAccess(AccessRule.Org(Permission.ManageProducts));
        return app;
    }

    static async Task<Results<Ok<Paged<ResolutionRuleOut>>, ProblemHttpResult>> ListRules(
        [FromRoute(Name = "organization_id")] string organizationId,
        [FromQuery(Name = "scope_type")] string? scopeType, [FromQuery(Name = "enabled")] string? enabled,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        HttpRequest request, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.View, out var org)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var scope = scopeType?.Trim().ToUpperInvariant();
        if (scope is not null && !RuleValues.ScopeTypes.Contains(scope)) v.Add("scope_type", "Must be one of " + string.Join(", ", RuleValues.ScopeTypes) + ".");
        bool? isEnabled = enabled switch { null => null, "true" => true, "false" => false, _ => null };
        if (enabled is not null && isEnabled is null) v.Add("enabled", "Must be true or false.");
        var query = PageQuery.Parse(page, pageSize, v);
        var metadata = MetadataFilter.Parse(request.Query, v);
        if (!v.IsValid) return v.ToProblem();

        const string filter = """
            organization_id = @org AND (@scope::text IS NULL OR scope_type = @scope)
            AND (@isEnabled::boolean IS NULL OR enabled = @isEnabled) AND metadata @> @metadata::jsonb
            """;
        const string sql = $"""
            SELECT count(*) FROM catalog.resolution_rules WHERE {filter};
            SELECT {RuleRow.Columns} FROM catalog.resolution_rules WHERE {filter}
            ORDER BY {RuleRow.EvaluationOrder} LIMIT @PageSize OFFSET @Offset;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { org, scope, isEnabled, metadata, query.PageSize, query.Offset }, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<RuleRow>();
        return TypedResults.Ok(Paged<ResolutionRuleOut>.Of(rows.Select(r => r.ToOut()).ToList(), query, total));
    }

    static async Task<Results<Ok<ResolutionRuleOut>, ProblemHttpResult>> GetRule(
        [FromRoute(Name = "rule_id")] string ruleId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.IsPublishable || !ShortId.TryParse(ruleId, out var id)) return RuleNotFound();
        const string sql = $"SELECT {RuleRow.Columns} FROM catalog.resolution_rules WHERE id = @id";
        await using var conn = await db.OpenConnectionAsync(ct);
        var rule = await conn.QuerySingleOrDefaultAsync<RuleRow>(new CommandDefinition(sql, new { id }, cancellationToken: ct));
        return rule is null || !caller.Can(rule.OrganizationId, Permission.View) ? RuleNotFound() : TypedResults.Ok(rule.ToOut());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteRule(
        [FromRoute(Name = "rule_id")] string ruleId, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, ResolutionRuleCache cache, CancellationToken ct)
    {
        if (caller.IsPublishable || !ShortId.TryParse(ruleId, out var id)) return RuleNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var rule = await LockAsync(conn, tx, id, ct);
        if (rule is null || !caller.Can(rule.OrganizationId, Permission.ManageProducts)) return RuleNotFound();
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM catalog.resolution_rules WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, rule.ToChanged(ChangeKinds.Deleted, DatabaseTime.After(rule.ModifiedAt, clock)), ct);
        await tx.CommitAsync(ct);
        cache.Invalidate(rule.OrganizationId); // this instance at once; the others on ResolutionRuleChanged
        return TypedResults.NoContent();
    }

    /// <summary>The rule, locked for the rest of <paramref name="tx"/>; null when it does not exist.</summary>
    static Task<RuleRow?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<RuleRow?>(new CommandDefinition(
            $"SELECT {RuleRow.Columns} FROM catalog.resolution_rules WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));

    static bool IsOrderConflict(PostgresException e) =>
        e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == OrderConstraint;

    static ProblemHttpResult OrderConflict(RuleRow rule) => Problems.Conflict(
        $"Another rule of this organization already has scope ({rule.ScopeType}, {rule.ScopeId ?? "null"}) and order_index {rule.OrderIndex}; "
        + "pick a free order_index or move rules with POST .../resolution-rules/reorder.");

    static ProblemHttpResult RuleNotFound() => Problems.NotFound("No resolution rule with this rule_id.");

    /// <summary>The <c>change_kind</c> values of <see cref="Contracts.Catalog.ResolutionRuleChanged"/>.</summary>
    public static class ChangeKinds
    {
        public const string Created = "created", Updated = "updated", Deleted = "deleted", Reordered = "reordered";
    }
}
