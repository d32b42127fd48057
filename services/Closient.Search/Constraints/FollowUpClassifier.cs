using System.Text.RegularExpressions;
using Closient.Search.Catalog;

namespace Closient.Search.Constraints;

/// <summary>What a session is searching for before a follow-up (the classifier's input).</summary>
public sealed record SessionSearch(string BaseQuery, string SearchText, string? Gtin, SearchConstraints Active, double RadiusKm);

/// <summary>
/// The outcome of a follow-up: whether it refined the search, the UI's explanation chip, the constraints it
/// added (<c>new_constraints</c>, relative phrases resolved), and the session's next search.
/// </summary>
public sealed record FollowUp(bool IsRefinement, string Explanation, SearchConstraints NewConstraints, SessionSearch Next);

/// <summary>
/// Refine or reset, deterministically (README.md "Follow-ups"). In order:
/// <list type="number">
/// <item>a reset marker ("instead", "never mind", "forget that", "start over", "scratch that", "new search",
/// "something else", or "actually" followed by show / find / give / get / want / need / search / looking) → reset;</item>
/// <item>a <c>gtin:</c> follow-up → refine when it names the session's GTIN, else reset;</item>
/// <item>nothing left but constraints, relative phrases and filler ("but cheaper", "in red", "within 2 km") → refine;</item>
/// <item>a refine marker at the start ("but", "and", "also", "only", "just", "plus", "with", "without", "except",
/// "preferably", "same", "too", "make it") or a relative phrase anywhere ("cheaper", "closer") → refine;</item>
/// <item>otherwise keyword overlap: refine when at least <see cref="OverlapThreshold"/> of the follow-up's
/// keywords (lower-cased, accents folded, stop words dropped, a plural "s" stripped, "ies" → "y") are keywords of the
/// session's search text, else reset.</item>
/// </list>
/// </summary>
public static partial class FollowUpClassifier
{
    /// <summary>The share of the follow-up's keywords that must already be in the session's search for a refinement.</summary>
    public const double OverlapThreshold = 0.5;

    /// <summary>"cheaper" lowers the price ceiling to this fraction of the current one (or of the cheapest shown price).</summary>
    public const decimal CheaperFactor = 0.8m;

    /// <summary>Whether <paramref name="raw"/> refines the session (rules 1–5 above).</summary>
    public static bool IsRefinement(SessionSearch session, string raw, ParsedQuery parsed)
    {
        if (ResetMarker().IsMatch(raw)) return false;
        if (parsed.Gtin is not null) return parsed.Gtin == session.Gtin;
        var keywords = Keywords(parsed.Text);
        if (keywords.Count == 0) return true;
        if (RefineMarker().IsMatch(raw) || parsed.Cheaper || parsed.Closer) return true;
        var known = Keywords(session.SearchText);
        return keywords.Count(known.Contains) >= OverlapThreshold * keywords.Count;
    }

    /// <summary>Whether resolving "cheaper" needs the cheapest price of the current results (no price ceiling is set or given).</summary>
    public static bool NeedsCheapestPrice(SessionSearch session, ParsedQuery parsed) =>
        parsed.Cheaper && parsed.Constraints.PriceMax is null && session.Active.PriceMax is null;

