using System.Globalization;
using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Http;

namespace Closient.Search.Constraints;

/// <summary>
/// What a query asks for: the text to match, a GTIN (for <c>gtin:</c> queries) and the constraints it states.
/// <see cref="Cheaper"/> and <see cref="Closer"/> are the relative phrases ("but cheaper", "closer"), which
/// only a session follow-up can resolve (<see cref="FollowUpClassifier"/>); elsewhere they are ignored.
/// </summary>
public sealed record ParsedQuery(string Text, string? Gtin, SearchConstraints Constraints)
{
    public bool Cheaper { get; init; }
    public bool Closer { get; init; }
}

/// <summary>
/// Extracts constraints from free text ("organic oat milk under $5 within 3 km in stock, no nuts") and
/// strips the phrases it understood (and conversational filler such as "show me"), so only the product
/// words are matched. Deterministic: a fixed order of regular expressions. Grammar: README.md.
/// </summary>
public static partial class QueryParser
{
    public const double MaxDistanceKm = 50;
    const double KmPerMile = 1.609344;

    /// <summary>Parses <paramref name="query"/>; a malformed <c>gtin:</c> query adds an error for <paramref name="field"/>.</summary>
    public static ParsedQuery Parse(string query, Validation validation, string field)
    {
        var c = new SearchConstraints();
        bool cheaper = false, closer = false;
        var text = query;

        // Distance first, so "under 5 km" is a distance and not a price.
        text = Distance().Replace(text, m => { c = WithDistance(c, m); return " "; });
        text = DistanceSuffix().Replace(text, m => { c = WithDistance(c, m); return " "; });
        text = PriceBetween().Replace(text, m =>
        {
            var (a, b) = (Amount(m.Groups["n"]), Amount(m.Groups["m"]));
            c = c with { PriceMin = Math.Min(a, b), PriceMax = Math.Max(a, b) };
            return " ";
        });
        text = PriceMax().Replace(text, m => { c = c with { PriceMax = Amount(m.Groups["n"]) }; return " "; });
        text = PriceMin().Replace(text, m => { c = c with { PriceMin = Amount(m.Groups["n"]) }; return " "; });
        text = PriceMaxSuffix().Replace(text, m => { c = c with { PriceMax = Amount(m.Groups["n"]) }; return " "; });
        text = PriceMinSuffix().Replace(text, m => { c = c with { PriceMin = Amount(m.Groups["n"]) }; return " "; });
        text = BareAmount().Replace(text, m => { c = c with { PriceMax = Amount(m.Groups["n"]) }; return " "; });
        text = CheaperPhrase().Replace(text, _ => { cheaper = true; return " "; });
        text = CloserPhrase().Replace(text, _ => { closer = true; return " "; });
        text = Availability().Replace(text, _ => { c = c with { Availability = SearchConstraints.InStock }; return " "; });
        text = ScopeAll().Replace(text, _ => { c = c with { Scope = SearchConstraints.All }; return " "; });
        text = ScopeOnline().Replace(text, _ => { c = c with { Scope = SearchConstraints.Online }; return " "; });
        text = ScopeLocal().Replace(text, _ => { c = c with { Scope = SearchConstraints.Local }; return " "; });
        text = ColorPhrase.Replace(text, m => { c = c with { Color = Lexicon.Colors[m.Groups["color"].Value] }; return " "; });
        // Certifications before the "-free" traits, so "cruelty-free" and "non-GMO" are certifications.
        text = CertificationPhrase.Replace(text, m => { c = Add(c, TraitKind.Certification, [CertificationSlug(m.Groups["cert"].Value)]); return " "; });
        text = NegatedTraits.Replace(text, m => { c = AddTraits(c, m.Groups["list"].Value); return " "; });
        text = FreeTraits.Replace(text, m => { c = AddTraits(c, m.Groups["list"].Value); return " "; });
        text = Filler().Replace(text, " ");
        text = Tidy(text);
        // A text that is only a palette color ("red", "blue ones" after tidying) is the color, not a keyword.
        if (Lexicon.Colors.TryGetValue(text, out var lone))
        {
            c = c with { Color = lone };
            text = "";
        }

        var gtin = GtinQuery().Match(text);
        var parsed = new ParsedQuery(text, null, c) { Cheaper = cheaper, Closer = closer };
        if (!gtin.Success) return parsed;
        if (!Gtin.TryNormalize(gtin.Groups["gtin"].Value, out var gtin14, out var error))
            validation.Add(field, error);
        return parsed with { Gtin = gtin14 };
    }

