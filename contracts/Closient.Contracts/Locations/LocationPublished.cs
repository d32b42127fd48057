namespace Closient.Contracts.Locations;

/// <summary>A store location was published or changed; it now takes part in distance-ranked search.</summary>
/// <param name="LocationId">The location's id; offers use it as <c>physical_store_id</c>.</param>
/// <param name="OrganizationId">The retailer organization that owns the location.</param>
/// <param name="Name">Display name of the store.</param>
/// <param name="Address">Single formatted address line.</param>
/// <param name="Latitude">WGS 84 latitude, -90..90.</param>
/// <param name="Longitude">WGS 84 longitude, -180..180.</param>
/// <param name="Currency">ISO 4217 currency that denominates the prices of the store's offers.</param>
/// <param name="Phone">Phone number; empty when unknown.</param>
/// <param name="Website">Website; empty when unknown.</param>
/// <param name="UpdatedAt">When this version was written (UTC); consumers ignore older versions.</param>
public sealed record LocationPublished(
    Guid LocationId,
    Guid OrganizationId,
    string Name,
    string Address,
    double Latitude,
    double Longitude,
    string Currency,
    string Phone,
    string Website,
    DateTimeOffset UpdatedAt);
