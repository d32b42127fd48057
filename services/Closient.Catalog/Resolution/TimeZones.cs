using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Closient.Catalog.Resolution;

/// <summary>
/// IANA time zones (<c>Europe/Berlin</c>, <c>America/New_York</c>, <c>UTC</c>), as the host's tz database
/// (/usr/share/zoneinfo) knows them. Invariant globalization does not matter here: on Linux
/// <see cref="TimeZoneInfo.FindSystemTimeZoneById"/> reads IANA ids from the tz database without ICU; only
/// Windows ids (which would need ICU to convert) are refused, as they should be. Ids are case-sensitive and
/// must be spelled exactly as in the tz database.
/// </summary>
public static partial class TimeZones
{
    static readonly ConcurrentDictionary<string, TimeZoneInfo?> Cache = new(StringComparer.Ordinal);

    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        // The shape check keeps paths ("../", "posix/…") and odd files of the tz directory out before any lookup.
        if (id is null || !IanaId().IsMatch(id) || id.StartsWith("posix/", StringComparison.Ordinal) || id.StartsWith("right/", StringComparison.Ordinal))
            return false;
        // .NET caches zones by id case-insensitively, so "europe/berlin" may or may not be found depending on what was
        // loaded before; requiring the exact id makes the answer deterministic.
        var found = Cache.GetOrAdd(id, static key => TimeZoneInfo.TryFindSystemTimeZoneById(key, out var z) && z.Id == key ? z : null);
        if (found is null) { Cache.TryRemove(id, out _); return false; }
        zone = found;
        return true;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+){0,2}$")]
    private static partial Regex IanaId();
}
