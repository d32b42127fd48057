using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Resolution;

public static partial class ResolutionRulesApi
{
    static async Task<Results<Created<ResolutionRuleOut>, ProblemHttpResult>> CreateRule(
        [FromRoute(Name = "organization_id")] string organizationId, ResolutionRuleRequest body, Caller caller,
        NpgsqlDataSource db, Outbox outbox, TimeProvider clock, ResolutionRuleCache cache, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageProducts, out var org)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var draft = RuleInput.Apply(RuleInput.NewDraft(org), body, create: true, v, out var gtin14);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        Guid? productId = null;
        if (gtin14 is not null && (productId = await FindProductAsync(conn, tx, org, gtin14, ct)) is null)
            return ProductNotOwned(gtin14);
        var now = DatabaseTime.Now(clock);
        var rule = draft with { Id = ShortId.NewGuid(), ProductId = productId, CreatedAt = now, ModifiedAt = now };
        const string sql = """
            INSERT INTO catalog.resolution_rules (id, organization_id, scope_type, scope_id, product_id, order_index, enabled,
                destination_type, custom_url, on_custom_url_dead, absolute_start_at, absolute_end_at, annual_start_mmdd, annual_end_mmdd,
                days_of_week, time_of_day_start, time_of_day_end, timezone, link_type, location_countries, location_regions,
                location_cities, metadata, created_at, modified_at)
            VALUES (@Id, @OrganizationId, @ScopeType, @ScopeId, @ProductId, @OrderIndex, @Enabled,
                @DestinationType, @CustomUrl, @OnCustomUrlDead, @AbsoluteStartAt, @AbsoluteEndAt, @AnnualStartMmdd, @AnnualEndMmdd,
                @DaysOfWeek::smallint[], @TimeOfDayStart::time, @TimeOfDayEnd::time, @Timezone, @LinkType, @LocationCountries, @LocationRegions,
                @LocationCities, @Metadata::jsonb, @CreatedAt, @ModifiedAt)
            """;
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(sql, rule, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (IsOrderConflict(e))
        {
            return OrderConflict(rule);
        }
        await outbox.AddAsync(conn, tx, rule.ToChanged(ChangeKinds.Created, now), ct);
        await tx.CommitAsync(ct);
        cache.Invalidate(org); // this instance at once; the others on ResolutionRuleChanged

        var result = rule.ToOut();
        return TypedResults.Created($"{RulesPath}/{result.Id}", result);
    }

    static async Task<Results<Ok<ResolutionRuleOut>, ProblemHttpResult>> UpdateRule(
        [FromRoute(Name = "rule_id")] string ruleId, ResolutionRuleRequest body, Caller caller,
        NpgsqlDataSource db, Outbox outbox, TimeProvider clock, ResolutionRuleCache cache, CancellationToken ct)
    {
        if (caller.IsPublishable || !ShortId.TryParse(ruleId, out var id)) return RuleNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await LockAsync(conn, tx, id, ct);
        if (current is null || !caller.Can(current.OrganizationId, Permission.ManageProducts)) return RuleNotFound();

        var v = new Validation();
        var draft = RuleInput.Apply(current, body, create: false, v, out var gtin14);
        if (!v.IsValid) return v.ToProblem();
        // product_id follows the scope; it is looked up (and ownership checked) only when the scope changes.
        if (draft.ScopeType != current.ScopeType || draft.ScopeId != current.ScopeId)
        {
            Guid? productId = null;
            if (gtin14 is not null && (productId = await FindProductAsync(conn, tx, current.OrganizationId, gtin14, ct)) is null)
                return ProductNotOwned(gtin14);
            draft = draft with { ProductId = productId };
        }
        // A PATCH that changes nothing writes nothing: no new modified time, no event.
        if (Unchanged(draft, current)) return TypedResults.Ok(current.ToOut());

        var rule = draft with { ModifiedAt = DatabaseTime.After(current.ModifiedAt, clock) };
        const string sql = """
            UPDATE catalog.resolution_rules
            SET scope_type = @ScopeType, scope_id = @ScopeId, product_id = @ProductId, order_index = @OrderIndex, enabled = @Enabled,
                destination_type = @DestinationType, custom_url = @CustomUrl, on_custom_url_dead = @OnCustomUrlDead,
                absolute_start_at = @AbsoluteStartAt, absolute_end_at = @AbsoluteEndAt, annual_start_mmdd = @AnnualStartMmdd,
                annual_end_mmdd = @AnnualEndMmdd, days_of_week = @DaysOfWeek::smallint[], time_of_day_start = @TimeOfDayStart::time,
                time_of_day_end = @TimeOfDayEnd::time, timezone = @Timezone, link_type = @LinkType,
                location_countries = @LocationCountries, location_regions = @LocationRegions, location_cities = @LocationCities,
                metadata = @Metadata::jsonb, modified_at = @ModifiedAt
            WHERE id = @Id
            """;
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(sql, rule, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (IsOrderConflict(e))
        {
            return OrderConflict(rule);
        }
        await outbox.AddAsync(conn, tx, rule.ToChanged(ChangeKinds.Updated, rule.ModifiedAt), ct);
        await tx.CommitAsync(ct);
        cache.Invalidate(rule.OrganizationId); // this instance at once; the others on ResolutionRuleChanged
        return TypedResults.Ok(rule.ToOut());
    }

    /// <summary>The id of the product with <paramref name="gtin14"/> that <paramref name="org"/> has claimed, or null.</summary>
    static Task<Guid?> FindProductAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid org, string gtin14, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM catalog.products WHERE gtin = @gtin14 AND owner_id = @org", new { gtin14, org }, tx, cancellationToken: ct));

    static ProblemHttpResult ProductNotOwned(string gtin14) =>
        Problems.Validation("scope_id", $"No product with GTIN {gtin14} belongs to this organization; claim or create it first.");

    static bool Unchanged(RuleRow a, RuleRow b) =>
        a.DaysOfWeek.SequenceEqual(b.DaysOfWeek)
        && a.LocationCountries.SequenceEqual(b.LocationCountries)
        && a.LocationRegions.SequenceEqual(b.LocationRegions)
        && a.LocationCities.SequenceEqual(b.LocationCities)
        && SameMetadata(a.Metadata, b.Metadata)
        && a with { DaysOfWeek = b.DaysOfWeek, LocationCountries = b.LocationCountries, LocationRegions = b.LocationRegions,
            LocationCities = b.LocationCities, Metadata = b.Metadata } == b;

    static bool SameMetadata(string a, string b)
    {
        var x = Metadata.FromJson(a);
        var y = Metadata.FromJson(b);
        return x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var value) && value == kv.Value);
    }
}
