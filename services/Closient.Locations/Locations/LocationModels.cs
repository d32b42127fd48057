using System.Text.RegularExpressions;
using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Http;

namespace Closient.Locations.Locations;

/// <summary>Body of create (all required fields) and PATCH (every field optional; null = unchanged).</summary>
public sealed record LocationRequest(
    string? Name,
    string? Address,
    double? Lat,
    double? Lon,
    string? Currency,
    string? Phone,
    string? Website,
    Dictionary<string, string?>? Metadata);

public sealed record LocationResponse(
    string Id,
    string OrganizationId,
    string Name,
    string Address,
    double Lat,
    double Lon,
    string Currency,
    string Phone,
    string Website,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset Created,
    DateTimeOffset Updated);

public sealed record NearbyLocation(string Id, string OrganizationId, string Name, string Address, double Lat, double Lon, double DistanceKm, string Phone, string Website);

public sealed record NearbyResponse(IReadOnlyList<NearbyLocation> Locations);

/// <summary>A location row as stored (the point read back as lat/lon).</summary>
public sealed record LocationRow(
    Guid Id, Guid OrganizationId, string Name, string Address, double Lat, double Lon, string Currency,
    string Phone, string Website, string Metadata, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public LocationResponse ToResponse() => new(ShortId.Encode(Id), ShortId.Encode(OrganizationId), Name, Address, Lat, Lon,
        Currency, Phone, Website, ServiceDefaults.Http.Metadata.FromJson(Metadata), CreatedAt, UpdatedAt);

    public LocationPublished ToPublished() =>
        new(Id, OrganizationId, Name, Address, Lat, Lon, Currency, Phone, Website, UpdatedAt);
}

static partial class LocationRules
{
    public const int MaxName = 255, MaxAddress = 500, MaxPhone = 32, MaxWebsite = 2048;

    /// <summary>Validates the fields present in <paramref name="body"/> and applies them over <paramref name="current"/>.</summary>
    public static LocationRow Apply(LocationRow current, LocationRequest body, bool creating, Validation v)
    {
        var name = creating || body.Name is not null ? v.Required("name", body.Name, MaxName) : current.Name;
        var address = body.Address is not null ? v.Optional("address", body.Address, MaxAddress) : current.Address;
        if (creating || body.Lat is not null) v.Range("lat", body.Lat, -90, 90);
        if (creating || body.Lon is not null) v.Range("lon", body.Lon, -180, 180);
        var currency = current.Currency;
        if (body.Currency is not null)
        {
            currency = body.Currency.Trim().ToUpperInvariant();
            if (!CurrencyCode().IsMatch(currency)) v.Add("currency", "Must be an ISO 4217 code such as USD.");
        }
        var phone = body.Phone is not null ? v.Optional("phone", body.Phone, MaxPhone) : current.Phone;
        var website = body.Website is not null ? v.Optional("website", body.Website, MaxWebsite) : current.Website;
        if (website.Length > 0 && !(Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            v.Add("website", "Must be an absolute http(s) URL.");
        var metadata = Metadata.Merge(Metadata.FromJson(current.Metadata), body.Metadata, v);

        return current with
        {
            Name = name, Address = address, Lat = body.Lat ?? current.Lat, Lon = body.Lon ?? current.Lon,
            Currency = currency, Phone = phone, Website = website, Metadata = Metadata.ToJson(metadata),
        };
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
