using System.Text.RegularExpressions;
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
    public string Url(string root) => DigitalLink.Compose(root, Gtin14, Lot, Serial, Expiry);
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

    /// <summary>AI 10 (lot) and AI 21 (serial): 1–20 printable ASCII characters, no spaces.</summary>
    public static string? Attribute(Validation v, string field, string? value)
    {
        if (value is null) return null;
        if (!AttributePattern().IsMatch(value)) v.Add(field, "Must be 1 to 20 printable ASCII characters without spaces.");
        return value;
    }

    /// <summary>AI 17: YYMMDD, a real date; day 00 means the end of the month (GS1 General Specifications).</summary>
    public static string? Expiry(Validation v, string? value, DateOnly today)
    {
        if (value is null) return null;
        if (!ExpiryPattern().IsMatch(value)) { v.Add("expiry", "Must be a date as YYMMDD (6 digits)."); return value; }
        var year = Century(int.Parse(value[..2]), today.Year);
        var month = int.Parse(value[2..4]);
        var day = int.Parse(value[4..6]);
        if (month is < 1 or > 12 || day > DateTime.DaysInMonth(year, Math.Clamp(month, 1, 12)))
            v.Add("expiry", "Must be a real date as YYMMDD (day 00 means the end of the month).");
        return value;
    }

    /// <summary>
    /// The GS1 century rule for 2-digit years (General Specifications §7.12): a year 51 or more ahead of
    /// this one is in the previous century, one 50 or more behind is in the next.
    /// </summary>
    public static int Century(int yy, int currentYear)
    {
        var century = currentYear / 100 * 100;
        var diff = yy - currentYear % 100;
        if (diff >= 51) century -= 100;
        else if (diff <= -50) century += 100;
        return century + yy;
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

    [GeneratedRegex(@"^[\x21-\x7E]{1,20}$")]
    private static partial Regex AttributePattern();

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex ExpiryPattern();
}
