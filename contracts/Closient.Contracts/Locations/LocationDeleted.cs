namespace Closient.Contracts.Locations;

/// <summary>A location was deleted (not merely unpublished): nothing may be attached to it any more.</summary>
public sealed record LocationDeleted(Guid LocationId, Guid OrganizationId, DateTimeOffset DeletedAt);
