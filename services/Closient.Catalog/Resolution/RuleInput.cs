using System.Globalization;
using System.Text.RegularExpressions;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Resolution;

/// <summary>
/// Turns a create or PATCH body into the complete rule it describes, collecting every field error
/// (README "Resolution rules" lists the rules). Creates start from <see cref="NewDraft"/>; a PATCH starts
/// from the stored row, where an omitted or null field keeps its value, "" clears an optional text
/// criterion and [] clears a list. The cross-field rules (scope_id iff not ORGANIZATION, custom_url iff
/// CUSTOM_URL, windows complete and ordered) run on the result, so both paths obey the same rules.
/// </summary>
public static partial class RuleInput
{
    public const int MaxOrderIndex = 1_000_000, MaxUrlLength = 2048, MaxListItems = 100, MaxCityLength = 100;

    public static RuleRow NewDraft(Guid organizationId) => new() { OrganizationId = organizationId };

    /// <summary>The rule <paramref name="body"/> makes of <paramref name="current"/>; <paramref name="gtin14"/> is the scope's GTIN, if any.</summary>
    public static RuleRow Apply(RuleRow current, ResolutionRuleRequest body, bool create, Validation v, out string? gtin14)
    {
        gtin14 = null;
        var scopeType = body.ScopeType is null ? current.ScopeType : OneOf(v, "scope_type", body.ScopeType, RuleValues.ScopeTypes);
        if (create && body.ScopeType is null) v.Add("scope_type", "Required: " + string.Join(", ", RuleValues.ScopeTypes) + ".");
        var scopeId = current.ScopeId;
        if (scopeType == RuleValues.Organization)
        {
            if (!string.IsNullOrWhiteSpace(body.ScopeId)) v.Add("scope_id", "Must be omitted when scope_type is ORGANIZATION.");
            scopeId = null;
        }
        else if (scopeType.Length > 0)
        {
            var scopeChanged = create || scopeType != current.ScopeType;
            if (body.ScopeId is null && scopeChanged) v.Add("scope_id", $"Required when scope_type is {scopeType}.");
            else if (body.ScopeId is not null && body.ScopeId.Trim().Length == 0) v.Add("scope_id", $"Required when scope_type is {scopeType}.");
            else if (body.ScopeId is not null || scopeChanged)
            {
                if (ScopeIds.TryParse(RuleValues.Scope(scopeType), body.ScopeId!.Trim(), out var canonical, out var gtin, out var error)) scopeId = canonical;
                else v.Add("scope_id", error);
                gtin14 = gtin;
            }
        }

        if (create && body.OrderIndex is null) v.Add("order_index", $"Required: an integer from 0 to {MaxOrderIndex}.");
        var orderIndex = body.OrderIndex ?? current.OrderIndex;
        if (orderIndex is < 0 or > MaxOrderIndex) v.Add("order_index", $"Must be an integer from 0 to {MaxOrderIndex}.");

        if (create && body.DestinationType is null) v.Add("destination_type", "Required: HOSTED_PAGE or CUSTOM_URL.");
        var destination = body.DestinationType is null ? current.DestinationType : OneOf(v, "destination_type", body.DestinationType, RuleValues.DestinationTypes);
        var customUrl = current.CustomUrl;
        if (destination == RuleValues.CustomUrl)
        {
            if (body.CustomUrl is not null) customUrl = Url(v, body.CustomUrl);
            else if (customUrl is null) v.Add("custom_url", "Required when destination_type is CUSTOM_URL.");
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(body.CustomUrl)) v.Add("custom_url", "Must be omitted unless destination_type is CUSTOM_URL.");
            customUrl = null;
        }