    /// <summary>
    /// Applies a follow-up. <paramref name="cheapestShown"/> is the lowest price among the current results,
    /// used by "cheaper" only when no price ceiling is active (<see cref="NeedsCheapestPrice"/>).
    /// </summary>
    public static FollowUp Apply(SessionSearch session, string raw, ParsedQuery parsed, decimal? cheapestShown)
    {
        if (!IsRefinement(session, raw, parsed)) return Reset(session, raw, parsed);

        var delta = parsed.Constraints;
        var notes = new List<string>();
        if (parsed.Cheaper && delta.PriceMax is null)
        {
            var basis = session.Active.PriceMax ?? cheapestShown;
            if (basis is { } b && Math.Round(b * CheaperFactor, 2, MidpointRounding.AwayFromZero) is var lower and > 0)
                delta = delta with { PriceMax = lower };
            else notes.Add("no prices to compare yet, so 'cheaper' changed nothing");
        }
        if (parsed.Closer && delta.DistanceKm is null)
        {
            var current = Math.Min(session.Active.DistanceKm ?? session.RadiusKm, QueryParser.MaxDistanceKm);
            delta = delta with { DistanceKm = Math.Max(Math.Round(current / 2, 2, MidpointRounding.AwayFromZero), 0.01) };
        }

        var known = Keywords(session.SearchText);
        var added = parsed.Gtin is not null ? [] : WordsOf(parsed.Text).Where(w => Keywords(w) is { Count: > 0 } k && !k.IsSubsetOf(known))
            .DistinctBy(w => w.ToLowerInvariant()).ToList();
        var text = string.Join(' ', new[] { session.SearchText }.Concat(added).Where(t => t.Length > 0));
        var next = session with { SearchText = text, Active = session.Active.Merge(delta) };

        var labels = ConstraintChips.Of(delta).Select(c => c.Label).Concat(added).ToList();
        var explanation = labels.Count > 0 ? $"Adding {ConstraintChips.Join(labels)} to your search" : "Nothing new to add; your search is unchanged";
        if (notes.Count > 0) explanation += $" ({string.Join("; ", notes)})";
        return new FollowUp(true, explanation, delta, next);
    }

    /// <summary>
    /// Constraints are replaced by the follow-up's own (relative phrases have no basis and are ignored). With
    /// new keywords (or a GTIN), the follow-up becomes the base query; without ("never mind", "start over",
    /// "in blue instead"), the base query and its keywords stay.
    /// </summary>
    static FollowUp Reset(SessionSearch session, string raw, ParsedQuery parsed)
    {
        var own = parsed.Constraints;
        var labels = ConstraintChips.Of(own).Select(c => c.Label).ToList();
        var with = labels.Count > 0 ? $" with {ConstraintChips.Join(labels)}" : "";
        if (parsed.Gtin is null && Keywords(parsed.Text).Count == 0)
            return new FollowUp(false, labels.Count > 0 ? $"Starting over{with}" : "Starting over: your filters are cleared", own,
                session with { Active = own });
        var subject = parsed.Gtin is { } gtin ? "gtin:" + gtin : parsed.Text;
        return new FollowUp(false, $"Starting a new search for '{subject}'{with}", own,
            new SessionSearch(raw, parsed.Text, parsed.Gtin, own, session.RadiusKm));
    }

    /// <summary>The comparable keywords of a text: normalized words minus stop words, a plural "s" stripped ("ies" → "y").</summary>
    public static HashSet<string> Keywords(string text) =>
        WebsearchText.Parse(text).Terms.Where(t => !StopWords.Contains(t)).Select(Stem).ToHashSet(StringComparer.Ordinal);

    static string Stem(string word) =>
        word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1]
        : word;

    static IEnumerable<string> WordsOf(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    static readonly HashSet<string> StopWords =
    [
        "a", "an", "the", "and", "or", "but", "of", "for", "to", "in", "on", "at", "by", "with", "without", "some", "any",
        "me", "my", "i", "it", "its", "this", "that", "these", "those", "one", "ones", "is", "are", "be", "do", "does", "can",
        "please", "also", "only", "just", "too", "so", "then", "what", "which", "how", "show", "find", "want", "need", "like",
        "get", "give", "something", "thing", "things", "stuff", "kind", "type", "more", "less", "very", "really", "instead",
    ];

    [GeneratedRegex(@"\b(?:instead|never\s*mind|nevermind|forget\s+(?:about\s+)?(?:that|it|this)|start\s+over|scratch\s+that|new\s+search|something\s+else)\b|^\W*actually\b.*\b(?:show|find|give|get|want|need|search|looking)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ResetMarker();

    [GeneratedRegex(@"^\W*(?:but|and|also|only|just|plus|with|without|except|preferably|same|too|make\s+(?:it|them))\b", RegexOptions.IgnoreCase)]
    private static partial Regex RefineMarker();
}
