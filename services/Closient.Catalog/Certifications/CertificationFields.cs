using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Certifications;

/// <summary>Validity windows: active when today is in [valid_from, expiration_date], a null end being open.</summary>
public static class Validity
{
    public static bool IsActive(DateOnly? validFrom, DateOnly? expirationDate, DateOnly today) =>
        (validFrom is null || validFrom <= today) && (expirationDate is null || expirationDate >= today);

    /// <summary>"Today" is the UTC date of the clock (a certificate's dates carry no time zone).</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The same rule in SQL for filters and counts; the table alias is <paramref name="alias"/>, today is <c>@today</c>.</summary>
    public static string ActiveSql(string alias) =>
        $"(({alias}.valid_from IS NULL OR {alias}.valid_from <= @today) AND ({alias}.expiration_date IS NULL OR {alias}.expiration_date >= @today))";
}

/// <summary>Field rules of definitions, assignments and claims (lengths from spec/catalog.md §6; others inferred, see README).</summary>
static partial class CertificationFields
{
    public const int LabelMax = 255, ClaimLabelMax = 100, CodeMax = 50, TextMax = 255, DescriptionMax = 5000,
        UrlMax = 2048, CertificateNumberMax = 100, ScopeMax = 1000, CountriesMax = 250;

    public static readonly string[] VerificationStatuses = ["unverified", "verified", "expired"];
    public static readonly string[] ClaimCategories = ["DIETARY", "INGREDIENT_ABSENCE", "ALLERGEN_FREE", "PROCESS", "SUSTAINABILITY", "OTHER"];
    public static readonly string[] ClaimSources = ["BRAND_SELF_DECLARED", "THIRD_PARTY_VERIFIED"];

    /// <summary>Codes are upper-cased: letters, digits and underscores, starting with a letter or digit (USDA_ORGANIC).</summary>
    public static string Code(Validation v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) { v.Add(field, "Required."); return ""; }
        var code = value.Trim().ToUpperInvariant();
        if (!CodePattern().IsMatch(code)) v.Add(field, $"Must be 1 to {CodeMax} letters, digits or underscores (such as USDA_ORGANIC).");
        return code;
    }

    /// <summary>"" or an absolute http(s) URL of at most 2048 characters.</summary>
    public static string Url(Validation v, string field, string? value)
    {
        var url = v.Optional(field, value, UrlMax);
        if (url.Length > 0 && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            v.Add(field, "Must be an absolute http or https URL.");
        return url;
    }

    public static string OneOf(Validation v, string field, string? value, string[] allowed, string fallback, bool upper = false)
    {
        if (value is null) return fallback;
        var text = upper ? value.Trim().ToUpperInvariant() : value.Trim().ToLowerInvariant();
        if (!allowed.Contains(text)) v.Add(field, $"Must be one of: {string.Join(", ", allowed)}.");
        return text;
    }

    /// <summary>A date as YYYY-MM-DD, or null when absent.</summary>
    public static DateOnly? Date(Validation v, string field, string? value)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        v.Add(field, "Must be a date as YYYY-MM-DD.");
        return null;
    }

    /// <summary>A PATCH date: <c>Set</c> false when omitted (unchanged); <c>null</c> clears it.</summary>
    public static (bool Set, DateOnly? Value) PatchDate(Validation v, string field, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined => (false, null),
        JsonValueKind.Null => (true, null),
        JsonValueKind.String => (true, Date(v, field, value.GetString())),
        _ => Invalid(v, field),
    };

    static (bool, DateOnly?) Invalid(Validation v, string field)
    {
        v.Add(field, "Must be a date as YYYY-MM-DD or null.");
        return (false, null);
    }

    public static void Window(Validation v, DateOnly? validFrom, DateOnly? expirationDate)
    {
        if (validFrom is { } from && expirationDate is { } to && to < from)
            v.Add("expiration_date", "Must not be before valid_from.");
    }

    /// <summary>ISO 3166-1 alpha-2 codes, upper-cased and de-duplicated in the order given.</summary>
    public static string[] Countries(Validation v, List<string>? values)
    {
        if (values is null) return [];
        if (values.Count > CountriesMax) { v.Add("certificate_countries", $"At most {CountriesMax} countries."); return []; }
        var result = new List<string>();
        foreach (var value in values)
        {
            var code = value?.Trim().ToUpperInvariant() ?? "";
            if (!CountryCodes.IsAssigned(code)) { v.Add("certificate_countries", $"'{Truncate(value)}' is not an ISO 3166-1 alpha-2 country code."); continue; }
            if (!result.Contains(code)) result.Add(code);
        }
        return [.. result];
    }

    static string Truncate(string? value) => value is null ? "null" : value.Length > 10 ? value[..10] + "…" : value;

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_]{0,49}$")]
    private static partial Regex CodePattern();
}
