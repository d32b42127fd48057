using System.Text.RegularExpressions;
using Closient.Catalog.Gs1;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Qr;

/// <summary>Body of <c>POST /products/api/v1/qr/</c> (spec/catalog.md §5).</summary>
public sealed record QrRequest
{
    public string? Gtin { get; init; }
    public string? Lot { get; init; }
    public string? Serial { get; init; }
    public string? Expiry { get; init; }
    public string? Format { get; init; }
    public int? Size { get; init; }
}

/// <summary>A validated QR request: what to encode and how to draw it.</summary>
public sealed record QrSpec(string Gtin14, string? Lot, string? Serial, string? Expiry, QrFormat Format, int Size)
{
    public string Url(string root) => QrLink.Compose(root, Gtin14, Lot, Serial, Expiry);
}

/// <summary>Field rules of the single and bulk QR requests.</summary>
public static partial class QrFields
{
    public const int MinSize = 50, MaxSize = 2000, DefaultSize = 400;
    public static readonly string[] Supported = ["svg", "png"];
    /// <summary>Formats the spec names that this port does not render (yet): a clear 422, not "unknown value".</summary>
    static readonly string[] Unsupported = ["pdf", "eps", "tif", "tiff"];

    public static string Gtin(Validation v, string? value)
    {
        if (value is null) { v.Add("gtin", "Required."); return ""; }
        if (!GtinPattern().IsMatch(value)) { v.Add("gtin", "Must be 8 to 17 digits, spaces or hyphens."); return ""; }
        if (!ServiceDefaults.Http.Gtin.TryNormalize(value, out var gtin14, out var error)) v.Add("gtin", error);
        return gtin14;
    }

    /// <summary>AI 10 (lot) or AI 21 (serial): the GS1 format (up to 20 characters of CSET 82).</summary>
    public static string? Attribute(Validation v, string field, string ai, string? value)
    {
        if (value is not null && AiValidator.Validate(SyntaxDictionary.Instance.Find(ai)!, value) is { } error) v.Add(field, error);
        return value;
    }

    /// <summary>AI 17: YYMMDD, a real date (the GS1 century window; day 00 means the end of the month).</summary>
    public static string? Expiry(Validation v, string? value, DateOnly today)
    {
        if (value is null) return null;
        if (AiValidator.Validate(SyntaxDictionary.Instance.Find("17")!, value) is { } error) v.Add("expiry", error);
        else if (AiValidator.ToDate(value, today) is null) v.Add("expiry", "Must be a real date as YYMMDD (day 00 means the end of the month).");
        return value;
    }

    public static QrFormat Format(Validation v, string? value, QrFormat fallback)
    {
        if (value is null) return fallback;
        var format = value.Trim().ToLowerInvariant();
        if (format == "svg") return QrFormat.Svg;
        if (format == "png") return QrFormat.Png;
        v.Add("format", Unsupported.Contains(format)
            ? $"Unsupported format '{format}'; supported formats: {string.Join(", ", Supported)}."
            : $"Must be one of: {string.Join(", ", Supported)}.");
        return fallback;
    }

    public static int Size(Validation v, int? value)
    {
        if (value is null) return DefaultSize;
        if (value is < MinSize or > MaxSize) v.Add("size", $"Must be between {MinSize} and {MaxSize}.");
        return value.Value;
    }

    [GeneratedRegex(@"^[\d\s\-]{8,17}$")]
    private static partial Regex GtinPattern();


}