        var row = current with
        {
            ScopeType = scopeType,
            ScopeId = scopeId,
            OrderIndex = orderIndex,
            Enabled = body.Enabled ?? current.Enabled,
            DestinationType = destination,
            CustomUrl = customUrl,
            OnCustomUrlDead = body.OnCustomUrlDead is null ? current.OnCustomUrlDead : OneOf(v, "on_custom_url_dead", body.OnCustomUrlDead, RuleValues.DeadUrlPolicies),
            AbsoluteStartAt = body.AbsoluteStartAt is null ? current.AbsoluteStartAt : Instant(v, "absolute_start_at", body.AbsoluteStartAt),
            AbsoluteEndAt = body.AbsoluteEndAt is null ? current.AbsoluteEndAt : Instant(v, "absolute_end_at", body.AbsoluteEndAt),
            AnnualStartMmdd = body.AnnualStartMmdd is null ? current.AnnualStartMmdd : MonthDay(v, "annual_start_mmdd", body.AnnualStartMmdd),
            AnnualEndMmdd = body.AnnualEndMmdd is null ? current.AnnualEndMmdd : MonthDay(v, "annual_end_mmdd", body.AnnualEndMmdd),
            DaysOfWeek = body.DaysOfWeek is null ? current.DaysOfWeek : Days(v, body.DaysOfWeek),
            TimeOfDayStart = body.TimeOfDayStart is null ? current.TimeOfDayStart : TimeOfDay(v, "time_of_day_start", body.TimeOfDayStart),
            TimeOfDayEnd = body.TimeOfDayEnd is null ? current.TimeOfDayEnd : TimeOfDay(v, "time_of_day_end", body.TimeOfDayEnd),
            Timezone = body.Timezone is null ? current.Timezone : Zone(v, body.Timezone),
            LinkType = body.LinkType is null ? current.LinkType : LinkType(v, body.LinkType),
            LocationCountries = body.LocationCountries is null ? current.LocationCountries : Countries(v, body.LocationCountries),
            LocationRegions = body.LocationRegions is null ? current.LocationRegions : Regions(v, body.LocationRegions),
            LocationCities = body.LocationCities is null ? current.LocationCities : Cities(v, body.LocationCities),
            Metadata = Metadata.ToJson(Metadata.Merge(Metadata.FromJson(current.Metadata), body.Metadata, v)),
        };
        CrossFieldRules(row, v);
        return row;
    }

    static void CrossFieldRules(RuleRow row, Validation v)
    {
        if (row.AbsoluteStartAt is { } start && row.AbsoluteEndAt is { } end && start >= end)
            v.Add("absolute_end_at", "Must be after absolute_start_at.");
        Pair(v, row.AnnualStartMmdd, row.AnnualEndMmdd, "annual_start_mmdd", "annual_end_mmdd");
        Pair(v, row.TimeOfDayStart, row.TimeOfDayEnd, "time_of_day_start", "time_of_day_end");
        if (row.TimeOfDayStart is not null && row.TimeOfDayStart == row.TimeOfDayEnd)
            v.Add("time_of_day_end", "Must differ from time_of_day_start (omit both for the whole day).");
    }

    static void Pair(Validation v, string? first, string? second, string firstField, string secondField)
    {
        if (first is not null && second is null) v.Add(secondField, $"Required with {firstField}.");
        if (first is null && second is not null) v.Add(firstField, $"Required with {secondField}.");
    }

    static string OneOf(Validation v, string field, string value, IReadOnlyList<string> allowed)
    {
        var upper = value.Trim().ToUpperInvariant();
        if (allowed.Contains(upper)) return upper;
        v.Add(field, "Must be one of " + string.Join(", ", allowed) + ".");
        return "";
    }

    /// <summary>An absolute http(s) URL with a host, without credentials, at most 2048 characters.</summary>
    static string? Url(Validation v, string value)
    {
        var text = value.Trim();
        if (text.Length == 0) { v.Add("custom_url", "Required when destination_type is CUSTOM_URL."); return null; }
        if (text.Length > MaxUrlLength) { v.Add("custom_url", $"At most {MaxUrlLength} characters."); return null; }
        if (text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            v.Add("custom_url", "Must be an absolute http or https URL.");
            return null;
        }
        if (uri.UserInfo.Length > 0) { v.Add("custom_url", "Must not contain credentials."); return null; }
        return text;
    }

    /// <summary>ISO 8601 with an explicit offset or Z (a local time would be ambiguous); "" clears.</summary>
    static DateTimeOffset? Instant(Validation v, string field, string value)
    {
        var text = value.Trim();
        if (text.Length == 0) return null;
        if (!IsoInstant().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            v.Add(field, "Must be an ISO 8601 date-time with an offset, such as 2026-01-01T00:00:00Z.");
            return null;
        }
        // timestamptz keeps microseconds; truncating here makes the response equal a later read.
        instant = instant.ToUniversalTime();
        return instant.AddTicks(-(instant.Ticks % 10));
    }

    static string? MonthDay(Validation v, string field, string value)
    {
        var text = value.Trim();
        if (text.Length == 0) return null;
        if (RuleValues.ParseMonthDay(text) is { } day) return day.ToString();
        v.Add(field, "Must be a day of the year as MM-DD, such as 11-01 (02-29 is allowed).");
        return null;
    }

    static int[] Days(Validation v, int[] days)
    {
        if (days.Any(d => d is < 0 or > 6)) { v.Add("days_of_week", "Each day must be 0 (Monday) to 6 (Sunday)."); return []; }
        return days.Distinct().Order().ToArray();
    }

    /// <summary>"HH:MM" or "HH:MM:SS" (24-hour); stored and returned as "HH:MM:SS".</summary>
    static string? TimeOfDay(Validation v, string field, string value)
    {
        var text = value.Trim();
        if (text.Length == 0) return null;
        if (ClockTime().IsMatch(text) && TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        v.Add(field, "Must be a time of day as HH:MM or HH:MM:SS (24-hour).");
        return null;
    }

    static string? Zone(Validation v, string value)
    {
        var text = value.Trim();
        if (text.Length == 0) return null;
        if (TimeZones.TryFind(text, out _)) return text;
        v.Add("timezone", "Must be an IANA time zone, such as Europe/Berlin or UTC.");
        return null;
    }

    static string? LinkType(Validation v, string value)
    {
        if (value.Trim().Length == 0) return null;
        if (RuleLinkTypes.TryNormalize(value, out var linkType)) return linkType;
        v.Add("link_type", "Must be a GS1 link type such as gs1:pip, or a registered relation such as describedby (not linkset or all).");
        return null;
    }

    static string[] Countries(Validation v, string?[] values) => List(v, "location_countries", values, text =>
    {
        var code = text.ToUpperInvariant();
        return CountryCodes.IsAssigned(code) ? code : null;
    }, "Each entry must be an ISO 3166-1 alpha-2 country code, such as US.");

    static string[] Regions(Validation v, string?[] values) => List(v, "location_regions", values, text =>
    {
        var code = text.ToUpperInvariant();
        return RegionCode().IsMatch(code) && CountryCodes.IsAssigned(code[..2]) ? code : null;
    }, "Each entry must be an ISO 3166-2 subdivision code, such as US-TX.");

    static string[] Cities(Validation v, string?[] values) => List(v, "location_cities", values,
        text => text.Length <= MaxCityLength && !text.Any(char.IsControl) ? text : null,
        $"Each entry must be a city name of 1 to {MaxCityLength} characters.");

    /// <summary>A list criterion: at most 100 entries, each normalized by <paramref name="normalize"/> (null = invalid), duplicates dropped.</summary>
    static string[] List(Validation v, string field, string?[] values, Func<string, string?> normalize, string message)
    {
        if (values.Length > MaxListItems) { v.Add(field, $"At most {MaxListItems} entries."); return []; }
        var result = new List<string>();
        foreach (var value in values)
        {
            var text = value?.Trim() ?? "";
            if (text.Length == 0 || normalize(text) is not { } normalized) { v.Add(field, message); return []; }
            if (!result.Contains(normalized, StringComparer.OrdinalIgnoreCase)) result.Add(normalized);
        }
        return [.. result];
    }

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex IsoInstant();

    [GeneratedRegex("^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$")]
    private static partial Regex ClockTime();

    [GeneratedRegex("^[A-Z]{2}-[A-Z0-9]{1,3}$")]
    private static partial Regex RegionCode();
}
