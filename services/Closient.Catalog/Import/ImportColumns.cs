namespace Closient.Catalog.Import;

/// <summary>The CSV columns the import understands (spec/catalog.md §4) and the header names that select them.</summary>
static class ImportColumns
{
    public const string Gtin = "gtin", ProductName = "product_name", Brand = "brand", Manufacturer = "manufacturer",
        Description = "description", ImageUrl = "image_url", CountryOfOrigin = "country_of_origin", NetContent = "net_content";

    /// <summary>The canonical headers, in template order.</summary>
    public static readonly IReadOnlyList<string> Canonical = [Gtin, ProductName, Brand, Manufacturer, Description, ImageUrl, CountryOfOrigin, NetContent];

    static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["gtin"] = Gtin, ["barcode"] = Gtin, ["upc"] = Gtin, ["ean"] = Gtin,
        ["gtin-8"] = Gtin, ["gtin-12"] = Gtin, ["gtin-13"] = Gtin, ["gtin-14"] = Gtin,
        ["product_name"] = ProductName, ["name"] = ProductName, ["title"] = ProductName,
        ["brand"] = Brand,
        ["manufacturer"] = Manufacturer,
        ["description"] = Description,
        ["image_url"] = ImageUrl, ["image"] = ImageUrl, ["photo_url"] = ImageUrl,
        ["country_of_origin"] = CountryOfOrigin, ["country"] = CountryOfOrigin, ["origin"] = CountryOfOrigin,
        ["net_content"] = NetContent, ["size"] = NetContent, ["weight"] = NetContent, ["volume"] = NetContent,
    };

    /// <summary>
    /// The column a header selects, or null for a column the import ignores. Headers compare case-insensitively,
    /// trimmed, with spaces read as underscores ("Product Name" is product_name, "GTIN-13" is gtin).
    /// </summary>
    public static string? For(string header) =>
        Aliases.GetValueOrDefault(header.Trim().ToLowerInvariant().Replace(' ', '_'));
}
