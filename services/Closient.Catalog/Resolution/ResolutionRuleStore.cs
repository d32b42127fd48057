using Closient.ServiceDefaults.Http;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Resolution;

/// <summary>Loads the rules one resolution needs: one query, enabled rules only, in evaluation order.</summary>
public sealed class ResolutionRuleStore(NpgsqlDataSource db)
{
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
        var rows = await conn.QueryAsync<RuleRow>(new CommandDefinition(sql, new { organizationId, keys = keys.ToArray() }, cancellationToken: ct));
        return rows.Select(r => r.ToRule()).ToList();
    }

    /// <summary>The same for a <see cref="RuleContext"/>.</summary>
    public Task<IReadOnlyList<ResolutionRule>> LoadAsync(RuleContext context, CancellationToken ct) =>
        LoadAsync(context.OrganizationId, context.Gtin, context.Lot, context.Serial, context.BrandId, ct);
}
