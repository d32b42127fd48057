namespace Closient.Contracts.Catalog;

/// <summary>
/// The substance vocabulary shared by the catalog (which derives <see cref="ProductUpserted.Substances"/> from ingredient
/// names) and search (<c>avoid_substances</c>, and the phrase "no sucralose" → <c>sucralose</c>): lower-case kebab-case
/// slugs. One list, so a slug search accepts is one the catalog can publish.
/// </summary>
public static class SubstanceSlugs
{
    /// <summary>Every substance slug.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "sucralose", "aspartame", "palm-oil", "high-fructose-corn-syrup", "msg", "artificial-colors",
        "artificial-sweeteners", "added-sugar", "preservatives", "caffeine", "alcohol", "gelatin", "carrageenan",
        "parabens", "sulfates", "nitrites", "bpa",
    ];
}
