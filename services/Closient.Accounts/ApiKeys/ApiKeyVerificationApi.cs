using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Accounts.ApiKeys;

/// <summary>The gateway's verify request: the SHA-256 of a key it has already format-checked (CRC-32).</summary>
public sealed record VerifyRequest(string? KeyHash);

/// <summary>
/// Who a key speaks for, in the shape the gateway puts into the internal token (<see cref="Caller"/>):
/// UUIDs, not shortuuids, since this never leaves the system.
/// </summary>
public sealed record VerifiedKey(
    Guid KeyId, string KeyType, Guid? UserId, IReadOnlyDictionary<Guid, string> Organizations, IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt, int RateLimitPerMinute, int RateLimitPerDay);

/// <summary>
/// <c>POST /internal/api/v1/api-keys/verify</c>, for the gateway only: the caller's token must have
/// key type <c>service</c> (one the gateway mints for itself); anyone else gets 404. The gateway never
/// routes <c>/internal/**</c> from outside.
/// </summary>
public static partial class ApiKeyVerificationApi
{
    public const string ServiceKeyType = Caller.ServiceKeyType;

    /// <summary><c>last_used_at</c> is written at most once per this interval per key, so a busy key costs no write per request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromSeconds(60);

    public static IEndpointRouteBuilder MapApiKeyVerificationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/api/v1/api-keys/verify", VerifyApiKey).WithName("VerifyApiKey").WithTags("Internal")
            .RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    static async Task<Results<Ok<VerifiedKey>, ProblemHttpResult>> VerifyApiKey(
        VerifyRequest body, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.KeyType != ServiceKeyType) return Problems.NotFound("The requested resource was not found.");
        if (body.KeyHash is null || !Sha256Hex().IsMatch(body.KeyHash))
            return Problems.Validation("key_hash", "Must be the SHA-256 of the key as 64 lowercase hex digits.");

        // One round trip: find the usable key and, only when the stored time is stale, touch last_used_at.
        const string sql = """
            WITH found AS (
                SELECT id, organization_id, user_id, key_type, role, expires_at, rate_limit_per_minute, rate_limit_per_day
                FROM accounts.api_keys
                WHERE key_hash = @KeyHash AND is_active AND (expires_at IS NULL OR expires_at > @now)),
            touched AS (
                UPDATE accounts.api_keys k SET last_used_at = @now FROM found
                WHERE k.id = found.id AND (k.last_used_at IS NULL OR k.last_used_at < @stale))
            SELECT * FROM found
            """;
        var now = DatabaseTime.Now(clock);
        await using var conn = await db.OpenConnectionAsync(ct);
        var key = await conn.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(sql,
            new { body.KeyHash, now, stale = now - LastUsedResolution }, cancellationToken: ct));
        if (key is null) return Problems.NotFound("No active API key with this hash.");

        Dictionary<Guid, string> organizations;
        if (key.OrganizationId is { } org)
            organizations = new() { [org] = key.Role! };
        else
            organizations = (await conn.QueryAsync<(Guid OrganizationId, string Role)>(new CommandDefinition(
                    "SELECT organization_id, role FROM accounts.memberships WHERE user_id = @UserId", new { key.UserId }, cancellationToken: ct)))
                .ToDictionary(m => m.OrganizationId, m => m.Role);

        // Org keys speak for their organization, not for the user who created them.
        var userId = key.KeyType == ApiKeyFormat.User ? key.UserId : null;
        return TypedResults.Ok(new VerifiedKey(key.Id, key.KeyType, userId, organizations, Scopes.For(key.KeyType, organizations.Values), key.ExpiresAt, key.RateLimitPerMinute, key.RateLimitPerDay));
    }

    sealed class KeyRow
    {
        public Guid Id { get; init; }
        public Guid? OrganizationId { get; init; }
        public Guid? UserId { get; init; }
        public string KeyType { get; init; } = "";
        public string? Role { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }
        public int RateLimitPerMinute { get; init; }
        public int RateLimitPerDay { get; init; }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
