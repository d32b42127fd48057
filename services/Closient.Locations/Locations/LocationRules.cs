using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Http;

namespace Closient.Locations.Locations;

/// <summary>Validates a create or PATCH body and applies it over the current row.</summary>
static partial class LocationRules
{
    public const int MaxName = 255, MaxAddress = 500, MaxLine1 = 200, MaxLine2 = 100, MaxCity = 100, MaxRegion = 50,
        MaxPostalCode = 20, MaxPhone = 32, MaxWebsite = 2048, MaxEmail = 254, MaxTimezone = 64;

    /// <summary>Validates the fields present in <paramref name="body"/> and applies them over <paramref name="current"/>.</summary>
    public static LocationRow Apply(LocationRow current, LocationRequest body, bool creating, Validation v)
    {
        var name = creating || body.Name is not null ? v.Required("name", body.Name, MaxName) : current.Name;
        if (creating || body.Lat is not null) v.Range("lat", body.Lat, -90, 90);
        if (creating || body.Lon is not null) v.Range("lon", body.Lon, -180, 180);
        var currency = current.Currency;
        if (body.Currency is not null)
        {
            currency = body.Currency.Trim().ToUpperInvariant();
            if (!CurrencyCode().IsMatch(currency)) v.Add("currency", "Must be an ISO 4217 code such as USD.");
        }
        var metadata = Metadata.Merge(Metadata.FromJson(current.Metadata), body.Metadata, v);

        var located = ApplyAddress(current, body, v) with
        {
            Name = name, Lat = body.Lat ?? current.Lat, Lon = body.Lon ?? current.Lon, Currency = currency,
            Metadata = Metadata.ToJson(metadata), IsPublished = body.IsPublished ?? current.IsPublished,
        };
        return ApplyContactAndHours(located, body, v);
    }

    /// <summary>
    /// The structured parts, and the single formatted <c>address</c>: taken verbatim when the body sends
    /// a non-empty one; composed from the parts when it sends "" or changes a part without sending it.
    /// </summary>
    static LocationRow ApplyAddress(LocationRow current, LocationRequest body, Validation v)
    {
        string Part(string field, string? value, string currentValue, int max) => value is null ? currentValue : v.Optional(field, value, max);
        var country = current.Country;
        if (body.Country is not null)
        {
            country = v.Optional("country", body.Country, 2).ToUpperInvariant();
            if (country.Length > 0 && !Countries.IsKnown(country)) v.Add("country", "Must be an ISO 3166-1 alpha-2 country code such as US.");
        }
        var parts = current with
        {
            AddressLine1 = Part("address_line1", body.AddressLine1, current.AddressLine1, MaxLine1),
            AddressLine2 = Part("address_line2", body.AddressLine2, current.AddressLine2, MaxLine2),
            City = Part("city", body.City, current.City, MaxCity),
            Region = Part("region", body.Region, current.Region, MaxRegion),
            PostalCode = Part("postal_code", body.PostalCode, current.PostalCode, MaxPostalCode),
            Country = country,
        };
        var partsSent = body.AddressLine1 is not null || body.AddressLine2 is not null || body.City is not null
            || body.Region is not null || body.PostalCode is not null || body.Country is not null;
        var address = body.Address is not null ? v.Optional("address", body.Address, MaxAddress) : current.Address;
        if ((body.Address is not null && address.Length == 0) || (body.Address is null && partsSent))
            address = Compose(parts);
        return parts with { Address = address };
    }

    /// <summary>"line1, line2, city, region postal_code, country", skipping empty parts.</summary>
    public static string Compose(LocationRow p)
    {
        var regionAndCode = string.Join(' ', new[] { p.Region, p.PostalCode }.Where(s => s.Length > 0));
        return string.Join(", ", new[] { p.AddressLine1, p.AddressLine2, p.City, regionAndCode, p.Country }.Where(s => s.Length > 0));
    }

    static LocationRow ApplyContactAndHours(LocationRow current, LocationRequest body, Validation v)
    {
        var phone = body.Phone is not null ? v.Optional("phone", body.Phone, MaxPhone) : current.Phone;
        if (body.Phone is not null && phone.Length > 0 && !(PhoneNumber().IsMatch(phone) && phone.Count(char.IsAsciiDigit) >= 3))
            v.Add("phone", "Must be a phone number: digits, spaces and + ( ) - . / only, with at least 3 digits.");
        var website = body.Website is not null ? v.Optional("website", body.Website, MaxWebsite) : current.Website;
        if (website.Length > 0 && !(Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            v.Add("website", "Must be an absolute http(s) URL.");
        var email = body.Email is not null ? v.Optional("email", body.Email, MaxEmail) : current.Email;
        if (body.Email is not null && email.Length > 0 && !EmailAddress().IsMatch(email))
            v.Add("email", "Must be an e-mail address such as store@example.com.");
        var timezone = body.Timezone is not null ? Timezone(v, body.Timezone) : current.Timezone;
        var hours = body.Hours is not null ? OpeningHoursRules.ToJson(OpeningHoursRules.Validate(body.Hours, v)) : current.Hours;
        return current with { Phone = phone, Website = website, Email = email, Timezone = timezone, Hours = hours };
    }

    /// <summary>An IANA time-zone id this system knows ("" clears it); Windows ids and abbreviations are refused.</summary>
    static string Timezone(Validation v, string value)
    {
        var id = v.Optional("timezone", value, MaxTimezone);
        if (id.Length == 0) return "";
        // The id names a file under the zoneinfo directory: only well-formed names are looked up.
        if (TimezoneId().IsMatch(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId)
            return zone.Id;
        v.Add("timezone", "Must be an IANA time zone such as America/New_York.");
        return id;
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();

    [GeneratedRegex(@"^\+?[0-9 ()./-]+$")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$")]
    private static partial Regex TimezoneId();
}
