namespace Closient.Contracts.Locations;

/// <summary>
/// A location was created or changed, published or not: what services that attach things to
/// locations need (offers links a physical store to one before it is published, as a POS sync does).
/// Discovery (search) follows <see cref="LocationPublished"/> / <see cref="LocationRemoved"/> instead,
/// which only concern published locations.
/// </summary>
/// <param name="LocationId">The location's id.</param>
/// <param name="OrganizationId">The organization that owns the location.</param>
/// <param name="Name">Display name.</param>
/// <param name="Address">Single formatted address line.</param>
/// <param name="Latitude">WGS 84 latitude, -90..90.</param>
/// <param name="Longitude">WGS 84 longitude, -180..180.</param>
/// <param name="Currency">ISO 4217 currency of the store's prices.</param>
/// <param name="IsPublished">Whether the location is visible to discovery right now.</param>
/// <param name="UpdatedAt">When this version was written (UTC); consumers ignore older versions.</param>
public sealed record LocationUpserted(
    Guid LocationId,
    Guid OrganizationId,
    string Name,
    string Address,
    double Latitude,
    double Longitude,
    string Currency,
    bool IsPublished,
    DateTimeOffset UpdatedAt);
