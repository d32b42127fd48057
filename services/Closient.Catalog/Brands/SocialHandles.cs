using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Brands;

/// <summary>
/// The eight social handles of a brand. A handle is the account name only (a leading '@' is dropped),
/// checked against the network's own username rules; "" clears it. URLs are refused, so what is
/// stored can be put into a link by whoever renders it without becoming a link elsewhere.
/// </summary>
static partial class SocialHandles
{
    /// <summary>Network (JSON field) → (rule, human description of the rule).</summary>
    static readonly Dictionary<string, (Regex Rule, string Description)> Rules = new()
    {
        ["instagram"] = (Instagram(), "1–30 letters, digits, '.' or '_'"),
        ["threads"] = (Instagram(), "1–30 letters, digits, '.' or '_'"),
        ["twitter"] = (Twitter(), "1–15 letters, digits or '_'"),
        ["facebook"] = (Facebook(), "5–50 letters, digits or '.'"),
        ["linkedin"] = (LinkedIn(), "3–100 letters, digits, '-' or '_'"),
        ["youtube"] = (YouTube(), "3–30 letters, digits, '.', '-' or '_'"),
        ["tiktok"] = (TikTok(), "2–24 letters, digits, '.' or '_'"),
        ["pinterest"] = (Pinterest(), "3–30 letters, digits or '_'"),
    };

    /// <summary>The normalized handle (trimmed, without '@'); adds an error for one the network would not allow.</summary>
    public static string Normalize(Validation v, string network, string value)
    {
        var handle = value.Trim();
        if (handle.StartsWith('@')) handle = handle[1..];
        if (handle.Length == 0) return "";
        var (rule, description) = Rules[network];
        if (!rule.IsMatch(handle)) v.Add(network, $"Must be a {network} handle ({description}), without a URL.");
        return handle;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._]{1,30}\z")] private static partial Regex Instagram();
    [GeneratedRegex(@"^[A-Za-z0-9_]{1,15}\z")] private static partial Regex Twitter();
    [GeneratedRegex(@"^[A-Za-z0-9.]{5,50}\z")] private static partial Regex Facebook();
    [GeneratedRegex(@"^[A-Za-z0-9_-]{3,100}\z")] private static partial Regex LinkedIn();
    [GeneratedRegex(@"^[A-Za-z0-9._-]{3,30}\z")] private static partial Regex YouTube();
    [GeneratedRegex(@"^[A-Za-z0-9._]{2,24}\z")] private static partial Regex TikTok();
    [GeneratedRegex(@"^[A-Za-z0-9_]{3,30}\z")] private static partial Regex Pinterest();
}
