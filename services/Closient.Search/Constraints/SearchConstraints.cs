using System.Text.Json;
using System.Text.Json.Serialization;

namespace Closient.Search.Constraints;

/// <summary>
/// The active constraints of a search (spec/search.md §2.3 keys). Unset keys are omitted from JSON,
/// so <c>{}</c> means "no constraints". Trait lists (exclude_allergens, …) and color join later.
/// </summary>
public sealed record SearchConstraints
{
    public const string InStock = "in_stock";
    public const string Local = "local";

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

    /// <summary><c>local</c> ("near me", "in store"); online offers are not in the read model yet, so it does not filter.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Scope { get; init; }

    /// <summary>Later constraints override earlier ones key by key (a refinement merged into the active set).</summary>
    public SearchConstraints Merge(SearchConstraints newer) => new()
    {
        PriceMax = newer.PriceMax ?? PriceMax,
        PriceMin = newer.PriceMin ?? PriceMin,
        DistanceKm = newer.DistanceKm ?? DistanceKm,
        Availability = newer.Availability ?? Availability,
        Scope = newer.Scope ?? Scope,
    };

    // Storage format (jsonb): the API's names; unknown keys are skipped so old rows survive a key's removal.
    static readonly JsonSerializerOptions Storage = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Storage);

    public static SearchConstraints FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize<SearchConstraints>(json, Storage) ?? new();
}
