using System.Globalization;
using System.Text.Json;
using Closient.ServiceDefaults.Http;

namespace Closient.Locations.Locations;

/// <summary>One opening interval in the store's local time: <c>{"open": "09:00", "close": "17:30"}</c>.</summary>
public sealed record OpeningInterval(string? Open, string? Close);

/// <summary>
/// The weekly opening hours, one list of intervals per day. On write an omitted or null day is closed;
/// on read every day is present. An all-empty week means the hours are not known.
/// </summary>
public sealed record OpeningHours(
    IReadOnlyList<OpeningInterval>? Mon,
    IReadOnlyList<OpeningInterval>? Tue,
    IReadOnlyList<OpeningInterval>? Wed,
    IReadOnlyList<OpeningInterval>? Thu,
    IReadOnlyList<OpeningInterval>? Fri,
    IReadOnlyList<OpeningInterval>? Sat,
    IReadOnlyList<OpeningInterval>? Sun);

/// <summary>
/// Validation of opening hours: times are <c>HH:MM</c> (00:00–23:59; <c>24:00</c> only as a close), an
/// interval whose close is earlier than its open runs past midnight into the next day (22:00–02:00),
/// open = close is refused (00:00–24:00 is "all day"), at most <see cref="MaxIntervalsPerDay"/> per day,
/// and a day's intervals may not overlap (an overnight interval must be the day's last). Intervals
/// are stored sorted by opening time.
/// </summary>
static class OpeningHoursRules
{
    public const int MaxIntervalsPerDay = 4;
    public const string ClosedWeekJson = """{"mon": [], "tue": [], "wed": [], "thu": [], "fri": [], "sat": [], "sun": []}""";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static OpeningHours FromJson(string json) => Normalize(JsonSerializer.Deserialize<OpeningHours>(json, Json)!);

    public static string ToJson(OpeningHours hours) => JsonSerializer.Serialize(hours, Json);

    static OpeningHours Normalize(OpeningHours h) =>
        new(h.Mon ?? [], h.Tue ?? [], h.Wed ?? [], h.Thu ?? [], h.Fri ?? [], h.Sat ?? [], h.Sun ?? []);

    /// <summary>The validated week, with omitted days closed and each day sorted by opening time.</summary>
    public static OpeningHours Validate(OpeningHours hours, Validation v)
    {
        IReadOnlyList<OpeningInterval> Day(string day, IReadOnlyList<OpeningInterval>? intervals)
        {
            if (intervals is null || intervals.Count == 0) return [];
            var field = "hours." + day;
            if (intervals.Count > MaxIntervalsPerDay) { v.Add(field, $"At most {MaxIntervalsPerDay} intervals a day."); return []; }
            var parsed = new List<(int Open, int Close, OpeningInterval Interval)>();
            for (var i = 0; i < intervals.Count; i++)
            {
                var interval = intervals[i];
                if (interval is null) { v.Add($"{field}[{i}]", "Must be an object with open and close."); continue; }
                var open = Minutes(v, $"{field}[{i}].open", interval.Open, allowMidnightEnd: false);
                var close = Minutes(v, $"{field}[{i}].close", interval.Close, allowMidnightEnd: true);
                if (open is null || close is null) continue;
                if (open == close) { v.Add($"{field}[{i}]", "Open and close must differ; use 00:00 to 24:00 for all day."); continue; }
                // close < open: the interval runs past midnight; within its own day it lasts until 24:00.
                parsed.Add((open.Value, close < open ? 24 * 60 : close.Value, new OpeningInterval(interval.Open, interval.Close)));
            }
            var sorted = parsed.OrderBy(p => p.Open).ToList();
            for (var i = 1; i < sorted.Count; i++)
                if (sorted[i].Open < sorted[i - 1].Close)
                {
                    v.Add(field, "Intervals must not overlap.");
                    break;
                }
            return sorted.Select(p => p.Interval).ToList();
        }

        return new OpeningHours(Day("mon", hours.Mon), Day("tue", hours.Tue), Day("wed", hours.Wed), Day("thu", hours.Thu),
            Day("fri", hours.Fri), Day("sat", hours.Sat), Day("sun", hours.Sun));
    }

    static int? Minutes(Validation v, string field, string? text, bool allowMidnightEnd)
    {
        if (string.IsNullOrEmpty(text)) { v.Add(field, "Required."); return null; }
        if (allowMidnightEnd && text == "24:00") return 24 * 60;
        if (text.Length == 5 && text[2] == ':'
            && int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hh)
            && int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var mm)
            && hh < 24 && mm < 60)
            return hh * 60 + mm;
        v.Add(field, allowMidnightEnd ? "Must be a time HH:MM from 00:00 to 24:00." : "Must be a time HH:MM from 00:00 to 23:59.");
        return null;
    }
}
