using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Accounts.Identity;

public sealed record WhoAmIOrganization(string Id, string Name, string Role);

public sealed record WhoAmIApiKey(string Id, DateTimeOffset Created, string Description, IReadOnlyDictionary<string, string> Metadata, string? Role, string KeyType);

public sealed record WhoAmI(
    string? UserId, string? Email, IReadOnlyList<WhoAmIOrganization> Organizations, IReadOnlyDictionary<string, string> Metadata, WhoAmIApiKey? ApiKey);

/// <summary>
/// <c>GET /account/api/v1/whoami</c>: the caller as this request sees it. The organizations and roles
/// are the token's (what every service authorizes with); names, email, metadata and the key come from
/// the database. <c>user_id</c>/<c>email</c> are null for organization keys, <c>api_key</c> for sessions.
/// </summary>
public static class WhoAmIApi
{
    public static IEndpointRouteBuilder MapWhoAmIApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/api/v1/whoami", GetWhoAmI).WithName("WhoAmI").WithAccess(AccessRule.AnyKey).WithTags("Identity").RequireAuthorization()
            .WithSummary("The calling user, its organizations and roles, and the API key in use.");
        return app;
    }

    static async Task<Results<Ok<WhoAmI>, ProblemHttpResult>> GetWhoAmI(Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.IsPublishable) return Problems.NotFound("The requested resource was not found.");

        const string sql = """
            SELECT email, metadata::text AS metadata FROM accounts.users WHERE id = @userId;
            SELECT id, name FROM accounts.organizations WHERE id = ANY(@orgs) ORDER BY id;
            SELECT id, created, description, metadata::text AS metadata, role, key_type FROM accounts.api_keys WHERE id = @keyId;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { userId = caller.UserId ?? Guid.Empty, orgs = caller.Organizations.Keys.ToArray(), keyId = caller.ApiKeyId ?? Guid.Empty },
            cancellationToken: ct));
        var user = await results.ReadSingleOrDefaultAsync<UserRow>();
        var organizations = (await results.ReadAsync<(Guid Id, string Name)>())
            .Select(o => new WhoAmIOrganization(ShortId.Encode(o.Id), o.Name, caller.Organizations[o.Id])).ToList();
        var key = await results.ReadSingleOrDefaultAsync<KeyRow>();

        return TypedResults.Ok(new WhoAmI(
            caller.UserId is { } u ? ShortId.Encode(u) : null,
            user?.Email,
            organizations,
            Metadata.FromJson(user?.Metadata),
            key is { } k ? new WhoAmIApiKey(ShortId.Encode(k.Id), k.Created, k.Description, Metadata.FromJson(k.Metadata), k.Role, k.KeyType) : null));
    }

    sealed class UserRow
    {
        public string Email { get; init; } = "";
        public string Metadata { get; init; } = "{}";
    }

    sealed class KeyRow
    {
        public Guid Id { get; init; }
        public DateTimeOffset Created { get; init; }
        public string Description { get; init; } = "";
        public string Metadata { get; init; } = "{}";
        public string? Role { get; init; }
        public string KeyType { get; init; } = "";
    }
}
