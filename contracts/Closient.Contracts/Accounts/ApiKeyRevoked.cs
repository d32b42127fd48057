namespace Closient.Contracts.Accounts;

/// <summary>An API key was deleted, deactivated or expired early; the gateway must stop accepting it at once.</summary>
/// <param name="ApiKeyId">The revoked key's id.</param>
/// <param name="OrganizationId">The organization the key belonged to, or null for a user key.</param>
/// <param name="KeyHash">SHA-256 of the raw key (lowercase hex), the gateway's cache key.</param>
/// <param name="RevokedAt">When it was revoked (UTC).</param>
public sealed record ApiKeyRevoked(Guid ApiKeyId, Guid? OrganizationId, string KeyHash, DateTimeOffset RevokedAt);