    static SearchConstraints WithDistance(SearchConstraints c, Match m)
    {
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        var perUnit = unit.StartsWith('k') ? 1 : unit.StartsWith("mi") ? KmPerMile : 0.001;
        var km = Number(m.Groups["n"].Value) * perUnit;
        return km > 0 ? c with { DistanceKm = Math.Round(Math.Min(km, MaxDistanceKm), 2) } : c;
    }

    static decimal Amount(Group g) => decimal.Parse(g.Value, CultureInfo.InvariantCulture);

    static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    static SearchConstraints AddTraits(SearchConstraints c, string list)
    {
        foreach (Match item in TraitItem.Matches(list))
        {
            var (_, kind, slugs) = Lexicon.Traits.First(t => Regex.IsMatch(item.Value, $"^(?:{t.Pattern})$", RegexOptions.IgnoreCase));
            c = Add(c, kind, slugs);
        }
        return c;
    }

    static SearchConstraints Add(SearchConstraints c, TraitKind kind, IEnumerable<string> slugs) => kind switch
    {
        TraitKind.Allergen => c with { ExcludeAllergens = SearchConstraints.Slugs((c.ExcludeAllergens ?? []).Concat(slugs)) },
        TraitKind.Substance => c with { AvoidSubstances = SearchConstraints.Slugs((c.AvoidSubstances ?? []).Concat(slugs)) },
        _ => c with { RequireCertifications = SearchConstraints.Slugs((c.RequireCertifications ?? []).Concat(slugs)) },
    };

    static string CertificationSlug(string phrase) =>
        Lexicon.Certifications.First(t => Regex.IsMatch(phrase, $"^(?:{t.Pattern})$", RegexOptions.IgnoreCase)).Slug;

    /// <summary>Collapses whitespace, drops punctuation-only tokens and connectors left dangling at either end ("milk and").</summary>
    static string Tidy(string text)
    {
        var words = Whitespace().Split(text.Trim()).Where(w => w.Trim(Punctuation).Length > 0).ToList();
        static bool Dangling(string w) => Connectors.Contains(w.Trim(Punctuation).ToLowerInvariant());
        while (words.Count > 0 && Dangling(words[^1])) words.RemoveAt(words.Count - 1);
        while (words.Count > 0 && Dangling(words[0])) words.RemoveAt(0);
        return string.Join(' ', words).Trim(',', ';', '.', '!', '?', ' ');
    }

    static readonly char[] Punctuation = [',', ';', '.', '!', '?', ':', '$', '€', '£', '(', ')', '&', '+', '-', '/'];

    static readonly HashSet<string> Connectors =
    [
        "and", "or", "but", "that", "which", "are", "is", "with", "for", "please", "also", "only", "just", "the", "a", "an",
        "some", "any", "ones", "one", "them", "those", "these", "too", "then", "in", "of", "to", "it", "its", "make", "same",
        "plus", "preferably", "maybe", "ok", "okay", "now", "hmm", "so", "nor", "at", "from", "by", "",
    ];

    const string Money = @"(?:[$€£]\s*)?(?<n>\d{1,9}(?:\.\d{1,2})?)(?!\d)(?:\s*(?:dollars?|usd|bucks|euros?|eur|gbp))?";
    const string Money2 = @"(?:[$€£]\s*)?(?<m>\d{1,9}(?:\.\d{1,2})?)(?!\d)(?:\s*(?:dollars?|usd|bucks|euros?|eur|gbp))?";
    const string NotDistance = @"(?!\s*(?:km|kms|kilomet|mi\b|miles?\b|m\b|met(?:er|re)s?\b))";
    const string Unit = @"(?<unit>kilomet(?:er|re)s?|kms?|miles?|mi|met(?:er|re)s?|m)\b";

