using System.Text.RegularExpressions;

namespace Closient.Catalog.Resolution;

/// <summary>
/// Link types a rule may name (README "Resolution rules"): a GS1 link type <c>gs1:name</c> (a letter, then letters
/// and digits, as in gs1/currentLinkTypes.json; <c>https://gs1.org/voc/name</c> is accepted and stored as
/// <c>gs1:name</c>) or an IANA-style registered relation (lower case letters, digits, '.' and '-', such as
/// <c>describedby</c>). Syntax only: the resolver slice owns the list of known GS1 types. <c>linkset</c> and
/// <c>all</c> are refused: they ask the resolver for the linkset, not for one destination.
/// </summary>
public static partial class RuleLinkTypes
{
    public const int MaxLength = 100;

    public static bool TryNormalize(string? input, out string linkType)
    {
        linkType = "";
        var text = input?.Trim() ?? "";
        if (text.Length is 0 or > MaxLength) return false;
        foreach (var prefix in (string[])["https://gs1.org/voc/", "http://gs1.org/voc/", "https://www.gs1.org/voc/"])
            if (text.StartsWith(prefix, StringComparison.Ordinal)) { text = "gs1:" + text[prefix.Length..]; break; }
        if (text.StartsWith("gs1:", StringComparison.Ordinal))
        {
            if (!Gs1Name().IsMatch(text.AsSpan(4))) return false;
        }
        else if (!IanaName().IsMatch(text) || text is "linkset" or "all") return false;
        linkType = text;
        return true;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex Gs1Name();

    [GeneratedRegex("^[a-z][a-z0-9.\\-]{0,63}$")]
    private static partial Regex IanaName();
}
