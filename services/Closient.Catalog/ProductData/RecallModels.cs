using System.Globalization;
using System.Text.RegularExpressions;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.ProductData;

/// <summary>RecallOut (spec/other.md "Compliance / recalls").</summary>
public sealed record RecallOut(
    string Id, string Title, string Status, string SourceSystem, string Severity, DateTimeOffset Created,
    string Description, string Hazard, string Remedy, string PublicUrl, string CompanyName, DateOnly RecallDate,
    IReadOnlyList<string> Jurisdictions);

/// <summary>POST body. <c>status</c> defaults to ONGOING (a brand files a recall to announce it), <c>severity</c> to UNKNOWN.</summary>
public sealed record CreateRecallRequest(
    string? Title = null, string? Status = null, string? SourceSystem = null, string? Severity = null,
    string? Description = null, string? Hazard = null, string? Remedy = null, string? PublicUrl = null,
    string? CompanyName = null, string? RecallDate = null, IReadOnlyList<string?>? Jurisdictions = null);

/// <summary>PATCH body: every field optional, null or omitted = unchanged.</summary>
public sealed record UpdateRecallRequest(
    string? Title = null, string? Status = null, string? SourceSystem = null, string? Severity = null,
    string? Description = null, string? Hazard = null, string? Remedy = null, string? PublicUrl = null,
    string? CompanyName = null, string? RecallDate = null, IReadOnlyList<string?>? Jurisdictions = null);

/// <summary>A stored recall (a property record: Dapper maps dates and timestamps through its type handlers).</summary>
sealed record RecallRow
{
    public Guid Id { get; init; }
    public Guid ProductId { get; init; }
    public string Title { get; init; } = "";
    public string Status { get; init; } = "";
    public string SourceSystem { get; init; } = "";
    public string Severity { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string Description { get; init; } = "";
    public string Hazard { get; init; } = "";
    public string Remedy { get; init; } = "";
    public string PublicUrl { get; init; } = "";
    public string CompanyName { get; init; } = "";
    public DateOnly RecallDate { get; init; }
    public string[] Jurisdictions { get; init; } = [];

    public const string Columns = """
        id, product_id, title, status, source_system, severity, created_at, description, hazard, remedy, public_url,
        company_name, recall_date, jurisdictions
        """;

    public bool IsOpen => RecallFields.IsOpen(Status);

    public RecallOut ToOut() => new(ShortId.Encode(Id), Title, Status, SourceSystem, Severity, CreatedAt, Description, Hazard, Remedy,
        PublicUrl, CompanyName, RecallDate, Jurisdictions);
}

static partial class RecallFields
{
    public static readonly string[] Statuses = ["ONGOING", "COMPLETED", "TERMINATED", "UNKNOWN"];
    public static readonly string[] Severities = ["CLASS_I", "CLASS_II", "CLASS_III", "UNKNOWN"];
    public static readonly string[] SourceSystems = ["FDA", "FSIS", "CPSC", "HEALTH_CANADA"];

    /// <summary>Open (active) recalls, as the compliance API counts them: ONGOING or UNKNOWN.</summary>
    public const string OpenSql = "('ONGOING', 'UNKNOWN')";

    public static bool IsOpen(string status) => status is "ONGOING" or "UNKNOWN";

    public const int TitleMax = 255, TextMax = 5000, ShortTextMax = 2000, CompanyMax = 255, JurisdictionsMax = 100;

    /// <summary>ordering values; the enum values sort CLASS_I &lt; CLASS_II &lt; CLASS_III &lt; UNKNOWN, so <c>severity</c> is most severe first.</summary>
    public static readonly Dictionary<string, string> Orderings = new()
    {
        ["recall_date"] = "recall_date ASC, created_at ASC, id ASC",
        ["-recall_date"] = "recall_date DESC, created_at DESC, id DESC",
        ["severity"] = "severity ASC, recall_date DESC, created_at DESC, id DESC",
        ["-severity"] = "severity DESC, recall_date DESC, created_at DESC, id DESC",
    };

    public const string DefaultOrdering = "-recall_date";

    public static string OrderingError => $"ordering must be one of: {string.Join(", ", Orderings.Keys)}.";

    /// <summary>One of <paramref name="allowed"/> (case-insensitive, returned upper-case); <paramref name="fallback"/> when null.</summary>
    public static string OneOf(Validation v, string field, string? value, string[] allowed, string fallback)
    {
        if (value is null) return fallback;
        var upper = value.Trim().ToUpperInvariant();
        if (allowed.Contains(upper)) return upper;
        v.Add(field, $"Must be one of: {string.Join(", ", allowed)}.");
        return fallback;
    }

    public static DateOnly Date(Validation v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) { v.Add(field, "Required: a date as YYYY-MM-DD."); return default; }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        v.Add(field, "Must be a date as YYYY-MM-DD.");
        return default;
    }

    /// <summary>ISO 3166-1 alpha-2 countries or ISO 3166-2 subdivisions (<c>US</c>, <c>US-CA</c>), upper-cased, duplicates dropped.</summary>
    public static string[] Jurisdictions(Validation v, IReadOnlyList<string?>? values)
    {
        if (values is null) return [];
        if (values.Count > JurisdictionsMax) { v.Add("jurisdictions", $"At most {JurisdictionsMax} jurisdictions."); return []; }
        var result = new List<string>();
        foreach (var value in values)
        {
            var code = value?.Trim().ToUpperInvariant() ?? "";
            if (!Jurisdiction().IsMatch(code) || !CountryCodes.IsAssigned(code[..2]))
            { v.Add("jurisdictions", "Each must be an ISO 3166-1 alpha-2 country (US) or an ISO 3166-2 subdivision (US-CA)."); continue; }
            if (!result.Contains(code)) result.Add(code);
        }
        return [.. result];
    }

    [GeneratedRegex("^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    private static partial Regex Jurisdiction();
}
