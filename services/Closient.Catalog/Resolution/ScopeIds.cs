using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Resolution;

/// <summary>
/// The canonical text of a rule's <c>scope_id</c> (README "Resolution rules"): PRODUCT = the GTIN-14;
/// BATCH = <c>GTIN/10/lot</c>; SERIAL = <c>GTIN/21/serial</c> (the Digital Link path without <c>/01/</c>, values
/// not percent-encoded); BRAND = the brand's 22-character shortuuid; ORGANIZATION has none. Inputs may give
/// the GTIN with 8, 12, 13 or 14 digits and the brand as a UUID; both are stored canonical.
/// </summary>
public static partial class ScopeIds
{
    public const string LotSeparator = "/10/", SerialSeparator = "/21/";

    public static string Batch(string gtin14, string lot) => gtin14 + LotSeparator + lot;

    public static string Serial(string gtin14, string serial) => gtin14 + SerialSeparator + serial;

    /// <summary>Parses <paramref name="input"/> as a scope id of <paramref name="scope"/>; <paramref name="gtin14"/> is set for GTIN scopes.</summary>
    public static bool TryParse(RuleScope scope, string input, out string canonical, out string? gtin14, out string error)
    {
        canonical = ""; gtin14 = null; error = "";
        switch (scope)
        {
            case RuleScope.Brand:
                if (!ShortId.TryParse(input, out var brand)) { error = "For BRAND, the brand's 22-character id or UUID."; return false; }
                canonical = ShortId.Encode(brand);
                return true;
            case RuleScope.Product:
                if (!Gtin.TryNormalize(input, out var gtin, out var gtinError)) { error = "For PRODUCT, a GTIN: " + gtinError; return false; }
                canonical = gtin14 = gtin;
                return true;
            case RuleScope.Batch or RuleScope.Serial:
                var (ai, name) = scope == RuleScope.Batch ? ("10", "lot") : ("21", "serial");
                var slash = input.IndexOf('/');
                var rest = slash < 0 ? "" : input[(slash + 1)..];
                if (slash < 0 || !rest.StartsWith(ai + "/", StringComparison.Ordinal))
                {
                    error = $"For {scope.ToString().ToUpperInvariant()}, '<GTIN>/{ai}/<{name}>', such as 09521101530018/{ai}/A12.";
                    return false;
                }
                if (!Gtin.TryNormalize(input[..slash], out var g, out var e)) { error = "The GTIN before /" + ai + "/ is invalid: " + e; return false; }
                var value = rest[3..];
                if (!Cset82().IsMatch(value)) { error = $"The {name} must be 1 to 20 characters of the GS1 AI {ai} character set (letters, digits and !\"%&'()*+,-./:;<=>?_)."; return false; }
                gtin14 = g;
                canonical = scope == RuleScope.Batch ? Batch(g, value) : Serial(g, value);
                return true;
            default:
                error = "ORGANIZATION rules have no scope_id.";
                return false;
        }
    }

    /// <summary>GS1 character set 82 (the AI 10 and AI 21 alphabet), 1 to 20 characters.</summary>
    [GeneratedRegex("^[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]{1,20}$")]
    public static partial Regex Cset82();
}