    [GeneratedRegex(@"\b(?:within|under|less\s+than|no\s+more\s+than|no\s+further\s+than|closer\s+than|in\s+a)\s+(?<n>\d{1,6}(?:\.\d+)?)\s*-?\s*" + Unit + @"(?:\s+(?:radius|away|of\s+(?:me|here)|from\s+(?:me|here)))?", RegexOptions.IgnoreCase)]
    private static partial Regex Distance();

    [GeneratedRegex(@"\b(?<n>\d{1,6}(?:\.\d+)?)\s*-?\s*" + Unit + @"\s+(?:radius|away|of\s+(?:me|here)|from\s+(?:me|here))", RegexOptions.IgnoreCase)]
    private static partial Regex DistanceSuffix();

    [GeneratedRegex(@"(?:\bbetween\s+" + Money + @"\s+(?:and|to|-)\s+" + Money2 + @"|\bfrom\s+" + Money + @"\s+to\s+" + Money2 + @"|[$€£]\s*(?<n>\d{1,9}(?:\.\d{1,2})?)\s*(?:-|to)\s*" + Money2 + @")" + NotDistance + @"\b", RegexOptions.IgnoreCase)]
    private static partial Regex PriceBetween();

    [GeneratedRegex(@"\b(?:under|below|less\s+than|cheaper\s+than|at\s+most|no\s+more\s+than|not\s+more\s+than|up\s+to|max(?:imum)?|for\s+less\s+than|lower\s+than)\s+" + Money + NotDistance + @"\b", RegexOptions.IgnoreCase)]
    private static partial Regex PriceMax();

    [GeneratedRegex(@"\b(?:over|above|more\s+than|at\s+least|min(?:imum)?|starting\s+at|no\s+less\s+than|higher\s+than)\s+" + Money + NotDistance + @"\b", RegexOptions.IgnoreCase)]
    private static partial Regex PriceMin();

    [GeneratedRegex(@"(?<![\w.])" + Money + NotDistance + @"\s*(?:or\s+(?:less|under|below|cheaper)|max(?:imum)?\b|tops\b|at\s+most\b)", RegexOptions.IgnoreCase)]
    private static partial Regex PriceMaxSuffix();

    [GeneratedRegex(@"(?<![\w.])" + Money + NotDistance + @"\s*(?:or\s+(?:more|over|above)\b|and\s+(?:up|above|over)\b|\+)", RegexOptions.IgnoreCase)]
    private static partial Regex PriceMinSuffix();

