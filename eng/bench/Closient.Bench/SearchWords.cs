namespace Closient.Bench;

/// <summary>
/// The vocabulary of the search benchmark, shared by the seeder (<see cref="SearchSeed"/>) and the load cases
/// (<see cref="SearchBenchmark"/>): product names are <c>[artisan] [adjective] [flavor] noun [rare word] size</c>.
/// <see cref="Common"/> is in ~30% of products; each of the <see cref="Rare"/> words in ~0.02% (20 of 100k).
/// Words of different lists never share an English stem, so the shares hold for full-text matches too.
/// </summary>
public static class SearchWords
{
    /// <summary>
    /// The very common word: in <see cref="CommonShare"/> of product names. Not a phrase the search query parser reads as a
    /// constraint (until session 4 it was "organic", which local search takes for a certification requirement).
    /// </summary>
    public const string Common = "artisan";

    public const double CommonShare = 0.30;

    /// <summary>Share of products whose name carries one of the rare words (spread evenly over them).</summary>
    public const double RareShare = 0.008;

    public static readonly string[] Adjectives =
    [
        "classic", "fresh", "natural", "light", "crunchy", "smoked", "roasted", "spicy", "sweet", "whole",
        "sparkling", "unsweetened", "vegan", "premium", "original", "family", "mini", "extra", "golden", "hearty",
    ];

    public static readonly string[] Flavors =
    [
        "vanilla", "chocolate", "strawberry", "lemon", "garlic", "honey", "maple", "cinnamon", "mango", "coconut",
        "peanut", "almond", "tomato", "basil", "cheddar", "raspberry", "blueberry", "ginger", "mint", "pepper",
    ];

    public static readonly string[] Nouns =
    [
        "coffee", "tea", "granola", "cereal", "crackers", "chips", "pasta", "sauce", "yogurt", "milk",
        "cheese", "bread", "cookies", "juice", "soup", "beans", "rice", "oil", "butter", "jam",
        "salsa", "hummus", "soda", "water", "candy", "shampoo", "soap", "toothpaste", "detergent", "batteries",
        "oatmeal", "noodles", "popcorn", "pretzels", "muffins", "tortillas", "vinegar", "mustard", "ketchup", "broth",
    ];

    /// <summary>Words no other list uses: each in about 20 of 100k products.</summary>
    public static readonly string[] Rare =
    [
        "yuzu", "sumac", "tamarind", "lingonberry", "kombu", "gochujang", "fenugreek", "cardamom", "elderflower", "bergamot",
        "sorghum", "teff", "amaranth", "kumquat", "lychee", "persimmon", "quince", "jicama", "tahini", "miso",
        "wasabi", "harissa", "zaatar", "furikake", "chipotle", "tarragon", "saffron", "pistachio", "macadamia", "rooibos",
        "hibiscus", "matcha", "sriracha", "ponzu", "chicory", "juniper", "lavender", "rosehip", "sesame", "turmeric",
    ];

    public static readonly string[] Sizes = ["12 oz", "16 oz", "500 g", "1 kg", "1 L", "2 L", "6 pack", "12 pack", "2 lb", "8 oz"];

    static readonly string[] BrandStarts =
    [
        "North", "Blue", "Green", "Silver", "Maple", "River", "Sun", "Stone", "Oak", "Pine",
        "Red", "Golden", "Harbor", "Prairie", "Cedar", "Willow", "Summit", "Meadow", "Clear", "Wild",
        "Bright", "Valley", "Coast", "Iron",
    ];

    static readonly string[] BrandEnds =
    [
        "field", "crest", "brook", "wood", "dale", "ridge", "haven", "gate", "stone", "vale",
        "ford", "side", "mill", "wick", "land", "point", "bay", "spring", "hill", "farm",
    ];

    static readonly string[] RetailerKinds = ["Market", "Grocers", "Foods", "Pantry", "Mart", "Provisions"];

    /// <summary>480 brand names ("Northfield", "Bluecrest", …).</summary>
    public static readonly string[] Brands = BrandStarts.SelectMany(s => BrandEnds.Select(e => s + e)).ToArray();

    /// <summary>60 retailer names ("Northfield Market", …), none equal to a brand.</summary>
    public static readonly string[] Retailers =
        Enumerable.Range(0, 60).Select(i => $"{BrandStarts[i % BrandStarts.Length]}{BrandEnds[(i * 7 + 3) % BrandEnds.Length]} {RetailerKinds[i % RetailerKinds.Length]}").ToArray();

    /// <summary>Where the stores are: metro centres (latitude, longitude); stores spread around each (σ ≈ 15 km).</summary>
    public static readonly (string Name, double Latitude, double Longitude)[] Metros =
    [
        ("Portland", 45.5231, -122.6765),
        ("Seattle", 47.6062, -122.3321),
        ("Denver", 39.7392, -104.9903),
        ("Austin", 30.2672, -97.7431),
        ("Chicago", 41.8781, -87.6298),
    ];

    public const double MetroSigmaKm = 15;
}
