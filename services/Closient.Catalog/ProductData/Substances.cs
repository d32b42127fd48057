using System.Text.RegularExpressions;
using Closient.Contracts.Catalog;

namespace Closient.Catalog.ProductData;

/// <summary>
/// The substance table (README "Product data → substances"): which ingredient names mean which substance slug of
/// <see cref="SubstanceSlugs.All"/> (the vocabulary search's <c>avoid_substances</c> and its "no sucralose" phrases use).
/// A pattern is matched case-insensitively as whole words anywhere in the ingredient's name; one name can give several
/// slugs (sucralose is also an artificial sweetener). "May contain" entries count, as they do for allergens.
/// </summary>
public static class Substances
{
    /// <summary>Slug → the ingredient-name patterns (regex fragments) that mean it.</summary>
    public static readonly IReadOnlyList<(string Slug, string Pattern)> Table =
    [
        ("sucralose", @"sucralose|e\s?955"),
        ("aspartame", @"aspartame|e\s?951"),
        ("palm-oil", @"palm(?:\s+kernel)?\s+(?:oil|fat)|palmolein|palm\s+olein"),
        ("high-fructose-corn-syrup", @"high[\s-]fructose\s+corn\s+syrup|hfcs|glucose[\s-]fructose\s+syrup|isoglucose"),
        ("msg", @"monosodium\s+glutamate|msg|e\s?621"),
        ("artificial-colors", @"artificial\s+colou?rs?|fd&c|(?:red|yellow|blue|green)\s+(?:no\.?\s*)?\d+(?:\s+lake)?|tartrazine|allura\s+red|sunset\s+yellow|brilliant\s+blue|e\s?1(?:02|10|22|24|29|33)"),
        ("artificial-sweeteners", @"sucralose|aspartame|acesulfame(?:[\s-](?:k|potassium))?|saccharin|neotame|advantame|cyclamate|e\s?9(?:50|51|52|54|55|61|62)"),
        ("added-sugar", @"sugar|cane\s+sugar|brown\s+sugar|dextrose|sucrose|glucose(?:\s+syrup)?|corn\s+syrup|high[\s-]fructose\s+corn\s+syrup|invert\s+sugar|cane\s+juice|molasses|maltose|agave\s+syrup|rice\s+syrup"),
        ("preservatives", @"sodium\s+benzoate|potassium\s+sorbate|sorbic\s+acid|benzoic\s+acid|calcium\s+propionate|bha|bht|tbhq|preservatives?|e\s?2(?:[0-2]\d|8[0-3])"),
        ("caffeine", @"caffeine|guarana|coffee|espresso"),
        ("alcohol", @"alcohol|ethanol|wine|beer|rum|brandy|whiske?y|vodka|liqueur"),
        ("gelatin", @"gelatine?|e\s?441"),
        ("carrageenan", @"carrageenan|e\s?407a?"),
        ("parabens", @"\w*parabens?"),
        ("sulfates", @"(?:sodium|ammonium)\s+(?:lauryl|laureth)\s+sulfate|sls|sles"),
        ("nitrites", @"sodium\s+nitrite|sodium\s+nitrate|potassium\s+nitrite|potassium\s+nitrate|nitrites?|nitrates?|e\s?25[0-2]"),
        ("bpa", @"bisphenol[\s-]a|bpa"),
    ];

    static readonly IReadOnlyList<(string Slug, Regex Pattern)> Compiled = Table
        .Select(t => (t.Slug, new Regex($@"(?<![\w&])(?:{t.Pattern})(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50))))
        .ToList();

    /// <summary>The substance slugs the ingredient names contain: sorted, no duplicates.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<string> ingredientNames)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in ingredientNames)
            foreach (var (slug, pattern) in Compiled)
                if (!found.Contains(slug) && pattern.IsMatch(name ?? "")) found.Add(slug);
        return found.ToList();
    }
}
