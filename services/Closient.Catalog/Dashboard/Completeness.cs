namespace Closient.Catalog.Dashboard;

/// <summary>One field's contribution: score 0–1 and its weight (the weights sum to 1).</summary>
public sealed record FieldScore(decimal Score, decimal Weight);

/// <summary><c>GET …/completeness</c>: <c>percentage = round(Σ score × weight × 100)</c>.</summary>
public sealed record CompletenessOut(int Percentage, IReadOnlyDictionary<string, FieldScore> Fields);

/// <summary>What the completeness formula reads about one product (see <see cref="CompletenessFacts"/>).</summary>
public sealed record ProductFacts(
    Guid ProductId,
    string ProductName,
    string Description,
    string Brand,
    bool BrandIsRegistered,
    string CountryOfOrigin,
    int ImageCount,
    bool HasPrimaryImage,
    int ActiveOffers,
    bool HasCategory,
    bool HasNutrition,
    bool HasCertifications);

/// <summary>
/// The one completeness formula (spec/catalog.md §8; the weights were not published, these are ours).
/// Both the per-product endpoint and the organization stats call <see cref="Of"/>, so they cannot disagree.
/// Scores use decimals, so weights like 0.15 add up exactly and rounding is the usual half away from zero.
/// </summary>
public static class Completeness
{
    /// <summary>A product at or above this percentage counts as complete in the stats.</summary>
    public const int CompleteThreshold = 80;

    /// <summary>A description shorter than this earns half its weight.</summary>
    public const int FullDescriptionLength = 50;

    public static readonly IReadOnlyDictionary<string, decimal> Weights = new Dictionary<string, decimal>
    {
        // The fields a brand fills in itself weigh most; category, nutrition (a stored panel) and certifications
        // weigh 0.05 each, so a product can reach "complete" (80) without them.
        ["name"] = 0.15m,
        ["description"] = 0.15m,
        ["brand"] = 0.10m,
        ["category"] = 0.05m,
        ["images"] = 0.25m,
        ["nutrition"] = 0.05m,
        ["certifications"] = 0.05m,
        ["offers"] = 0.10m,
        ["country"] = 0.10m,
    };

    public static CompletenessOut Of(ProductFacts p)
    {
        var scores = new Dictionary<string, decimal>
        {
            ["name"] = p.ProductName.Trim().Length > 0 ? 1m : 0m,
            ["description"] = p.Description.Trim().Length switch { 0 => 0m, < FullDescriptionLength => 0.5m, _ => 1m },
            // Free brand text earns half; a brand the organization has registered (a Brand record) earns all.
            ["brand"] = p.Brand.Trim().Length == 0 ? 0m : p.BrandIsRegistered ? 1m : 0.5m,
            ["category"] = p.HasCategory ? 1m : 0m,
            // Images without a chosen primary earn half: the primary is what listings show.
            ["images"] = p.ImageCount == 0 ? 0m : p.HasPrimaryImage ? 1m : 0.5m,
            ["nutrition"] = p.HasNutrition ? 1m : 0m,
            ["certifications"] = p.HasCertifications ? 1m : 0m,
            ["offers"] = p.ActiveOffers > 0 ? 1m : 0m,
            ["country"] = p.CountryOfOrigin.Length > 0 ? 1m : 0m,
        };
        var fields = Weights.ToDictionary(w => w.Key, w => new FieldScore(scores[w.Key], w.Value));
        var percentage = (int)Math.Round(fields.Values.Sum(f => f.Score * f.Weight * 100m), MidpointRounding.AwayFromZero);
        return new CompletenessOut(percentage, fields);
    }
}
