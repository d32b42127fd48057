using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Http;

namespace Closient.Locations.Locations;

/// <summary>Body of create (name, lat, lon required) and PATCH (every field optional; null = unchanged).</summary>
public sealed record LocationRequest(
    string? Name,
    string? Address,
    string? AddressLine1,
    string? AddressLine2,
    string? City,
    string? Region,
    string? PostalCode,
    string? Country,
    double? Lat,
    double? Lon,
    string? Currency,
    string? Phone,
    string? Website,
    string? Email,
    OpeningHours? Hours,
    string? Timezone,
    bool? IsPublished,
    Dictionary<string, string?>? Metadata);

public sealed record LocationResponse(
    string Id,
    string OrganizationId,
    string Name,
    string Address,
    string AddressLine1,
    string AddressLine2,
    string City,
    string Region,
    string PostalCode,
    string Country,
    double Lat,
    double Lon,
    string Currency,
    string Phone,
    string Website,
    string Email,
    OpeningHours Hours,
    string Timezone,
    bool IsPublished,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset Created,
    DateTimeOffset Updated);

/// <summary>A location row as stored (the point read back as lat/lon, hours and metadata as JSON text).</summary>
public sealed record LocationRow
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public string Name { get; init; } = "";
    public string Address { get; init; } = "";
    public string AddressLine1 { get; init; } = "";
    public string AddressLine2 { get; init; } = "";
    public string City { get; init; } = "";
    public string Region { get; init; } = "";
    public string PostalCode { get; init; } = "";
    public string Country { get; init; } = "";
    public double Lat { get; init; }
    public double Lon { get; init; }
    public string Currency { get; init; } = "USD";
    public string Phone { get; init; } = "";
    public string Website { get; init; } = "";
    public string Email { get; init; } = "";
    public string Hours { get; init; } = OpeningHoursRules.ClosedWeekJson;
    public string Timezone { get; init; } = "";
    public bool IsPublished { get; init; } = true;
    public string Metadata { get; init; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The columns a SELECT must return to fill this record.</summary>
    public const string Columns = """
        id, organization_id, name, address, address_line1, address_line2, city, region, postal_code, country,
        ST_Y(point::geometry) AS lat, ST_X(point::geometry) AS lon, currency, phone, website, email,
        hours::text AS hours, timezone, is_published, metadata::text AS metadata, created_at, updated_at
        """;

    public LocationResponse ToResponse() => new(ShortId.Encode(Id), ShortId.Encode(OrganizationId), Name, Address,
        AddressLine1, AddressLine2, City, Region, PostalCode, Country, Lat, Lon, Currency, Phone, Website, Email,
        OpeningHoursRules.FromJson(Hours), Timezone, IsPublished, ServiceDefaults.Http.Metadata.FromJson(Metadata), CreatedAt, UpdatedAt);

    public LocationPublished ToPublished() =>
        new(Id, OrganizationId, Name, Address, Lat, Lon, Currency, Phone, Website, UpdatedAt);

    public LocationUpserted ToUpserted() =>
        new(Id, OrganizationId, Name, Address, Lat, Lon, Currency, IsPublished, UpdatedAt);
}
