using System.Text.RegularExpressions;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;
using Microsoft.Extensions.Primitives;

namespace Closient.Search.Constraints;

/// <summary>
/// The trait vocabulary of the filters (README "Trait filters"): which allergen, substance and certification slugs a caller
/// may name, and how they meet what <c>ProductUpserted</c> carries.
/// <list type="bullet">
/// <item>Allergens: the catalog's slugs (its <c>ProductData/Allergens</c>), plus the parser's and common aliases, each of
/// which stands for a set of catalog slugs (<c>gluten</c> → <c>gluten-cereals</c> + <c>wheat</c>, <c>nuts</c> →
/// <c>peanuts</c> + <c>tree-nuts</c>, …).</item>
/// <item>Substances: exactly <see cref="SubstanceSlugs.All"/>, the list the catalog derives them with.</item>
/// <item>Certifications: any slug; it is satisfied by its family of codes (<see cref="CertificationNeedles"/>).</item>
/// </list>
/// </summary>
public static partial class TraitSlugs
{
    public const int MaxSlugs = 20;
    public const int MaxSlugLength = 64;

    /// <summary>The catalog's allergen slugs (<see cref="AllergenSlugs.All"/>, US big 9 + EU Annex II).</summary>
    public static readonly IReadOnlyList<string> CatalogAllergens = AllergenSlugs.All;

