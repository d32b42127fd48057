namespace Closient.Contracts.Accounts;

/// <summary>An organization was created.</summary>
/// <param name="OrganizationId">The new organization's id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country.</param>
/// <param name="IsBrand">Whether it owns brands (authority over product content).</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
public sealed record OrganizationCreated(Guid OrganizationId, string Name, string Country, bool IsBrand, DateTimeOffset CreatedAt);
