namespace Closient.Search.Constraints;

/// <summary>What kind of trait a word names, so "no X" / "X-free" lands in the right key.</summary>
public enum TraitKind { Allergen, Substance, Certification }

/// <summary>
/// The fixed vocabulary of the constraint parser: the color palette, and the trait words with the slugs
/// they become. Slugs are lower-case kebab-case, like the catalog's certification codes
/// (<c>ProductUpserted.Certifications</c>). The README's "Constraint grammar" lists the same tables.
/// </summary>
public static class Lexicon
{
    /// <summary>Color words → palette color (synonyms fold: grey → gray, violet → purple, golden → gold).</summary>
    public static readonly IReadOnlyDictionary<string, string> Colors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["black"] = "black", ["white"] = "white", ["gray"] = "gray", ["grey"] = "gray", ["red"] = "red",
        ["orange"] = "orange", ["yellow"] = "yellow", ["green"] = "green", ["blue"] = "blue", ["navy"] = "navy",
        ["purple"] = "purple", ["violet"] = "purple", ["pink"] = "pink", ["brown"] = "brown", ["beige"] = "beige",
        ["gold"] = "gold", ["golden"] = "gold", ["silver"] = "silver", ["teal"] = "teal", ["maroon"] = "maroon",
        ["turquoise"] = "turquoise",
    };

    /// <summary>
    /// Words that follow "no" / "without" / "free of" or precede "-free" (regex fragment → kind and slugs).
    /// "nut" means both peanuts and tree nuts; dairy, lactose and milk are the allergen <c>milk</c>;
    /// "no GMOs" / "GMO-free" requires the <c>non-gmo</c> certification.
    /// </summary>
    public static readonly IReadOnlyList<(string Pattern, TraitKind Kind, string[] Slugs)> Traits =
    [
        (@"peanuts?", TraitKind.Allergen, ["peanuts"]),
        (@"tree[\s-]?nuts?", TraitKind.Allergen, ["tree-nuts"]),
        (@"nuts?", TraitKind.Allergen, ["peanuts", "tree-nuts"]),
        (@"dairy|milk|lactose", TraitKind.Allergen, ["milk"]),
        (@"gluten", TraitKind.Allergen, ["gluten"]),
        (@"wheat", TraitKind.Allergen, ["wheat"]),
        (@"eggs?", TraitKind.Allergen, ["eggs"]),
        (@"soy|soya", TraitKind.Allergen, ["soy"]),
        (@"shellfish|crustaceans?|shrimp", TraitKind.Allergen, ["shellfish"]),
        (@"fish", TraitKind.Allergen, ["fish"]),
        (@"sesame", TraitKind.Allergen, ["sesame"]),
        (@"mustard", TraitKind.Allergen, ["mustard"]),
        (@"celery", TraitKind.Allergen, ["celery"]),
        (@"lupin", TraitKind.Allergen, ["lupin"]),
        (@"sulfites?|sulphites?", TraitKind.Allergen, ["sulfites"]),
        (@"sucralose", TraitKind.Substance, ["sucralose"]),
        (@"aspartame", TraitKind.Substance, ["aspartame"]),
        (@"palm[\s-]oil", TraitKind.Substance, ["palm-oil"]),
        (@"high[\s-]fructose\s+corn\s+syrup|hfcs", TraitKind.Substance, ["high-fructose-corn-syrup"]),
        (@"msg|monosodium\s+glutamate", TraitKind.Substance, ["msg"]),
        (@"artificial\s+(?:colou?rs?|dyes?|colou?rings?)|food\s+dyes?", TraitKind.Substance, ["artificial-colors"]),
        (@"artificial\s+sweeteners?", TraitKind.Substance, ["artificial-sweeteners"]),
        (@"(?:added\s+)?sugars?", TraitKind.Substance, ["added-sugar"]),
        (@"preservatives?", TraitKind.Substance, ["preservatives"]),
        (@"caffeine", TraitKind.Substance, ["caffeine"]),
        (@"alcohol", TraitKind.Substance, ["alcohol"]),
        (@"gelatine?", TraitKind.Substance, ["gelatin"]),
        (@"carrageenan", TraitKind.Substance, ["carrageenan"]),
        (@"parabens?", TraitKind.Substance, ["parabens"]),
        (@"sulfates?|sulphates?", TraitKind.Substance, ["sulfates"]),
        (@"nitrates?|nitrites?", TraitKind.Substance, ["nitrites"]),
        (@"bpa", TraitKind.Substance, ["bpa"]),
        (@"gmos?", TraitKind.Certification, ["non-gmo"]),
    ];

    /// <summary>Certification phrases (regex fragment → slug); "certified" / "certification" around them is optional.</summary>
    public static readonly IReadOnlyList<(string Pattern, string Slug)> Certifications =
    [
        (@"(?:usda\s+)?organic", "organic"),
        (@"vegan", "vegan"),
        (@"vegetarian", "vegetarian"),
        (@"kosher", "kosher"),
        (@"halal", "halal"),
        (@"fair[\s-]?trade", "fair-trade"),
        (@"non[\s-]?gmo", "non-gmo"),
        (@"rainforest\s+alliance", "rainforest-alliance"),
        (@"grass[\s-]fed", "grass-fed"),
        (@"cruelty[\s-]free", "cruelty-free"),
        (@"b[\s-]corp", "b-corp"),
    ];

    /// <summary>The chip label of a slug: "tree-nuts" → "tree nuts".</summary>
    public static string Words(string slug) => slug.Replace('-', ' ');
}
