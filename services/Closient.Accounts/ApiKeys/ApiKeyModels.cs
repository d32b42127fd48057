using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Accounts.ApiKeys;

/// <summary>Body of create. <c>key_type</c> is csb (server-side, default) or cpk (publishable); user keys (csu) are not created here.</summary>
public sealed record ApiKeyRequest(
    string? Name, string? Description, string? Role, string? KeyType, Dictionary<string, string?>? Metadata,
    DateTimeOffset? ExpiresAt, int? RateLimitPerMinute, int? RateLimitPerDay);

/// <summary>Body of PATCH: only name, description and metadata are editable.</summary>
public sealed record ApiKeyPatch(string? Name, string? Description, Dictionary<string, string?>? Metadata);

/// <summary>APIKeyOut of spec/accounts.md plus the stored settings; never the raw key, only <c>masked</c>.</summary>
public record ApiKeyOut(
    string Id, string Name, string Description, string? Role, string KeyType, IReadOnlyDictionary<string, string> Metadata,
    string Masked, bool IsActive, DateTimeOffset? ExpiresAt, int RateLimitPerMinute, int RateLimitPerDay,
    DateTimeOffset? LastUsedAt, DateTimeOffset Created);

/// <summary>The creation response: <see cref="ApiKeyOut"/> plus the raw <c>key</c>, shown this once.</summary>
public sealed record ApiKeyCreatedOut(
    string Id, string Name, string Description, string? Role, string KeyType, IReadOnlyDictionary<string, string> Metadata,
    string Masked, bool IsActive, DateTimeOffset? ExpiresAt, int RateLimitPerMinute, int RateLimitPerDay,
    DateTimeOffset? LastUsedAt, DateTimeOffset Created, string Key)
    : ApiKeyOut(Id, Name, Description, Role, KeyType, Metadata, Masked, IsActive, ExpiresAt, RateLimitPerMinute, RateLimitPerDay, LastUsedAt, Created);

public sealed class ApiKeyRow
{
    public const string Columns = """
        id, organization_id, user_id, key_type, name, description, role, metadata::text AS metadata, key_hash, last_four,
        is_active, expires_at, rate_limit_per_minute, rate_limit_per_day, last_used_at, created
        """;

    public Guid Id { get; init; }
    public Guid? OrganizationId { get; init; }
    public Guid? UserId { get; set; }
    public string KeyType { get; init; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string? Role { get; init; }
    public string Metadata { get; set; } = "{}";
    public string KeyHash { get; set; } = "";
    public string LastFour { get; set; } = "";
    public bool IsActive { get; init; } = true;
    public DateTimeOffset? ExpiresAt { get; init; }
    public int RateLimitPerMinute { get; init; }
    public int RateLimitPerDay { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset Created { get; init; }

    public ApiKeyOut ToOut() => new(ShortId.Encode(Id), Name, Description, Role, KeyType, ServiceDefaults.Http.Metadata.FromJson(Metadata),
        ApiKeyFormat.Mask(KeyType, LastFour), IsActive, ExpiresAt, RateLimitPerMinute, RateLimitPerDay, LastUsedAt, Created);

    public ApiKeyCreatedOut ToCreatedOut(string key)
    {
        var o = ToOut();
        return new(o.Id, o.Name, o.Description, o.Role, o.KeyType, o.Metadata, o.Masked, o.IsActive, o.ExpiresAt,
            o.RateLimitPerMinute, o.RateLimitPerDay, o.LastUsedAt, o.Created, key);
    }
}

static class ApiKeyRules
{
    public const int MaxName = 255, MaxDescription = 255;
    public const int MaxPerMinute = 1_000_000, MaxPerDay = 1_000_000_000;

    public static string KeyType(string? value, Validation v)
    {
        if (value is null) return ApiKeyFormat.Business;
        if (value is ApiKeyFormat.Business or ApiKeyFormat.Publishable) return value;
        v.Add("key_type", "Must be csb or cpk.");
        return ApiKeyFormat.Business;
    }

    /// <summary>The key's role (default readonly). Publishable keys are browser-visible, so they stay readonly.</summary>
    public static string Role(string? value, string keyType, Validation v)
    {
        var role = value ?? Roles.ReadOnly;
        if (!Roles.ApiKeyRoles.Contains(role)) v.Add("role", "Must be one of " + string.Join(", ", Roles.ApiKeyRoles) + ".");
        else if (keyType == ApiKeyFormat.Publishable && role != Roles.ReadOnly) v.Add("role", "Publishable (cpk) keys are readonly.");
        return role;
    }

    public static int RateLimit(string field, int? value, int max, Validation v)
    {
        if (value is null) return 0;
        if (value < 0 || value > max) v.Add(field, $"Must be from 0 (the default limit) to {max}.");
        return value.Value;
    }
}
