using System.Net;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

/// <summary>The GDSN measures, GPC codes, language, usage and page fields: stored by PATCH, returned by every read.</summary>
public sealed class ProductDetailsFieldsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = ShortId.Encode(Guid.NewGuid());
    HttpClient Client => fx.ClientFor(org);

    async Task<ProductOut> ClaimedAsync() => await Client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org });

    async Task<HttpResponseMessage> PatchAsync(ProductOut product, object body) => await Client.PatchJsonAsync($"{Api.Products}/{product.Gtin}", body);

    [Fact]
    public async Task A_new_product_has_empty_measures_and_codes()
    {
        var product = await ClaimedAsync();

        Assert.Null(product.NetContentValue);
        Assert.Equal("", product.NetContentUom);
        Assert.Null(product.Length);
        Assert.Equal("", product.LengthUom);
        Assert.Null(product.GrossWeight);
        Assert.Equal("", product.GpcBrickCode);
        Assert.Equal("", product.PrimaryLanguage);
        Assert.Equal("", product.UsageInstructions);
        Assert.Equal("", product.BrandProductPageUrl);
    }

    [Fact]
    public async Task Patching_every_new_field_stores_and_returns_it()
    {
        var product = await ClaimedAsync();

        var response = await PatchAsync(product, new
        {
            net_content_value = 330.5m, net_content_uom = "mlt",
            length = 6.6m, length_uom = "CMT", width = 6.6m, width_uom = "CMT", height = 12.2m, height_uom = "CMT", depth = 1m, depth_uom = "INH",
            gross_weight = 0.36m, gross_weight_uom = "KGM", net_weight = 330m, net_weight_uom = "GRM",
            gpc_brick_code = "10000232", gpc_class_code = "50202200", gpc_family_code = "50200000", gpc_segment_code = "50000000",
            primary_language = "pt-BR", usage_instructions = "Serve chilled.", brand_product_page_url = "https://fizz.example/330",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await response.ReadAsync<ProductOut>();
        var read = await (await Client.GetAsync($"{Api.Products}/{product.Gtin}")).ReadAsync<ProductOut>();
        foreach (var p in new[] { patched, read })
        {
            Assert.Equal((330.5m, "MLT"), (p.NetContentValue, p.NetContentUom));
            Assert.Equal((6.6m, "CMT", 6.6m, "CMT", 12.2m, "CMT", 1m, "INH"), (p.Length, p.LengthUom, p.Width, p.WidthUom, p.Height, p.HeightUom, p.Depth, p.DepthUom));
            Assert.Equal((0.36m, "KGM", 330m, "GRM"), (p.GrossWeight, p.GrossWeightUom, p.NetWeight, p.NetWeightUom));
            Assert.Equal(("10000232", "50202200", "50200000", "50000000"), (p.GpcBrickCode, p.GpcClassCode, p.GpcFamilyCode, p.GpcSegmentCode));
            Assert.Equal(("pt-BR", "Serve chilled.", "https://fizz.example/330"), (p.PrimaryLanguage, p.UsageInstructions, p.BrandProductPageUrl));
        }
        Assert.Equal(patched, read with { Metadata = patched.Metadata, FieldConfidence = patched.FieldConfidence });
    }

    [Fact]
    public async Task A_value_alone_keeps_the_stored_unit_and_a_unit_of_empty_clears_the_pair()
    {
        var product = await ClaimedAsync();
        await PatchAsync(product, new { length = 10m, length_uom = "MMT" });

        var newValue = await (await PatchAsync(product, new { length = 12m })).ReadAsync<ProductOut>();
        var newUnit = await (await PatchAsync(product, new { length_uom = "cmt" })).ReadAsync<ProductOut>();
        var cleared = await (await PatchAsync(product, new { length_uom = "" })).ReadAsync<ProductOut>();

        Assert.Equal((12m, "MMT"), (newValue.Length, newValue.LengthUom));
        Assert.Equal((12m, "CMT"), (newUnit.Length, newUnit.LengthUom));
        Assert.Equal((null, ""), (cleared.Length, cleared.LengthUom));
    }

    [Fact]
    public async Task Clearing_text_fields_with_empty_strings_works_and_an_unchanged_patch_writes_nothing()
    {
        var product = await ClaimedAsync();
        var set = await (await PatchAsync(product, new { gpc_brick_code = "10000232", primary_language = "en" })).ReadAsync<ProductOut>();

        var same = await (await PatchAsync(product, new { gpc_brick_code = "10000232", primary_language = "EN" })).ReadAsync<ProductOut>();
        var cleared = await (await PatchAsync(product, new { gpc_brick_code = "", primary_language = "" })).ReadAsync<ProductOut>();

        Assert.Equal(set.Modified, same.Modified);
        Assert.Equal(("", ""), (cleared.GpcBrickCode, cleared.PrimaryLanguage));
    }

    public static TheoryData<string, object> BadPatches() => new()
    {
        { "length_uom", new { length = 5m } },
        { "length_uom", new { length_uom = "KGM", length = 5m } },
        { "length", new { length = -1m, length_uom = "CMT" } },
        { "length", new { length = 0m, length_uom = "CMT" } },
        { "width", new { width = 1_000_001m, width_uom = "CMT" } },
        { "height", new { height = 1.1234567m, height_uom = "CMT" } },
        { "depth_uom", new { depth = 3m, depth_uom = "" } },
        { "gross_weight_uom", new { gross_weight = 3m, gross_weight_uom = "LTR" } },
        { "net_weight_uom", new { net_weight = 1m, net_weight_uom = "XYZ" } },
        { "net_content_value", new { net_content_uom = "MLT" } },
        { "net_content_uom", new { net_content_value = 2m, net_content_uom = "BOX" } },
        { "gpc_brick_code", new { gpc_brick_code = "1234567" } },
        { "gpc_class_code", new { gpc_class_code = "5020220A" } },
        { "gpc_family_code", new { gpc_family_code = "502000000" } },
        { "gpc_segment_code", new { gpc_segment_code = " 5000000" } },
        { "primary_language", new { primary_language = "english" } },
        { "primary_language", new { primary_language = "en-US-x-abcdef" } },
        { "usage_instructions", new { usage_instructions = new string('u', 5001) } },
        { "brand_product_page_url", new { brand_product_page_url = "ftp://fizz.example/x" } },
        { "brand_product_page_url", new { brand_product_page_url = "https://x.example/" + new string('p', 2048) } },
        { "countries_sold", new { countries_sold = new[] { "US", "ZZ" } } },
        { "countries_sold", new { countries_sold = new[] { "USA" } } },
    };

    [Theory]
    [MemberData(nameof(BadPatches))]
    public async Task Bad_values_return_422_naming_the_field_and_change_nothing(string field, object body)
    {
        var product = await ClaimedAsync();

        var response = await PatchAsync(product, body);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        var read = await (await Client.GetAsync($"{Api.Products}/{product.Gtin}")).ReadAsync<ProductOut>();
        Assert.Equal(product.Modified, read.Modified);
    }

    [Fact]
    public async Task A_number_sent_as_a_string_is_a_wrong_type()
    {
        var product = await ClaimedAsync();
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Api.Products}/{product.Gtin}")
        {
            Content = new StringContent("""{"length": "10", "length_uom": "CMT"}""", System.Text.Encoding.UTF8, "application/json"),
        };

        var response = await Client.SendAsync(patch);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }
}
