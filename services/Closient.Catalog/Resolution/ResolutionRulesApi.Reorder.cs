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
    public const int MaxReorderItems = 1000;

    /// <summary>
    /// Body: a JSON array of <c>{id, order_index}</c>. All or nothing, in one transaction with the unique
    /// (scope, order_index) constraint deferred, so rules may swap places. An id that is not a rule of this
    /// organization ⇒ 404; an id twice, or two entries putting rules of one bucket on one place ⇒ 422; a new
    /// place still held by a rule the body does not move ⇒ 409. Returns every listed rule in evaluation order.
    /// </summary>
    static async Task<Results<Ok<List<ResolutionRuleOut>>, ProblemHttpResult>> ReorderRules(
        [FromRoute(Name = "organization_id")] string organizationId, List<ReorderItem?> body, Caller caller,
        NpgsqlDataSource db, Outbox outbox, TimeProvider clock, ResolutionRuleCache cache, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageProducts, out var org)) return Problems.OrganizationNotFound();
        var v = new Validation();
        if (body.Count == 0) v.Add("body", "List at least one rule as {id, order_index}.");
        if (body.Count > MaxReorderItems) v.Add("body", $"At most {MaxReorderItems} rules per request.");
        var places = new Dictionary<Guid, int>();
        for (var i = 0; i < body.Count && body.Count <= MaxReorderItems; i++)
        {
            var item = body[i];
            if (item is null) { v.Add($"[{i}]", "Must be an object {id, order_index}."); continue; }
            var id = v.Id($"[{i}].id", item.Id?.Trim());
            if (item.OrderIndex is not { } index || index is < 0 or > RuleInput.MaxOrderIndex)
                v.Add($"[{i}].order_index", $"Required: an integer from 0 to {RuleInput.MaxOrderIndex}.");
            else if (id != Guid.Empty && !places.TryAdd(id, index))
                v.Add($"[{i}].id", "This rule is listed more than once.");
        }
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition($"SET CONSTRAINTS catalog.{OrderConstraint} DEFERRED", transaction: tx, cancellationToken: ct));
        var ids = places.Keys.ToArray();
        const string select = $"SELECT {RuleRow.Columns} FROM catalog.resolution_rules WHERE organization_id = @org AND id = ANY(@ids) ORDER BY id FOR UPDATE";
        var rows = (await conn.QueryAsync<RuleRow>(new CommandDefinition(select, new { org, ids }, tx, cancellationToken: ct))).ToDictionary(r => r.Id);
        if (rows.Count != ids.Length)
        {
            var missing = body.Select(b => b!.Id!.Trim()).First(text => ShortId.TryParse(text, out var id) && !rows.ContainsKey(id));
            return Problems.NotFound($"No resolution rule with id '{missing}' in this organization; nothing was changed.");
        }

        // Two entries of the body that put rules of one bucket on one place can never both hold.
        var clash = places.GroupBy(p => (rows[p.Key].ScopeType, rows[p.Key].ScopeId, p.Value)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            var index = body.FindLastIndex(b => ShortId.TryParse(b!.Id!.Trim(), out var id) && clash.Any(c => c.Key == id));
            return Problems.Validation($"[{index}].order_index", $"Another entry puts a rule of the same scope at order_index {clash.Key.Value}.");
        }

        var moves = places.Where(p => rows[p.Key].OrderIndex != p.Value).ToArray();
        var now = DatabaseTime.Now(clock);
        const string update = $"""
            UPDATE catalog.resolution_rules r
            SET order_index = n.move_index, modified_at = GREATEST(@now, r.modified_at + interval '1 microsecond')
            FROM unnest(@moveIds, @moveIndexes) AS n(move_id, move_index)
            WHERE r.id = n.move_id
            RETURNING {RuleRow.Columns}
            """;
        var moved = await conn.QueryAsync<RuleRow>(new CommandDefinition(update,
            new { now, moveIds = moves.Select(m => m.Key).ToArray(), moveIndexes = moves.Select(m => m.Value).ToArray() }, tx, cancellationToken: ct));
        foreach (var row in moved) rows[row.Id] = row;
        try
        {
            // Check the deferred constraint here rather than at COMMIT, so a clash is an ordinary 409.
            await conn.ExecuteAsync(new CommandDefinition($"SET CONSTRAINTS catalog.{OrderConstraint} IMMEDIATE", transaction: tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (IsOrderConflict(e))
        {
            return Problems.Conflict("A new order_index is still held by a rule of the same scope that the request does not move; "
                + "list every rule that changes place. Nothing was changed.");
        }
        foreach (var (id, _) in moves)
            await outbox.AddAsync(conn, tx, rows[id].ToChanged(ChangeKinds.Reordered, rows[id].ModifiedAt), ct);
        await tx.CommitAsync(ct);
        cache.Invalidate(org); // this instance at once; the others on ResolutionRuleChanged

        var ordered = rows.Values.Select(r => (Row: r, Rule: r.ToRule())).ToList();
        ordered.Sort((a, b) => ResolutionRule.EvaluationOrder.Compare(a.Rule, b.Rule));
        return TypedResults.Ok(ordered.Select(o => o.Row.ToOut()).ToList());
    }
}
