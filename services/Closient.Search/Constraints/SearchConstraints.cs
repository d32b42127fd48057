using System.Text.Json;
using System.Text.Json.Serialization;

namespace Closient.Search.Constraints;

/// <summary>
/// The active constraints of a search (spec/search.md §2.3 keys). Unset keys are omitted from JSON,
/// so <c>{}</c> means "no constraints". Trait keys hold lists of slugs (sorted, distinct, never empty:
/// an empty list is stored as unset); the rest are scalars. Vocabulary: <see cref="Lexicon"/>.
/// </summary>
public sealed record SearchConstraints
{
    public const string InStock = "in_stock";
    public const string Local = "local";
    public const string Online = "online";
    public const string All = "all";

    /// <summary>The keys a client may name (<c>DELETE …/constraints/{key}</c>), in display order.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "color", "price_min", "price_max", "distance_km", "availability", "scope",
        "exclude_allergens", "require_certifications", "avoid_substances",
    ];

    /// <summary>A color of the fixed palette (<see cref="Lexicon.Colors"/>), e.g. <c>red</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Color { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? PriceMax { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? PriceMin { get; init; }

    /// <summary>Search radius in km; overrides the session's <c>radius_km</c> while set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DistanceKm { get; init; }

    /// <summary><c>in_stock</c> keeps only offers whose stock status is in_stock or low_stock.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Availability { get; init; }

    /// <summary><c>local</c> ("near me", "in store"), <c>online</c> ("online", "delivered") or <c>all</c> ("anywhere").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Scope { get; init; }

    /// <summary>Allergen slugs to keep out (<c>peanuts</c>, <c>tree-nuts</c>, <c>milk</c>, …).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ExcludeAllergens { get; init; }

    /// <summary>Certification slugs every product must hold (<c>organic</c>, <c>vegan</c>, <c>fair-trade</c>, …).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? RequireCertifications { get; init; }

    /// <summary>Substance slugs to avoid (<c>sucralose</c>, <c>palm-oil</c>, …).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? AvoidSubstances { get; init; }

    /// <summary>True when no key is set.</summary>
    [JsonIgnore]
    public bool IsEmpty => Equals(new SearchConstraints());

    /// <summary>
    /// A refinement merged into the active set: scalars of <paramref name="newer"/> override key by key,
    /// trait lists are unioned ("also nut-free" adds to "no dairy"). When the merged price range is
    /// inverted (min above max), the newer bound wins and the older one is dropped.
    /// </summary>
    public SearchConstraints Merge(SearchConstraints newer)
    {
        var merged = new SearchConstraints
        {
            Color = newer.Color ?? Color,
            PriceMax = newer.PriceMax ?? PriceMax,
            PriceMin = newer.PriceMin ?? PriceMin,
            DistanceKm = newer.DistanceKm ?? DistanceKm,
            Availability = newer.Availability ?? Availability,
            Scope = newer.Scope ?? Scope,
            ExcludeAllergens = Union(ExcludeAllergens, newer.ExcludeAllergens),
            RequireCertifications = Union(RequireCertifications, newer.RequireCertifications),
            AvoidSubstances = Union(AvoidSubstances, newer.AvoidSubstances),
        };
        if (merged.PriceMin > merged.PriceMax)
            merged = newer.PriceMax is not null ? merged with { PriceMin = newer.PriceMin } : merged with { PriceMax = newer.PriceMax };
        return merged;
    }

    /// <summary>These constraints without <paramref name="key"/> (one of <see cref="Keys"/>).</summary>
    public SearchConstraints Without(string key) => key switch
    {
        "color" => this with { Color = null },
        "price_max" => this with { PriceMax = null },
        "price_min" => this with { PriceMin = null },
        "distance_km" => this with { DistanceKm = null },
        "availability" => this with { Availability = null },
        "scope" => this with { Scope = null },
        "exclude_allergens" => this with { ExcludeAllergens = null },
        "require_certifications" => this with { RequireCertifications = null },
        "avoid_substances" => this with { AvoidSubstances = null },
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not a constraint key."),
    };

    /// <summary>Whether <paramref name="key"/> is set.</summary>
    public bool Has(string key) => !Equals(Without(key));

    /// <summary>Sorted, distinct slugs; null for none, so an empty list never reaches JSON.</summary>
    public static IReadOnlyList<string>? Slugs(IEnumerable<string>? slugs)
    {
        var list = slugs?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return list is { Length: > 0 } ? list : null;
    }

    static IReadOnlyList<string>? Union(IReadOnlyList<string>? a, IReadOnlyList<string>? b) => Slugs((a ?? []).Concat(b ?? []));

    public bool Equals(SearchConstraints? other) =>
        other is not null && Color == other.Color && PriceMax == other.PriceMax && PriceMin == other.PriceMin &&
        DistanceKm == other.DistanceKm && Availability == other.Availability && Scope == other.Scope &&
        Same(ExcludeAllergens, other.ExcludeAllergens) && Same(RequireCertifications, other.RequireCertifications) &&
        Same(AvoidSubstances, other.AvoidSubstances);

    public override int GetHashCode() => HashCode.Combine(Color, PriceMax, PriceMin, DistanceKm, Availability, Scope,
        string.Join(',', ExcludeAllergens ?? []), string.Join(',', (RequireCertifications ?? []).Concat(AvoidSubstances ?? [])));

    static bool Same(IReadOnlyList<string>? a, IReadOnlyList<string>? b) => (a ?? []).SequenceEqual(b ?? []);

    // Storage format (jsonb): the API's names; unknown keys are skipped so old rows survive a key's removal.
    static readonly JsonSerializerOptions Storage = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Storage);

    public static SearchConstraints FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize<SearchConstraints>(json, Storage) ?? new();
}
