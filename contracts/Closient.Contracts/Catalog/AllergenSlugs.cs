namespace Closient.Contracts.Catalog;

/// <summary>
/// The allergen vocabulary of <see cref="ProductUpserted.ContainsAllergens"/>: lowercase slugs for the union of the US FDA
/// major food allergens (the "big 9") and the EU FIC Annex II list (14). The catalog validates ingredients against it and
/// search validates <c>exclude_allergens</c> against it (plus its own aliases), so both use one list.
/// </summary>
public static class AllergenSlugs
{
    /// <summary>Every allergen slug.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "milk", "eggs", "fish", "crustacean-shellfish", "tree-nuts", "peanuts", "wheat", "soybeans", "sesame",
        "gluten-cereals", "celery", "mustard", "sulphites", "lupin", "molluscs",
    ];
}
