namespace Closient.Catalog.ProductData;

/// <summary>
/// How allergens are named (README "Product data"): lowercase slugs for the union of the US FDA major food
/// allergens (FALCPA + FASTER Act: the "big 9") and the EU FIC Annex II list (14), so one name works for
/// every label format. <c>wheat</c> is the US allergen; <c>gluten-cereals</c> the EU's cereals containing
/// gluten (wheat, rye, barley, oats, spelt, kamut); <c>crustacean-shellfish</c> is both lists' crustaceans.
/// </summary>
public static class Allergens
{
    /// <summary>The slugs: <c>Closient.Contracts.Catalog.AllergenSlugs.All</c>, shared with search's <c>exclude_allergens</c>.</summary>
    public static readonly IReadOnlyList<string> All = Contracts.Catalog.AllergenSlugs.All;

    static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    /// <summary>The slug (trimmed, lower-cased), or null when it is not one of <see cref="All"/>.</summary>
    public static string? Normalize(string value)
    {
        var slug = value.Trim().ToLowerInvariant();
        return Known.Contains(slug) ? slug : null;
    }
}
