using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Products;

/// <summary>
/// The editable fields of a product after a PATCH: each one the request's value (validated and
/// normalized) or, where the request sent null or nothing, the stored one. Also the UPDATE's parameters.
/// </summary>
sealed record ProductEdit
{
    public Guid Id { get; init; }
    public string ProductName { get; init; } = "";
    public string Brand { get; init; } = "";
    public string Manufacturer { get; init; } = "";
    public string Description { get; init; } = "";
    public string CountryOfOrigin { get; init; } = "";
    public string NetContent { get; init; } = "";
    public decimal? NetContentValue { get; init; }
    public string NetContentUom { get; init; } = "";
    public decimal? Length { get; init; }
    public string LengthUom { get; init; } = "";
    public decimal? Width { get; init; }
    public string WidthUom { get; init; } = "";
    public decimal? Height { get; init; }
    public string HeightUom { get; init; } = "";
    public decimal? Depth { get; init; }
    public string DepthUom { get; init; } = "";
    public decimal? GrossWeight { get; init; }
    public string GrossWeightUom { get; init; } = "";
    public decimal? NetWeight { get; init; }
    public string NetWeightUom { get; init; } = "";
    public string GpcBrickCode { get; init; } = "";
    public string GpcClassCode { get; init; } = "";
    public string GpcFamilyCode { get; init; } = "";
    public string GpcSegmentCode { get; init; } = "";
    public string PrimaryLanguage { get; init; } = "";
    public string UsageInstructions { get; init; } = "";
    public string BrandProductPageUrl { get; init; } = "";
    public string[] CountriesSold { get; init; } = [];
    public Dictionary<string, string> MetadataMap { get; init; } = [];
    public string Metadata => ServiceDefaults.Http.Metadata.ToJson(MetadataMap);
    public DateTimeOffset Now { get; init; }

    public static ProductEdit Apply(ProductRow c, UpdateProductRequest b, Validation v)
    {
        string Text(string field, string? value, string current, int max) => value is null ? current : v.Optional(field, value, max);
        var netContent = ProductFields.Measure(v, "net_content_value", b.NetContentValue, b.NetContentUom, c.NetContentValue, c.NetContentUom, ProductFields.NetContentUnits, "net_content_uom");
        var length = ProductFields.Measure(v, "length", b.Length, b.LengthUom, c.Length, c.LengthUom, ProductFields.DimensionUnits);
        var width = ProductFields.Measure(v, "width", b.Width, b.WidthUom, c.Width, c.WidthUom, ProductFields.DimensionUnits);
        var height = ProductFields.Measure(v, "height", b.Height, b.HeightUom, c.Height, c.HeightUom, ProductFields.DimensionUnits);
        var depth = ProductFields.Measure(v, "depth", b.Depth, b.DepthUom, c.Depth, c.DepthUom, ProductFields.DimensionUnits);
        var gross = ProductFields.Measure(v, "gross_weight", b.GrossWeight, b.GrossWeightUom, c.GrossWeight, c.GrossWeightUom, ProductFields.WeightUnits);
        var net = ProductFields.Measure(v, "net_weight", b.NetWeight, b.NetWeightUom, c.NetWeight, c.NetWeightUom, ProductFields.WeightUnits);
        return new ProductEdit
        {
            Id = c.Id,
            ProductName = Text("product_name", b.ProductName, c.ProductName, ProductFields.NameMax),
            Brand = Text("brand", b.Brand, c.Brand, ProductFields.BrandMax),
            Manufacturer = Text("manufacturer", b.Manufacturer, c.Manufacturer, ProductFields.ManufacturerMax),
            Description = Text("description", b.Description, c.Description, ProductFields.DescriptionMax),
            CountryOfOrigin = b.CountryOfOrigin is null ? c.CountryOfOrigin : ProductFields.CountryOfOrigin(v, b.CountryOfOrigin),
            NetContent = Text("net_content", b.NetContent, c.NetContent, ProductFields.NetContentMax),
            NetContentValue = netContent.Value, NetContentUom = netContent.Unit,
            Length = length.Value, LengthUom = length.Unit,
            Width = width.Value, WidthUom = width.Unit,
            Height = height.Value, HeightUom = height.Unit,
            Depth = depth.Value, DepthUom = depth.Unit,
            GrossWeight = gross.Value, GrossWeightUom = gross.Unit,
            NetWeight = net.Value, NetWeightUom = net.Unit,
            GpcBrickCode = b.GpcBrickCode is null ? c.GpcBrickCode : ProductFields.Gpc(v, "gpc_brick_code", b.GpcBrickCode),
            GpcClassCode = b.GpcClassCode is null ? c.GpcClassCode : ProductFields.Gpc(v, "gpc_class_code", b.GpcClassCode),
            GpcFamilyCode = b.GpcFamilyCode is null ? c.GpcFamilyCode : ProductFields.Gpc(v, "gpc_family_code", b.GpcFamilyCode),
            GpcSegmentCode = b.GpcSegmentCode is null ? c.GpcSegmentCode : ProductFields.Gpc(v, "gpc_segment_code", b.GpcSegmentCode),
            PrimaryLanguage = b.PrimaryLanguage is null ? c.PrimaryLanguage : ProductFields.Language(v, b.PrimaryLanguage),
            UsageInstructions = Text("usage_instructions", b.UsageInstructions, c.UsageInstructions, ProductFields.UsageInstructionsMax),
            BrandProductPageUrl = b.BrandProductPageUrl is null ? c.BrandProductPageUrl : ProductFields.Url(v, "brand_product_page_url", b.BrandProductPageUrl),
            CountriesSold = b.CountriesSold is null ? c.CountriesSold : ProductFields.CountriesSold(v, b.CountriesSold),
            MetadataMap = ServiceDefaults.Http.Metadata.Merge(ServiceDefaults.Http.Metadata.FromJson(c.Metadata), b.Metadata, v),
        };
    }

    /// <summary>True when applying this edit would store exactly what <paramref name="c"/> holds.</summary>
    public bool SameAs(ProductRow c)
    {
        var metadata = ServiceDefaults.Http.Metadata.FromJson(c.Metadata);
        return ProductName == c.ProductName && Brand == c.Brand && Manufacturer == c.Manufacturer && Description == c.Description
            && CountryOfOrigin == c.CountryOfOrigin && NetContent == c.NetContent
            && NetContentValue == c.NetContentValue && NetContentUom == c.NetContentUom
            && Length == c.Length && LengthUom == c.LengthUom && Width == c.Width && WidthUom == c.WidthUom
            && Height == c.Height && HeightUom == c.HeightUom && Depth == c.Depth && DepthUom == c.DepthUom
            && GrossWeight == c.GrossWeight && GrossWeightUom == c.GrossWeightUom && NetWeight == c.NetWeight && NetWeightUom == c.NetWeightUom
            && GpcBrickCode == c.GpcBrickCode && GpcClassCode == c.GpcClassCode && GpcFamilyCode == c.GpcFamilyCode && GpcSegmentCode == c.GpcSegmentCode
            && PrimaryLanguage == c.PrimaryLanguage && UsageInstructions == c.UsageInstructions && BrandProductPageUrl == c.BrandProductPageUrl
            && CountriesSold.SequenceEqual(c.CountriesSold)
            && MetadataMap.Count == metadata.Count && MetadataMap.All(kv => metadata.TryGetValue(kv.Key, out var old) && old == kv.Value);
    }
}
