using System.Globalization;
using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Http;
using Microsoft.Extensions.Primitives;

namespace Closient.Search.Local;

/// <summary>
/// The explicit filters of <c>GET /local</c>: price range, retailers and certifications. Each adds a
/// per-field 422 detail on a bad value; nothing here throws on hostile input.
/// </summary>
public static partial class LocalFilterParser
{
    public const int MaxRetailers = 50;
    public const int MaxCertifications = 20;
    public const int MaxCodeLength = 64;

    /// <summary>A non-negative decimal amount in the offer's currency (major units: 5.99), or null when absent.</summary>
    public static decimal? Price(Validation v, string field, StringValues values)
    {
        if (values.Count == 0) return null;
        if (values.Count > 1) { v.Add(field, "Give it once."); return null; }
        var text = values[0]?.Trim() ?? "";
        if (text.Length == 0 || text.Length > 32
            || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            v.Add(field, "Must be a number, such as 12.50.");
            return null;
        }
        if (amount < 0) { v.Add(field, "Must not be negative."); return null; }
        return amount;
    }

    /// <summary>Retailer ids (shortuuid or UUID), repeated and/or comma-separated, deduplicated.</summary>
    public static IReadOnlyList<Guid> RetailerIds(Validation v, string field, StringValues values)
    {
        var ids = new List<Guid>();
        foreach (var piece in Pieces(values))
        {
            if (!ShortId.TryParse(piece, out var id)) { v.Add(field, "Each value must be a retailer id (a 22-character shortuuid or a UUID)."); return []; }
            if (!ids.Contains(id)) ids.Add(id);
        }
        if (values.Count > 0 && ids.Count == 0) v.Add(field, "Must name at least one retailer id.");
        if (ids.Count > MaxRetailers) v.Add(field, $"At most {MaxRetailers} retailer ids.");
        return ids;
    }

    /// <summary>Certification / claim codes, repeated and/or comma-separated, normalized (<see cref="NormalizeCode"/>); all are required.</summary>
    public static IReadOnlyList<string> Certifications(Validation v, string field, StringValues values)
    {
        var codes = new List<string>();
        foreach (var piece in Pieces(values))
        {
            var code = NormalizeCode(piece);
            if (code.Length > MaxCodeLength || !CodePattern().IsMatch(code))
            {
                v.Add(field, $"Each value must be a code of 1 to {MaxCodeLength} letters, digits, hyphens or underscores (such as usda_organic).");
                return [];
            }
            if (!codes.Contains(code)) codes.Add(code);
        }
        if (values.Count > 0 && codes.Count == 0) v.Add(field, "Must name at least one code.");
        if (codes.Count > MaxCertifications) v.Add(field, $"At most {MaxCertifications} codes.");
        return codes;
    }

    /// <summary>
    /// One spelling per code, used for the read model and the filter alike: trimmed, lower case, hyphens as
    /// underscores (the catalog's codes are USDA_ORGANIC; the contract's examples write usda-organic).
    /// </summary>
    public static string NormalizeCode(string code) => code.Trim().ToLowerInvariant().Replace('-', '_');

    static IEnumerable<string> Pieces(StringValues values) =>
        values.SelectMany(value => (value ?? "").Split(',')).Select(p => p.Trim());

    [GeneratedRegex("^[a-z0-9][a-z0-9_]*$")]
    private static partial Regex CodePattern();
}