    /// <summary>Aliases (the parser's <see cref="Lexicon"/> slugs and common words) → the catalog slugs they stand for.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllergenAliases = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["gluten"] = ["gluten-cereals", "wheat"],
        ["soy"] = ["soybeans"],
        ["shellfish"] = ["crustacean-shellfish", "molluscs"],
        ["sulfites"] = ["sulphites"],
        ["nuts"] = ["peanuts", "tree-nuts"],
        ["egg"] = ["eggs"],
        ["dairy"] = ["milk"],
    };

    /// <summary>Certification slugs (underscored) whose family has a member that does not contain the slug's words.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> CertificationAliases = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["fair_trade"] = ["fairtrade"],
        ["non_gmo"] = ["gmo_free"],
        ["b_corp"] = ["bcorp"],
    };

    static readonly HashSet<string> Allergens = new(CatalogAllergens.Concat(AllergenAliases.Keys), StringComparer.Ordinal);
    static readonly HashSet<string> Substances = new(SubstanceSlugs.All, StringComparer.Ordinal);

    /// <summary>The catalog slugs <paramref name="slugs"/> stand for: sorted, no duplicates.</summary>
    public static string[] ExpandAllergens(IEnumerable<string>? slugs) =>
        (slugs ?? []).SelectMany(s => AllergenAliases.TryGetValue(s, out var catalog) ? catalog : [s])
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// One entry per required slug: its family's needles joined by <c>|</c> (the slug with underscores, then its aliases).
    /// A product holds the slug when one of its codes contains a needle as whole underscore-separated words:
    /// <c>organic</c> ← <c>organic</c>, <c>usda_organic</c>, <c>eu_organic</c>; <c>non_gmo</c> ← <c>non_gmo_project_verified</c>.
    /// </summary>
    public static string[] CertificationNeedles(IEnumerable<string>? slugs) =>
        (slugs ?? []).Select(s => s.Replace('-', '_')).Distinct(StringComparer.Ordinal)
            .Select(s => string.Join('|', new[] { s }.Concat(CertificationAliases.GetValueOrDefault(s) ?? []))).ToArray();

    /// <summary>
    /// The three trait lists of a request as constraints (empty lists are null), each validated: a bad value is a 422
    /// naming <paramref name="prefix"/> + <c>exclude_allergens</c>, <c>require_certifications</c> or <c>avoid_substances</c>.
    /// </summary>
    public static SearchConstraints ParseTraits(Validation v, string prefix, StringValues allergens, StringValues certifications, StringValues substances) =>
        new()
        {
            ExcludeAllergens = SearchConstraints.Slugs(ParseAllergens(v, prefix + "exclude_allergens", allergens)),
            RequireCertifications = SearchConstraints.Slugs(ParseCertifications(v, prefix + "require_certifications", certifications)),
            AvoidSubstances = SearchConstraints.Slugs(ParseSubstances(v, prefix + "avoid_substances", substances)),
        };

    public static IReadOnlyList<string> ParseAllergens(Validation v, string field, StringValues values) =>
        Parse(v, field, values, s => Allergens.Contains(s),
            $"Each value must be an allergen slug: {string.Join(", ", CatalogAllergens.Concat(AllergenAliases.Keys))}.");

    public static IReadOnlyList<string> ParseSubstances(Validation v, string field, StringValues values) =>
        Parse(v, field, values, s => Substances.Contains(s), $"Each value must be a substance slug: {string.Join(", ", SubstanceSlugs.All)}.");

    /// <summary>Certification slugs: letters, digits and single hyphens or underscores; written back with hyphens (<c>fair-trade</c>).</summary>
    public static IReadOnlyList<string> ParseCertifications(Validation v, string field, StringValues values) =>
        Parse(v, field, values, s => s.Length <= MaxSlugLength && SlugPattern().IsMatch(s),
            $"Each value must be a slug of 1 to {MaxSlugLength} letters, digits and single hyphens (such as organic or fair-trade).")
            .Select(s => s.Replace('_', '-')).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Repeated and/or comma-separated values, trimmed and lower-cased; sorted, no duplicates. A bad one is a 422 naming the field.</summary>
    static IReadOnlyList<string> Parse(Validation v, string field, StringValues values, Func<string, bool> valid, string message)
    {
        var slugs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var piece in values.SelectMany(value => (value ?? "").Split(',')))
        {
            var slug = piece.Trim().ToLowerInvariant();
            if (slug.Length == 0 || slug.Length > MaxSlugLength || !valid(slug)) { v.Add(field, message); return []; }
            slugs.Add(slug);
        }
        if (slugs.Count > MaxSlugs) { v.Add(field, $"At most {MaxSlugs} values."); return []; }
        return slugs.ToList();
    }

    [GeneratedRegex("^[a-z0-9]+(?:[-_][a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}

/// <summary>
/// The trait and color conditions on a product (alias <c>p</c>), as SQL, for catalog search, local search and sessions.
/// Parameters: <c>@ExcludeAllergens</c> (catalog slugs, <see cref="TraitSlugs.ExpandAllergens"/>), <c>@AvoidSubstances</c>,
/// <c>@RequireCertifications</c> (<see cref="TraitSlugs.CertificationNeedles"/>), <c>@ColorPattern</c>.
/// </summary>
public static class TraitSql
{
    /// <summary>No ingredient names any excluded allergen. Products that declared nothing pass (see <see cref="DeclaredAllergens"/>).</summary>
    public const string ExcludeAllergens = "NOT (p.contains_allergens && @ExcludeAllergens::text[])";

    /// <summary>The product declared its allergen data (local search and sessions drop "low" confidence products).</summary>
    public const string DeclaredAllergens = "p.allergens_declared";

    public const string AvoidSubstances = "NOT (p.substances && @AvoidSubstances::text[])";

    /// <summary>Every required slug has a code of its family among the product's certifications.</summary>
    public const string RequireCertifications = """
        NOT EXISTS (SELECT 1 FROM unnest(@RequireCertifications::text[]) req
                    WHERE NOT EXISTS (SELECT 1 FROM unnest(p.certifications) code, unnest(string_to_array(req, '|')) needle
                                      WHERE position('_' || needle || '_' in '_' || code || '_') > 0))
        """;

    /// <summary>The parameters of these conditions for <paramref name="c"/> (empty lists when a constraint is not set).</summary>
    public static void AddParameters(Dapper.DynamicParameters parameters, SearchConstraints c)
    {
        parameters.Add("ExcludeAllergens", TraitSlugs.ExpandAllergens(c.ExcludeAllergens));
        parameters.Add("AvoidSubstances", (c.AvoidSubstances ?? []).ToArray());
        parameters.Add("RequireCertifications", TraitSlugs.CertificationNeedles(c.RequireCertifications));
        parameters.Add("ColorPattern", ColorPattern(c.Color) ?? "");
    }

    /// <summary>The color word (or a synonym of it) appears as a word in the product's name or description.</summary>
    public const string Color = "search.unaccent_text(p.product_name || ' ' || p.description) ~* @ColorPattern::text";

    /// <summary>The <c>~*</c> pattern of a palette color: any word of <see cref="Lexicon.Colors"/> that folds to it, as a whole word.</summary>
    public static string? ColorPattern(string? color) => color is null ? null
        : @"\m(?:" + string.Join('|', Lexicon.Colors.Where(c => c.Value == color).Select(c => Regex.Escape(c.Key)).Append(Regex.Escape(color)).Distinct()) + @")\M";
}
