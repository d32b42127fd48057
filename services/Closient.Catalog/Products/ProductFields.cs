using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Products;

/// <summary>Field rules shared by create, update and CSV import (lengths from spec/catalog.md §2; units in the README).</summary>
static partial class ProductFields
{
    public const int NameMax = 255, BrandMax = 255, ManufacturerMax = 255, DescriptionMax = 5000, NetContentMax = 100,
        UsageInstructionsMax = 5000, UrlMax = 2048, LanguageMax = 10, CountriesSoldMax = 250;

    /// <summary>Largest accepted measure (dimension, weight, net content) in any unit.</summary>
    public const decimal MeasureMax = 1_000_000m;

    /// <summary>Most decimal places a measure keeps.</summary>
    public const int MeasureScaleMax = 6;

    /// <summary>UN/ECE Recommendation 20 codes for <c>net_content_uom</c>: mass, volume, count, length, area.</summary>
    public static readonly IReadOnlySet<string> NetContentUnits = new HashSet<string>(
        ["MGM", "GRM", "KGM", "ONZ", "LBR", "MLT", "CLT", "DLT", "LTR", "MTQ", "OZA", "OZI", "GLL", "GLI", "PTI", "QTI",
         "H87", "EA", "MMT", "CMT", "MTR", "MTK"], StringComparer.Ordinal);

    /// <summary>UN/ECE Rec 20 length codes for <c>length|width|height|depth_uom</c>.</summary>
    public static readonly IReadOnlySet<string> DimensionUnits = new HashSet<string>(["MMT", "CMT", "DMT", "MTR", "INH", "FOT"], StringComparer.Ordinal);

    /// <summary>UN/ECE Rec 20 mass codes for <c>gross_weight_uom</c> and <c>net_weight_uom</c>.</summary>
    public static readonly IReadOnlySet<string> WeightUnits = new HashSet<string>(["MGM", "GRM", "KGM", "ONZ", "LBR"], StringComparer.Ordinal);

    public static string CountryOfOrigin(Validation v, string? value, string field = "country_of_origin")
    {
        var code = value?.Trim() ?? "";
        if (code.Length == 0) return "";
        code = code.ToUpperInvariant();
        if (!CountryCodes.IsAssigned(code))
            v.Add(field, "Must be an ISO 3166-1 alpha-2 country code (such as US) or empty.");
        return code;
    }

    /// <summary>A list of assigned alpha-2 codes, upper-cased, duplicates dropped, first occurrence order kept.</summary>
    public static string[] CountriesSold(Validation v, string[] values)
    {
        if (values.Length > CountriesSoldMax) { v.Add("countries_sold", $"At most {CountriesSoldMax} countries."); return []; }
        var result = new List<string>();
        foreach (var value in values)
        {
            var code = value?.Trim().ToUpperInvariant() ?? "";
            if (!CountryCodes.IsAssigned(code)) { v.Add("countries_sold", $"'{Clip(value)}' is not an ISO 3166-1 alpha-2 country code."); continue; }
            if (!result.Contains(code)) result.Add(code);
        }
        return [.. result];
    }

    /// <summary>"" or an absolute http(s) URL of at most <see cref="UrlMax"/> characters.</summary>
    public static string Url(Validation v, string field, string? value)
    {
        var url = v.Optional(field, value, UrlMax);
        if (url.Length == 0) return "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host) || url.Any(char.IsWhiteSpace))
            v.Add(field, "Must be an absolute http or https URL.");
        return url;
    }

    /// <summary>"" or an ISO 639-1 code with optional subtags (<c>en</c>, <c>pt-BR</c>), at most 10 characters; the language part is lower-cased.</summary>
    public static string Language(Validation v, string? value)
    {
        var tag = value?.Trim() ?? "";
        if (tag.Length == 0) return "";
        if (tag.Length > LanguageMax || !LanguageTag().IsMatch(tag))
        {
            v.Add("primary_language", "Must be an ISO 639-1 language code such as en or pt-BR (at most 10 characters).");
            return tag;
        }
        return tag[..2].ToLowerInvariant() + tag[2..];
    }

    /// <summary>"" or an 8-digit GS1 GPC code.</summary>
    public static string Gpc(Validation v, string field, string? value)
    {
        var code = value?.Trim() ?? "";
        if (code.Length != 0 && !GpcCode().IsMatch(code)) v.Add(field, "Must be an 8-digit GS1 GPC code or empty.");
        return code;
    }

    /// <summary>
    /// A value with its unit: both set or both empty afterwards. A null value and a null unit leave the pair
    /// unchanged; a unit of "" (and no value) clears it; a value needs a unit, sent now or already stored.
    /// </summary>
    public static (decimal? Value, string Unit) Measure(Validation v, string field, decimal? value, string? unit,
        decimal? currentValue, string currentUnit, IReadOnlySet<string> units, string? unitField = null)
    {
        if (value is null && unit is null) return (currentValue, currentUnit);
        unitField ??= field + "_uom";
        var newUnit = unit?.Trim().ToUpperInvariant();
        if (newUnit == "")
        {
            if (value is not null) v.Add(unitField, $"Required with {field}; send \"\" only to clear both.");
            return (null, "");
        }
        if (newUnit is not null && !units.Contains(newUnit))
            v.Add(unitField, $"Must be one of {string.Join(", ", units.Order())} (UN/ECE Recommendation 20).");
        if (value is { } number && (number <= 0 || number > MeasureMax || number.Scale > MeasureScaleMax && decimal.Round(number, MeasureScaleMax) != number))
            v.Add(field, $"Must be more than 0 and at most {MeasureMax:0}, with at most {MeasureScaleMax} decimal places.");
        var result = (Value: value ?? currentValue, Unit: newUnit ?? currentUnit);
        if (result.Value is null) v.Add(field, $"Required with {unitField}.");
        else if (result.Unit == "") v.Add(unitField, $"Required with {field}.");
        return result;
    }

    static string Clip(string? value) => value is null ? "null" : value.Length > 10 ? value[..10] + "…" : value;

    [GeneratedRegex("^[A-Za-z]{2}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex GpcCode();
}
