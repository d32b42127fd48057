using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.ProductData;

/// <summary>A product's nutrition panel (spec/catalog.md §2 "nutrition"); <c>unit</c> on nutrients is an addition ("" = none given).</summary>
public sealed record NutritionOut(
    string ServingSize, string LabelFormat, IReadOnlyList<NutrientOut> Nutrients, decimal? ServingSizeG, decimal? ServingsPerContainer);

public sealed record NutrientOut(string Name, decimal Amount, string Unit, decimal? DailyValuePct);

/// <summary>PUT body: the whole panel, replacing any stored one.</summary>
public sealed record PutNutritionRequest(
    string? ServingSize = null, string? LabelFormat = null, IReadOnlyList<NutrientRequest?>? Nutrients = null,
    decimal? ServingSizeG = null, decimal? ServingsPerContainer = null);

public sealed record NutrientRequest(string? Name = null, decimal? Amount = null, string? Unit = null, decimal? DailyValuePct = null);

static class NutritionFields
{
    public static readonly IReadOnlyList<string> LabelFormats = ["US_FDA", "EU", "CA_CFIA", "AU_NZ", "UK"];
    public const int ServingSizeMax = 100, NameMax = 100, UnitMax = 20, NutrientsMax = 100;
    public const decimal AmountMax = 1_000_000m, DailyValueMax = 1000m, ServingMax = 1_000_000m;

    /// <summary>The validated panel, or null when <paramref name="v"/> holds errors.</summary>
    public static NutritionOut? Validate(PutNutritionRequest body, Validation v)
    {
        var servingSize = v.Required("serving_size", body.ServingSize, ServingSizeMax);
        var format = body.LabelFormat?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(format)) v.Add("label_format", "Required.");
        else if (!LabelFormats.Contains(format)) v.Add("label_format", $"Must be one of: {string.Join(", ", LabelFormats)}.");
        if (body.ServingSizeG is { } g && (g <= 0 || g > ServingMax)) v.Add("serving_size_g", $"Must be greater than 0 and at most {ServingMax}.");
        if (body.ServingsPerContainer is { } s && (s <= 0 || s > ServingMax)) v.Add("servings_per_container", $"Must be greater than 0 and at most {ServingMax} (fractions allowed).");

        var nutrients = new List<NutrientOut>();
        var list = body.Nutrients ?? [];
        if (list.Count > NutrientsMax) v.Add("nutrients", $"At most {NutrientsMax} nutrients.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Count && i < NutrientsMax; i++)
        {
            var field = $"nutrients[{i}]";
            if (list[i] is not { } n) { v.Add(field, "Must be an object."); continue; }
            var name = v.Required($"{field}.name", n.Name, NameMax);
            if (name.Length > 0 && !names.Add(name)) v.Add($"{field}.name", "Listed twice in this panel.");
            if (n.Amount is not { } amount) v.Add($"{field}.amount", "Required.");
            else if (amount < 0 || amount > AmountMax) v.Add($"{field}.amount", $"Must be from 0 to {AmountMax}.");
            var unit = v.Optional($"{field}.unit", n.Unit, UnitMax);
            if (n.DailyValuePct is < 0 or > DailyValueMax) v.Add($"{field}.daily_value_pct", $"Must be from 0 to {DailyValueMax}.");
            nutrients.Add(new NutrientOut(name, n.Amount ?? 0, unit, n.DailyValuePct));
        }
        return v.IsValid ? new NutritionOut(servingSize, format!, nutrients, body.ServingSizeG, body.ServingsPerContainer) : null;
    }
}
