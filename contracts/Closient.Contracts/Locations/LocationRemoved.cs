namespace Closient.Contracts.Locations;

/// <summary>A store location was deleted or unpublished; it must no longer appear in search.</summary>
/// <param name="LocationId">The removed location's id.</param>
/// <param name="OrganizationId">The organization that owned it.</param>
/// <param name="RemovedAt">When it was removed (UTC); an upsert older than this must not resurrect it.</param>
public sealed record LocationRemoved(Guid LocationId, Guid OrganizationId, DateTimeOffset RemovedAt);
