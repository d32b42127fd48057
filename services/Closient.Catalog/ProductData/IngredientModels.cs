using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.ProductData;

/// <summary>
/// One ingredient (spec/catalog.md §2 "ingredients"). <c>priority</c> is its 1-based place on the label (the list's
/// order); <c>allergen</c> (an addition) is the <see cref="Allergens"/> slug it carries ("" = none), and
/// <c>is_major_allergen</c> is true exactly when it names one.
/// </summary>
public sealed record IngredientOut(
    string Id, string Name, bool IsMajorAllergen, bool MayContain, int Priority, string Notes, decimal? Percentage, string Origin, string Allergen);

/// <summary>PUT body: the whole list in label order, replacing the stored one.</summary>
public sealed record PutIngredientsRequest(IReadOnlyList<IngredientRequest?>? Ingredients = null);

/// <summary>
/// One ingredient as written. <c>is_major_allergen</c> may be sent for clarity but must agree with <c>allergen</c>
/// (true needs an allergen slug, false none).
/// </summary>
public sealed record IngredientRequest(
    string? Name = null, string? Allergen = null, bool? IsMajorAllergen = null, bool? MayContain = null,
    string? Notes = null, decimal? Percentage = null, string? Origin = null);

static class IngredientFields
{
    public const int NameMax = 255, NotesMax = 1000, OriginMax = 100, IngredientsMax = 200;

    public sealed record Valid(string Name, string Allergen, bool MayContain, string Notes, decimal? Percentage, string Origin);

    public static IReadOnlyList<Valid>? Validate(PutIngredientsRequest body, Validation v)
    {
        if (body.Ingredients is not { } list) { v.Add("ingredients", "Required: the whole list in label order ([] clears it)."); return null; }
        if (list.Count > IngredientsMax) { v.Add("ingredients", $"At most {IngredientsMax} ingredients."); return null; }
        var result = new List<Valid>();
        decimal total = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var field = $"ingredients[{i}]";
            if (list[i] is not { } item) { v.Add(field, "Must be an object."); continue; }
            var name = v.Required($"{field}.name", item.Name, NameMax);
            var allergen = "";
            if (!string.IsNullOrWhiteSpace(item.Allergen))
            {
                if (Allergens.Normalize(item.Allergen) is { } slug) allergen = slug;
                else v.Add($"{field}.allergen", $"Must be one of: {string.Join(", ", Allergens.All)}.");
            }
            else if (item.IsMajorAllergen == true) v.Add($"{field}.allergen", "Required when is_major_allergen is true: the allergen's slug.");
            if (item.IsMajorAllergen == false && allergen.Length > 0) v.Add($"{field}.is_major_allergen", "Must be true (or left out) when an allergen is named.");
            if (item.Percentage is { } pct)
            {
                if (pct < 0 || pct > 100) v.Add($"{field}.percentage", "Must be from 0 to 100.");
                else if (item.MayContain != true) total += pct;
            }
            var notes = v.Optional($"{field}.notes", item.Notes, NotesMax);
            var origin = v.Optional($"{field}.origin", item.Origin, OriginMax);
            result.Add(new Valid(name, allergen, item.MayContain ?? false, notes, item.Percentage, origin));
        }
        // "May contain" entries are traces, not part of the recipe: they do not count towards 100%.
        if (total > 100) v.Add("ingredients", "The percentages of the ingredients add up to more than 100.");
        return v.IsValid ? result : null;
    }
}
