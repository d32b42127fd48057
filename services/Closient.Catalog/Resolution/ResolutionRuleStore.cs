using Closient.ServiceDefaults.Http;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Resolution;

/// <summary>
/// Loads the rules one resolution needs: one query, enabled rules only, in evaluation order. The resolver reads them
/// through <see cref="ResolutionRuleCache"/>, which uses <see cref="LoadGtinAsync"/> and <see cref="LoadScopeAsync"/>.
/// </summary>
public sealed class ResolutionRuleStore(NpgsqlDataSource db)
{
    long _queries;

    /// <summary>Database round trips made so far (a test hook: a cache hit must not add any).</summary>
    public long Queries => Interlocked.Read(ref _queries);

    /// <summary>
    /// The enabled rules of <paramref name="organizationId"/> whose scope can cover this request: the organization
    /// catch-alls, the brand's rules, the GTIN's rules, and the rules of exactly this lot and serial (not every lot
    /// and serial of the GTIN), ordered SERIAL → BATCH → PRODUCT → BRAND → ORGANIZATION, then order_index.
    /// </summary>
    public async Task<IReadOnlyList<ResolutionRule>> LoadAsync(
        Guid organizationId, string gtin14, string? lot, string? serial, Guid? brandId, CancellationToken ct)
    {
        var keys = new List<string>(4) { gtin14 };
        if (lot is not null) keys.Add(ScopeIds.Batch(gtin14, lot));
        if (serial is not null) keys.Add(ScopeIds.Serial(gtin14, serial));
        if (brandId is { } brand) keys.Add(ShortId.Encode(brand));
        const string sql = $"""
            SELECT {RuleRow.Columns} FROM catalog.resolution_rules
            WHERE organization_id = @organizationId AND enabled AND (scope_id IS NULL OR scope_id = ANY(@keys))
            ORDER BY {RuleRow.EvaluationOrder}
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        Interlocked.Increment(ref _queries);
        var rows = await conn.QueryAsync<RuleRow>(new CommandDefinition(sql, new { organizationId, keys = keys.ToArray() }, cancellationToken: ct));
        return rows.Select(r => r.ToRule()).ToList();
    }

    /// <summary>
    /// In one round trip: the enabled PRODUCT rules of <paramref name="gtin14"/>, BRAND rules of <paramref name="brandId"/> and
    /// ORGANIZATION rules, in evaluation order; and whether the GTIN has any SERIAL or BATCH rule (enabled or not), so
    /// scans of a GTIN without them never look them up. Every part is a range of <c>resolution_rules_evaluation_idx</c>
    /// (three ranges joined by UNION ALL rather than ORs, which a planner may answer by filtering every row of the
    /// organization; the existence checks are prefix ranges of <c>scope_id COLLATE "C"</c>), so the cost does not grow
    /// with the organization's serial rules.
    /// </summary>
    public async Task<GtinRules> LoadGtinAsync(Guid organizationId, string gtin14, Guid? brandId, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {RuleRow.Columns} FROM (
                SELECT * FROM catalog.resolution_rules WHERE organization_id = @organizationId AND scope_priority = 3 AND scope_id COLLATE "C" = @gtin14
                UNION ALL
                SELECT * FROM catalog.resolution_rules WHERE organization_id = @organizationId AND scope_priority = 4 AND scope_id COLLATE "C" = @brand
                UNION ALL
                SELECT * FROM catalog.resolution_rules WHERE organization_id = @organizationId AND scope_priority = 5
            ) AS r
            WHERE enabled
            ORDER BY {RuleRow.EvaluationOrder};
            SELECT EXISTS (SELECT 1 FROM catalog.resolution_rules WHERE organization_id = @organizationId AND scope_priority = 1
                             AND scope_id COLLATE "C" >= @serialFrom AND scope_id COLLATE "C" < @serialTo),
                   EXISTS (SELECT 1 FROM catalog.resolution_rules WHERE organization_id = @organizationId AND scope_priority = 2
                             AND scope_id COLLATE "C" >= @batchFrom AND scope_id COLLATE "C" < @batchTo);
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        Interlocked.Increment(ref _queries);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new
        {
            organizationId, gtin14, brand = brandId is { } b ? ShortId.Encode(b) : null,
            serialFrom = gtin14 + ScopeIds.SerialSeparator, serialTo = PrefixEnd(gtin14 + ScopeIds.SerialSeparator),
            batchFrom = gtin14 + ScopeIds.LotSeparator, batchTo = PrefixEnd(gtin14 + ScopeIds.LotSeparator),
        }, cancellationToken: ct));
        var rules = (await results.ReadAsync<RuleRow>()).Select(r => r.ToRule()).ToList();
        var (serial, batch) = await results.ReadSingleAsync<(bool, bool)>();
        return new GtinRules(rules, serial, batch);
    }

    /// <summary>The enabled rules of one SERIAL or BATCH scope id (<see cref="ScopeIds"/>), in order: one index lookup.</summary>
    public async Task<IReadOnlyList<ResolutionRule>> LoadScopeAsync(Guid organizationId, RuleScope scope, string scopeId, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {RuleRow.Columns} FROM catalog.resolution_rules
            WHERE organization_id = @organizationId AND scope_priority = @priority AND scope_id COLLATE "C" = @scopeId AND enabled
            ORDER BY order_index, id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        Interlocked.Increment(ref _queries);
        var rows = await conn.QueryAsync<RuleRow>(new CommandDefinition(sql,
            new { organizationId, priority = (short)scope, scopeId }, cancellationToken: ct));
        return rows.Select(r => r.ToRule()).ToList();
    }

    /// <summary>
    /// Every enabled PRODUCT, BRAND and ORGANIZATION rule in evaluation order, and every (organization, GTIN) with SERIAL or
    /// BATCH rules (enabled or not): what <see cref="RuleWarmup"/> needs to hold every product's <see cref="GtinRules"/> in
    /// memory. Two statements in one round trip; the second reads the lot and serial rules' index only.
    /// </summary>
    public async Task<(IReadOnlyList<ResolutionRule> Rules, IReadOnlyList<(Guid Organization, short Priority, string Gtin)> Scoped)> LoadAllAsync(CancellationToken ct)
    {
        const string sql = $"""
            SELECT {RuleRow.Columns} FROM catalog.resolution_rules WHERE enabled AND scope_priority >= 3 ORDER BY organization_id, {RuleRow.EvaluationOrder};
            SELECT DISTINCT organization_id, scope_priority, left(scope_id, 14) AS gtin FROM catalog.resolution_rules WHERE scope_priority IN (1, 2);
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        Interlocked.Increment(ref _queries);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, cancellationToken: ct, commandTimeout: 300));
        var rules = (await results.ReadAsync<RuleRow>()).Select(r => r.ToRule()).ToList();
        var scoped = (await results.ReadAsync<(Guid, short, string)>()).ToList();
        return (rules, scoped);
    }

    /// <summary>The least string above every string starting with <paramref name="prefix"/> (byte order; the prefix ends in '/').</summary>
    static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>The same for a <see cref="RuleContext"/>.</summary>
    public Task<IReadOnlyList<ResolutionRule>> LoadAsync(RuleContext context, CancellationToken ct) =>
        LoadAsync(context.OrganizationId, context.Gtin, context.Lot, context.Serial, context.BrandId, ct);
}
