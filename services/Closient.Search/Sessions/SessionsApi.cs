using System.Buffers.Text;
using System.Security.Cryptography;
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

public static class SessionsApi
{
    /// <summary>Sessions live 30 minutes after their last query (spec/search.md §2).</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(30);
    public const int ResultLimit = LocalSearchApi.DefaultLimit;

    /// <summary>
    /// Public endpoints (spec/conventions.md §10): any valid internal token, the gateway's anonymous one
    /// included, so there is no role check. A session is reachable by whoever holds its unguessable id.
    /// </summary>
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/search/api/v1/search/session").WithTags("Search sessions");
        group.MapPost("", OpenSession).WithName("OpenSearchSession").WithAccess(AccessRule.Public)
            .WithSummary("Open a conversational search session at a location and return its first results");
        group.MapGet("/{sessionId}", GetSession).WithName("GetSearchSession").WithAccess(AccessRule.Public)
            .WithSummary("A session's state with fresh results; 404 when missing or expired");
        group.MapFollowUps();
        return app;
    }

    static async Task<Results<Created<SessionState>, ProblemHttpResult>> OpenSession(
        OpenSessionRequest body, Caller caller, NpgsqlDataSource db, TimeProvider clock, SearchEvents events, CancellationToken ct)
    {
        var validation = new Validation();
        var query = validation.Required("query", body.Query, LocalSearchApi.MaxQueryLength);
        validation.Range("latitude", body.Latitude, -90, 90);
        validation.Range("longitude", body.Longitude, -180, 180);
        var radius = body.RadiusKm ?? LocalSearchApi.DefaultRadiusKm;
        LocalSearchApi.ValidateRadius(validation, "radius_km", radius);
        var given = body.Constraints ?? new OpenSessionConstraints();
        var traits = TraitSlugs.ParseTraits(validation, "constraints.", Values(given.ExcludeAllergens), Values(given.RequireCertifications),
            Values(given.AvoidSubstances));
        if (body.Certification is not null)
            traits = traits.Merge(new SearchConstraints
            {
                RequireCertifications = SearchConstraints.Slugs(TraitSlugs.ParseCertifications(validation, "certification", body.Certification)),
            });
        var parsed = validation.IsValid ? QueryParser.Parse(query, validation, "query") : null;
        if (!validation.IsValid || parsed is null) return validation.ToProblem();
        parsed = parsed with { Constraints = parsed.Constraints.Merge(traits) };

        if (body.InStock == true) parsed = parsed with { Constraints = parsed.Constraints with { Availability = SearchConstraints.InStock } };
        // At timestamptz precision, so the 201 echoes exactly what a later GET reads.
        var now = DatabaseTime.Now(clock);
        var session = new SessionRow
        {
            Id = NewSessionId(),
            BaseQuery = query,
            SearchText = parsed.Text,
            Gtin = parsed.Gtin,
            ActiveConstraints = parsed.Constraints.ToJson(),
            SearchHistory = [query],
            Latitude = body.Latitude!.Value,
            Longitude = body.Longitude!.Value,
            RadiusKm = radius,
            // A csu key (or a user session) attaches the session to its user; anonymous and organization keys leave it null.
            UserId = caller.UserId,
            ExpiresAt = now + Ttl,
        };

        await using var conn = await db.OpenConnectionAsync(ct);
        const string sql = """
            INSERT INTO search.sessions (id, base_query, search_text, gtin, active_constraints, search_history,
                                         latitude, longitude, radius_km, user_id, created_at, last_activity_at, expires_at)
            VALUES (@Id, @BaseQuery, @SearchText, @Gtin, @ActiveConstraints::jsonb, @SearchHistory,
                    @Latitude, @Longitude, @RadiusKm, @UserId, @Now, @Now, @ExpiresAt)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, new
        {
            session.Id, session.BaseQuery, session.SearchText, session.Gtin, session.ActiveConstraints, session.SearchHistory,
            session.Latitude, session.Longitude, session.RadiusKm, session.UserId, Now = now, session.ExpiresAt,
        }, cancellationToken: ct));

        var results = await RunAsync(conn, session, now, ct);
        events.Record(SearchKinds.Session, query, LocalSearchApi.SearchTerms(parsed), results.Total, session.Latitude, session.Longitude);
        return TypedResults.Created($"/search/api/v1/search/session/{session.Id}", session.ToState(results));
    }

    /// <summary>Reads state without extending the TTL: a GET is safe; only queries and constraint changes count as activity.</summary>
    static Microsoft.Extensions.Primitives.StringValues Values(IReadOnlyList<string?>? list) =>
        list is null ? default : new Microsoft.Extensions.Primitives.StringValues(list.Select(s => s ?? "").ToArray());

    static async Task<Results<Ok<SessionState>, ProblemHttpResult>> GetSession(
        string sessionId, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        var session = await FindAsync(conn, sessionId, now, ct);
        if (session is null) return NotFound();
        var results = await RunAsync(conn, session, now, ct);
        return TypedResults.Ok(session.ToState(results));
    }

    /// <summary>The live (unexpired) session, or null; follow-up handlers share it.</summary>
    internal static async Task<SessionRow?> FindAsync(NpgsqlConnection conn, string sessionId, DateTimeOffset now, CancellationToken ct)
    {
        if (sessionId.Length is 0 or > 64) return null;
        const string sql = """
            SELECT id, base_query, search_text, gtin, active_constraints::text AS active_constraints, search_history,
                   latitude, longitude, radius_km, expires_at
            FROM search.sessions
            WHERE id = @sessionId AND expires_at > @now
            """;
        return await conn.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(sql, new { sessionId, now }, cancellationToken: ct));
    }

    internal static ProblemHttpResult NotFound() => Problems.NotFound("The search session does not exist or has expired.");

    internal static Task<LocalResults> RunAsync(NpgsqlConnection conn, SessionRow session, DateTimeOffset now, CancellationToken ct) =>
        LocalSearchQuery.RunAsync(conn, new LocalSearchCriteria(session.Query, session.Latitude, session.Longitude, session.RadiusKm), now, ResultLimit, ct);

    /// <summary>192 random bits as URL-safe base64: 32 characters, unguessable.</summary>
    static string NewSessionId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
}
