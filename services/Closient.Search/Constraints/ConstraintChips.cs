using System.Globalization;

namespace Closient.Search.Constraints;

/// <summary>
/// One active constraint as the UI shows it: <c>key</c> is what <c>DELETE …/constraints/{key}</c> takes,
/// <c>value</c> the constraint's value as text (one chip per slug for trait lists; removing the key
/// removes the whole list), <c>label</c> the chip text ("under $80", "within 2 km", "no peanuts").
/// </summary>
public sealed record ConstraintChip(string Key, string Value, string Label);

public static class ConstraintChips
{
    /// <summary>The chips of <paramref name="c"/>, in <see cref="SearchConstraints.Keys"/> order.</summary>
    public static IReadOnlyList<ConstraintChip> Of(SearchConstraints c)
    {
        var chips = new List<ConstraintChip>();
        if (c.Color is { } color) chips.Add(new("color", color, "in " + color));
        if (c.PriceMin is { } min) chips.Add(new("price_min", Decimal(min), "over " + Price(min)));
        if (c.PriceMax is { } max) chips.Add(new("price_max", Decimal(max), "under " + Price(max)));
        if (c.DistanceKm is { } km) chips.Add(new("distance_km", Km(km), $"within {Km(km)} km"));
        if (c.Availability is { } availability) chips.Add(new("availability", availability, "in stock"));
        if (c.Scope is { } scope)
            chips.Add(new("scope", scope, scope switch { SearchConstraints.Online => "online", SearchConstraints.All => "online or in store", _ => "near me" }));
        foreach (var slug in c.ExcludeAllergens ?? []) chips.Add(new("exclude_allergens", slug, "no " + Lexicon.Words(slug)));
        foreach (var slug in c.RequireCertifications ?? []) chips.Add(new("require_certifications", slug, Lexicon.Words(slug)));
        foreach (var slug in c.AvoidSubstances ?? []) chips.Add(new("avoid_substances", slug, "no " + Lexicon.Words(slug)));
        return chips;
    }

    /// <summary>"$80" for a whole amount, "$12.50" otherwise (the amount is in each offer's own currency; "$" is the label's convention).</summary>
    public static string Price(decimal amount) =>
        "$" + (amount == decimal.Truncate(amount) ? decimal.Truncate(amount).ToString(CultureInfo.InvariantCulture) : amount.ToString("0.00", CultureInfo.InvariantCulture));

    static string Decimal(decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture);

    static string Km(double km) => km.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>"'a'", "'a' and 'b'", "'a', 'b' and 'c'".</summary>
    public static string Join(IReadOnlyList<string> labels) => labels.Count switch
    {
        0 => "",
        1 => $"'{labels[0]}'",
        _ => string.Join(", ", labels.Take(labels.Count - 1).Select(l => $"'{l}'")) + $" and '{labels[^1]}'",
    };
}
