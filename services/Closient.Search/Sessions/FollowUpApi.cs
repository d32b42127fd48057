using System.Globalization;
using Closient.Contracts.Search;
using Closient.Search.Analytics;
using Closient.Search.Constraints;
using Closient.Search.Local;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Search.Sessions;

/// <summary>
/// Follow-ups (refine or reset), constraint removal, clearing and ending a session (spec/search.md §2.2, §2.3).
/// Every write locks the session row (<c>FOR UPDATE</c>) so concurrent follow-ups apply one after the other,
/// and refreshes the sliding expiry (<c>expires_at = now + 30 min</c>). Public like the rest of the sessions API.
/// </summary>
public static class FollowUpApi
{
    /// <summary><c>search_history</c> keeps the most recent queries only.</summary>
    public const int HistoryLimit = 20;

    public static RouteGroupBuilder MapFollowUps(this RouteGroupBuilder group)
    {
        group.MapPost("/{sessionId}/query", FollowUp).WithName("QuerySearchSession").WithAccess(AccessRule.Public)
            .WithSummary("A follow-up: refines the session (merges its constraints) or resets it (new base query)");
        group.MapPost("/{sessionId}/refine", FollowUp).WithName("RefineSearchSession").WithAccess(AccessRule.Public)
            .WithSummary("Alias of /query (the local-product-search skill's name)");
        group.MapDelete("/{sessionId}/constraints/{key}", RemoveConstraint).WithName("RemoveSearchSessionConstraint").WithAccess(AccessRule.Public)
            .WithSummary("Removes one active constraint; a key that is not active leaves the session unchanged (200)");
        group.MapDelete("/{sessionId}/constraints", ClearConstraints).WithName("ClearSearchSessionConstraints").WithAccess(AccessRule.Public)
            .WithSummary("Removes every constraint and refinement word; the base query stays");
        group.MapDelete("/{sessionId}", EndSession).WithName("EndSearchSession").WithAccess(AccessRule.Public)
            .WithSummary("Ends the session: later calls with its id are 404");
        return group;
    }

    static async Task<Results<Ok<FollowUpResponse>, ProblemHttpResult>> FollowUp(
        string sessionId, FollowUpRequest body, NpgsqlDataSource db, TimeProvider clock, SearchEvents events, CancellationToken ct)
    {
        var validation = new Validation();
        var query = validation.Required("query", body.Query, LocalSearchApi.MaxQueryLength);
        var parsed = validation.IsValid ? QueryParser.Parse(query, validation, "query") : null;
        if (!validation.IsValid || parsed is null) return validation.ToProblem();

        var now = DatabaseTime.Now(clock);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await LockAsync(conn, tx, sessionId, now, ct);
        if (row is null) return SessionsApi.NotFound();

        var search = new SessionSearch(row.BaseQuery, row.SearchText, row.Gtin, row.Query.Constraints, row.RadiusKm);
        decimal? cheapest = null;
        if (FollowUpClassifier.IsRefinement(search, query, parsed) && FollowUpClassifier.NeedsCheapestPrice(search, parsed))
            cheapest = CheapestPrice(await SessionsApi.RunAsync(conn, row, now, ct));
        var outcome = FollowUpClassifier.Apply(search, query, parsed, cheapest);

        var next = outcome.Next;
        row.BaseQuery = next.BaseQuery;
        row.SearchText = next.SearchText;
        row.Gtin = next.Gtin;
        row.ActiveConstraints = next.Active.ToJson();
        row.SearchHistory = [.. row.SearchHistory.Append(query).TakeLast(HistoryLimit)];
        await SaveAsync(conn, tx, row, now, ct);
        await tx.CommitAsync(ct);

        var results = await SessionsApi.RunAsync(conn, row, now, ct);
        events.Record(SearchKinds.Session, query, LocalSearchApi.SearchTerms(row.Query), results.Total, row.Latitude, row.Longitude);
        return TypedResults.Ok(new FollowUpResponse(row.Id, outcome.IsRefinement, outcome.Explanation, next.Active, outcome.NewConstraints,
            row.BaseQuery, query, row.SearchHistory, ConstraintChips.Of(next.Active), false, row.Latitude, row.Longitude, row.RadiusKm,
            row.ExpiresAt, results.Hits, results.Total, results.OnlineHits, results.OnlineTotal));
    }

