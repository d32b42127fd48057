using System.Net;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

public sealed class UpdatingProductsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    // xUnit builds the class per test: each test acts for a fresh organization through its owner's csb key.
    readonly string org = ShortId.Encode(Guid.NewGuid());
    HttpClient? ownerClient;
    HttpClient client => ownerClient ??= fx.ClientFor(org);

    [Fact]
    public async Task Patching_changes_only_the_fields_sent()
    {
        var created = await client.CreateProductAsync(new
        {
            gtin = TestGtins.New13(), organization_id = org, product_name = "Rye Bread", brand = "Baker", description = "Dark rye.",
            manufacturer = "Baker GmbH", country_of_origin = "DE", net_content = "500g",
        });

        var response = await client.PatchJsonAsync($"{Api.Products}/{created.Gtin}", new { product_name = "Rye Bread, sliced", country_of_origin = "at", brand = (string?)null });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await response.ReadAsync<ProductOut>();
        Assert.Equal("Rye Bread, sliced", patched.ProductName);
        Assert.Equal("AT", patched.CountryOfOrigin);
        Assert.Equal("Baker", patched.Brand);
        Assert.Equal("Dark rye.", patched.Description);
        Assert.Equal("Baker GmbH", patched.Manufacturer);
        Assert.Equal("500g", patched.NetContent);
        Assert.Equal(created.Id, patched.Id);
        Assert.Equal(created.Created, patched.Created);
        Assert.True(patched.Modified > created.Modified);
        var read = await (await client.GetAsync($"{Api.Products}/{created.Gtin}")).ReadAsync<ProductOut>();
        Assert.Equal(patched, read with { FieldConfidence = patched.FieldConfidence, Metadata = patched.Metadata });
    }

    [Fact]
    public async Task Patching_a_field_to_an_empty_string_clears_it()
    {
        var created = await client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, brand = "Temporary", country_of_origin = "FR" });

        var patched = await (await client.PatchJsonAsync($"{Api.Products}/{created.Gtin}", new { brand = "", country_of_origin = "" })).ReadAsync<ProductOut>();

        Assert.Equal("", patched.Brand);
        Assert.Equal("", patched.CountryOfOrigin);
    }

    [Fact]
    public async Task Patching_metadata_merges_keys_deletes_empty_ones_and_clears_on_an_empty_object()
    {
        var created = await client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, metadata = new { a = "1", b = "2", c = "3" } });
        var url = $"{Api.Products}/{created.Gtin}";

        var merged = await (await client.PatchJsonAsync(url, new { metadata = new Dictionary<string, string?> { ["b"] = "", ["c"] = null, ["d"] = "4" } })).ReadAsync<ProductOut>();
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["d"] = "4" }, merged.Metadata);

        var untouched = await (await client.PatchJsonAsync(url, new { metadata = (object?)null, product_name = "Renamed" })).ReadAsync<ProductOut>();
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["d"] = "4" }, untouched.Metadata);

        var cleared = await (await client.PatchJsonAsync(url, new { metadata = new { } })).ReadAsync<ProductOut>();
        Assert.Empty(cleared.Metadata);
        Assert.Equal("{}", await fx.Database.ScalarAsync<string>("SELECT metadata::text FROM catalog.products WHERE gtin = @gtin", new { gtin = created.Gtin }));
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_keeps_the_modified_time()
    {
        var created = await client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, product_name = "Same" });

        var response = await client.PatchJsonAsync($"{Api.Products}/{created.Gtin}", new { product_name = "Same" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(created.Modified, (await response.ReadAsync<ProductOut>()).Modified);
    }

    [Fact]
    public async Task Patching_an_unknown_gtin_returns_404()
    {
        var response = await client.PatchJsonAsync($"{Api.Products}/{TestGtins.New13()}", new { product_name = "Nobody" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Patching_an_invalid_gtin_returns_422_naming_gtin()
    {
        var response = await client.PatchJsonAsync($"{Api.Products}/1234567890", new { product_name = "Nobody" });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
    }

    [Theory]
    [InlineData("product_name", 256)]
    [InlineData("brand", 256)]
    [InlineData("manufacturer", 256)]
    [InlineData("description", 5001)]
    [InlineData("net_content", 101)]
    public async Task Patching_with_an_oversize_field_returns_422_and_changes_nothing(string field, int length)
    {
        var created = await client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, product_name = "Kept" });

        var response = await client.PatchJsonAsync($"{Api.Products}/{created.Gtin}",
            new Dictionary<string, object> { [field] = new string('x', length), ["country_of_origin"] = "SE" });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        var read = await (await client.GetAsync($"{Api.Products}/{created.Gtin}")).ReadAsync<ProductOut>();
        Assert.Equal("Kept", read.ProductName);
        Assert.Equal("", read.CountryOfOrigin);
        Assert.Equal(created.Modified, read.Modified);
    }

    [Fact]
    public async Task Patching_the_gtin_is_rejected_as_an_unknown_field()
    {
        var created = await client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org });

        var response = await client.PatchJsonAsync($"{Api.Products}/{created.Gtin}", new { gtin = TestGtins.New13() });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
    }
}
