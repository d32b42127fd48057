using Closient.ServiceDefaults.Http;

namespace Closient.Offers.Common;

/// <summary>List query filters: parsed here so a bad value is a 422 naming its parameter.</summary>
public static class Filters
{
    /// <summary>An id filter (shortuuid or UUID); null when not sent.</summary>
    public static Guid? Id(string field, string? value, Validation v)
    {
        if (value is null) return null;
        if (ShortId.TryParse(value.Trim(), out var id)) return id;
        v.Add(field, "Must be a 22-character id or a UUID.");
        return null;
    }

    /// <summary>A status filter; null when not sent.</summary>
    public static string? Status(string? value, Validation v)
    {
        if (value is null) return null;
        if (OfferStatus.Normalize(value) is { } status) return status;
        v.Add("status", "Must be one of " + string.Join(", ", OfferStatus.All) + ".");
        return null;
    }
}