    /// <summary>422 for a key that is not one of the nine (checked first); a known key that is not active is a 200 with the session unchanged.</summary>
    static async Task<Results<Ok<SessionState>, ProblemHttpResult>> RemoveConstraint(
        string sessionId, string key, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!SearchConstraints.Keys.Contains(key))
            return new Validation().Add("key", $"Must be one of: {string.Join(", ", SearchConstraints.Keys)}.").ToProblem();
        return await ChangeAsync(sessionId, db, clock, ct, row =>
            row.ActiveConstraints = SearchConstraints.FromJson(row.ActiveConstraints).Without(key).ToJson());
    }

    /// <summary>Back to the base query's own keywords with no constraints (the phrases in the base query are not re-applied).</summary>
    static async Task<Results<Ok<SessionState>, ProblemHttpResult>> ClearConstraints(
        string sessionId, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) =>
        await ChangeAsync(sessionId, db, clock, ct, row =>
        {
            var basis = QueryParser.Parse(row.BaseQuery, new Validation(), "query");
            row.SearchText = basis.Text;
            row.Gtin = basis.Gtin;
            row.ActiveConstraints = new SearchConstraints().ToJson();
        });

    static async Task<Results<NoContent, ProblemHttpResult>> EndSession(string sessionId, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (sessionId.Length is 0 or > 64) return SessionsApi.NotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        const string sql = "DELETE FROM search.sessions WHERE id = @sessionId AND expires_at > @now";
        var deleted = await conn.ExecuteAsync(new CommandDefinition(sql, new { sessionId, now = clock.GetUtcNow() }, cancellationToken: ct));
        return deleted == 0 ? SessionsApi.NotFound() : TypedResults.NoContent();
    }

    static async Task<Results<Ok<SessionState>, ProblemHttpResult>> ChangeAsync(
        string sessionId, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct, Action<SessionRow> change)
    {
        var now = DatabaseTime.Now(clock);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await LockAsync(conn, tx, sessionId, now, ct);
        if (row is null) return SessionsApi.NotFound();
        change(row);
        await SaveAsync(conn, tx, row, now, ct);
        await tx.CommitAsync(ct);
        var results = await SessionsApi.RunAsync(conn, row, now, ct);
        return TypedResults.Ok(row.ToState(results));
    }

    static async Task<SessionRow?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sessionId, DateTimeOffset now, CancellationToken ct)
    {
        if (sessionId.Length is 0 or > 64) return null;
        const string sql = """
            SELECT id, base_query, search_text, gtin, active_constraints::text AS active_constraints, search_history,
                   latitude, longitude, radius_km, expires_at
            FROM search.sessions
            WHERE id = @sessionId AND expires_at > @now
            FOR UPDATE
            """;
        return await conn.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(sql, new { sessionId, now }, tx, cancellationToken: ct));
    }

    /// <summary>Writes the row's search and refreshes the sliding expiry.</summary>
    static async Task SaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, SessionRow row, DateTimeOffset now, CancellationToken ct)
    {
        row.ExpiresAt = now + SessionsApi.Ttl;
        const string sql = """
            UPDATE search.sessions
            SET base_query = @BaseQuery, search_text = @SearchText, gtin = @Gtin, active_constraints = @ActiveConstraints::jsonb,
                search_history = @SearchHistory, last_activity_at = @Now, expires_at = @ExpiresAt
            WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, new
        {
            row.Id, row.BaseQuery, row.SearchText, row.Gtin, row.ActiveConstraints, row.SearchHistory, Now = now, row.ExpiresAt,
        }, tx, cancellationToken: ct));
    }

    /// <summary>The lowest price among the shown results, whatever their currency; null when none has a price.</summary>
    static decimal? CheapestPrice(LocalResults results) =>
        results.Hits.Select(h => h.Offer.Price is { } p && decimal.TryParse(p.Amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null)
            .Where(d => d is > 0).Min();
}