    /// <summary>An amount with a currency sign or word and no comparison ("a $20 gift", "10 euros"): a budget, so a maximum.</summary>
    [GeneratedRegex(@"(?:[$€£]\s*(?<n>\d{1,9}(?:\.\d{1,2})?)(?![\d.])|(?<![\w.])(?<n>\d{1,9}(?:\.\d{1,2})?)\s*(?:dollars?|usd|bucks|euros?|eur|gbp)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex BareAmount();

    [GeneratedRegex(@"\b(?:cheaper|less\s+expensive|lower[\s-]priced|more\s+affordable|(?:a\s+)?lower\s+price|for\s+less)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CheaperPhrase();

    [GeneratedRegex(@"\b(?:closer(?:\s+(?:to\s+(?:me|here|by)|by))?|nearer(?:\s+(?:to\s+(?:me|here)|by))?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CloserPhrase();

    [GeneratedRegex(@"\b(?:in[\s-]stock|available(?:\s+(?:now|today|right\s+now))?|on\s+the\s+shelf|on\s+hand|not\s+sold\s+out)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Availability();

    [GeneratedRegex(@"\b(?:anywhere|everywhere|(?:online|on\s+the\s+web)\s+(?:or|and)\s+(?:in[\s-]stores?|locally|nearby)|in[\s-]stores?\s+(?:or|and)\s+online)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ScopeAll();

    [GeneratedRegex(@"\b(?:online|on\s+the\s+web|on[\s-]line|with\s+(?:home\s+)?delivery|delivered|shipped\s+to\s+me)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ScopeOnline();

    [GeneratedRegex(@"\b(?:near\s+me|nearby|close\s+by|around\s+here|in[\s-]stores?|locally)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ScopeLocal();

    static readonly string Palette = string.Join('|', Lexicon.Colors.Keys.OrderByDescending(k => k.Length));

    /// <summary>Explicit color phrases only ("in red", "red ones", "color: blue", "blue-colored"): a bare adjective ("red wine", "green tea") stays a keyword.</summary>
    static readonly Regex ColorPhrase = new(
        $@"\b(?:(?:in|colou?red)\s+(?:the\s+colou?r\s+|a\s+)?(?<color>{Palette})(?:\s+colou?r)?|colou?r\s*:?\s*(?<color>{Palette})|(?<color>{Palette})(?:\s+|-)(?:ones?|colou?red|colou?r|version)\b)\b",
        RegexOptions.IgnoreCase | RegexOptions.Compiled);

    static readonly string CertificationAlternatives = string.Join('|', Lexicon.Certifications.Select(t => t.Pattern));

    static readonly Regex CertificationPhrase = new(
        $@"\b(?:certified\s+)?(?<cert>{CertificationAlternatives})(?:\s+certifi(?:ed|cation))?\b",
        RegexOptions.IgnoreCase | RegexOptions.Compiled);

    static readonly string TraitAlternatives = string.Join('|', Lexicon.Traits.Select(t => $"(?:{t.Pattern})"));
    static readonly string TraitList = $@"(?:{TraitAlternatives})(?:\s*(?:,\s*(?:and|or|nor)?|and|or|nor|&|/)\s*(?:{TraitAlternatives}))*";

    static readonly Regex TraitItem = new($@"\b(?:{TraitAlternatives})\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    /// <summary>"no peanuts", "without gluten or dairy", "free of palm oil", "allergic to eggs", "doesn't contain soy".</summary>
    static readonly Regex NegatedTraits = new(
        $@"\b(?:no|without|free\s+(?:of|from)|avoid(?:ing)?|allergic\s+to|not\s+containing|(?:does\s+not|doesn'?t|does\s*n't)\s+contain|contains?\s+no|with\s+no|zero|hold\s+the|minus)\s+(?:any\s+)?(?<list>{TraitList})\b",
        RegexOptions.IgnoreCase | RegexOptions.Compiled);

    /// <summary>"nut-free", "dairy free", "gluten- and dairy-free", "sugar free". A bare comma does not join items ("oat milk, nut-free" keeps the milk).</summary>
    static readonly Regex FreeTraits = new(
        $@"\b(?<list>(?:{TraitAlternatives})(?:\s*-?\s*free)?(?:\s*-?\s*(?:,\s*(?:and|or)|and|or|&|/)\s*(?:{TraitAlternatives})(?:\s*-?\s*free)?)*)\s*-?\s*free\b",
        RegexOptions.IgnoreCase | RegexOptions.Compiled);

    /// <summary>Conversational filler and follow-up markers, removed wherever they stand.</summary>
    [GeneratedRegex(@"\b(?:instead(?:\s+of\s+that)?|never\s*mind|forget\s+(?:about\s+)?(?:that|it|this)|start\s+over|scratch\s+that|actually|show\s+me|find\s+me|give\s+me|get\s+me|i\s+(?:want|need|would\s+like)|i'?d\s+like|i'?m\s+looking\s+for|looking\s+for|search\s+for|look\s+for|can\s+you|could\s+you|let'?s\s+(?:try|see|do)|how\s+about|what\s+about|make\s+(?:it|them)|same\s+but|let\s+me\s+see|new\s+search(?:\s+for)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Filler();

    [GeneratedRegex(@"^gtin\s*:\s*(?<gtin>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex GtinQuery();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
