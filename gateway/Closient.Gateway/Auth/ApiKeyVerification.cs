using Closient.Gateway.RateLimiting;
using Closient.ServiceDefaults.Auth;

namespace Closient.Gateway.Auth;

public enum ApiKeyStatus
{
    /// <summary>Accounts vouches for the key: <see cref="ApiKeyVerification.Key"/> is set.</summary>
    Verified,
    /// <summary>No <c>X-API-Key</c> header (or an empty one).</summary>
    Missing,
    /// <summary>Not a well-formed key or a wrong CRC-32: rejected without any lookup.</summary>
    Malformed,
    /// <summary>Well formed, but unknown, revoked or expired.</summary>
    Unknown,
    /// <summary>Accounts could not answer (down, timed out, or an unexpected reply); not cached.</summary>
    Unavailable,
}

/// <summary>What the gateway knows about a verified key: who it speaks for, its limits, when it expires.</summary>
/// <param name="KeyHash">SHA-256 of the raw key (lowercase hex): the cache key and what <c>ApiKeyRevoked</c> names.</param>
/// <param name="Caller">The identity to put into the internal token.</param>
/// <param name="RateLimits">The key's quotas, per-key overrides applied.</param>
/// <param name="ExpiresAt">After this the key is refused, even from the cache.</param>
public sealed record VerifiedApiKey(string KeyHash, Caller Caller, RateLimitPolicy RateLimits, DateTimeOffset? ExpiresAt);

/// <summary>The result of <see cref="ApiKeyVerifier.VerifyAsync"/>.</summary>
public readonly record struct ApiKeyVerification(ApiKeyStatus Status, VerifiedApiKey? Key)
{
    public static readonly ApiKeyVerification Missing = new(ApiKeyStatus.Missing, null);
    public static readonly ApiKeyVerification Malformed = new(ApiKeyStatus.Malformed, null);
    public static readonly ApiKeyVerification Unknown = new(ApiKeyStatus.Unknown, null);
    public static readonly ApiKeyVerification Unavailable = new(ApiKeyStatus.Unavailable, null);

    public bool IsVerified => Status == ApiKeyStatus.Verified;
}
