using Closient.ServiceDefaults.Auth;
using Dapper;
using Npgsql;

namespace Closient.Accounts.ApiKeys;

/// <summary>Key creation, shared by the API and the bootstrap command. Only the SHA-256 of the raw key is stored.</summary>
static class ApiKeyStore
{
    /// <summary>Generates a key of <paramref name="row"/>'s type, stores the row with the key's hash and last four; returns the raw key.</summary>
    public static async Task<string> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ApiKeyRow row, CancellationToken ct)
    {
        var key = ApiKeyFormat.Generate(row.KeyType);
        row.KeyHash = ApiKeyFormat.Hash(key);
        row.LastFour = key[^4..];
        const string sql = """
            INSERT INTO accounts.api_keys (id, organization_id, user_id, key_type, name, description, role, metadata, key_hash, last_four,
                is_active, expires_at, rate_limit_per_minute, rate_limit_per_day, created)
            VALUES (@Id, @OrganizationId, @UserId, @KeyType, @Name, @Description, @Role, @Metadata::jsonb, @KeyHash, @LastFour,
                @IsActive, @ExpiresAt, @RateLimitPerMinute, @RateLimitPerDay, @Created)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, row, tx, cancellationToken: ct));
        return key;
    }
}
