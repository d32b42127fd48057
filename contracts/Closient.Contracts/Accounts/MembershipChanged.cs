namespace Closient.Contracts.Accounts;

/// <summary>A user's role in an organization was granted, changed or removed; cached identities must be refreshed.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="UserId">The member's user id.</param>
/// <param name="Role">The new role, or null when the membership was removed.</param>
/// <param name="ChangedAt">When it changed (UTC).</param>
public sealed record MembershipChanged(Guid OrganizationId, Guid UserId, string? Role, DateTimeOffset ChangedAt);
