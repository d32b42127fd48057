using System.Net;
using System.Text.Json.Nodes;
using Closient.Catalog.Products;
using Closient.Catalog.Resolution;
using Closient.Catalog.Resolver;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Closient.Catalog.Tests.Brands.BrandsTestApi;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>
/// Product data is held in memory per GTIN (preloaded, or loaded on the first scan) and evicted by ProductUpserted and
/// BrandUpserted on the bus; unknown GTINs are remembered for 30 s, far longer than these waits.
/// </summary>
public sealed class ResolutionCacheTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    [Fact]
    public async Task An_update_shows_in_the_resolver_once_its_event_has_crossed_the_bus()
    {
        var (gtin, org) = await fx.CreateProductAsync(name: "Before");
        var first = await (await fx.Scanner().GetAsync($"/01/{gtin}", "application/json")).ReadAsync<ProductOut>();
        Assert.Equal("Before", first.ProductName);

        var patch = await fx.ClientFor(ShortId.Encode(org)).PatchJsonAsync($"{Api.Products}/{gtin}", new { product_name = "After" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        await Eventually.TrueAsync(async () =>
        {
            var current = await (await fx.Scanner().GetAsync($"/01/{gtin}", "application/json")).ReadAsync<ProductOut>();
            return current.ProductName == "After";
        }, TimeSpan.FromSeconds(10), "the resolver serves the patched product");
    }

    [Fact]
    public async Task A_product_created_after_a_404_resolves_once_its_event_has_crossed_the_bus()
    {
        var gtin = TestGtins.To14(TestGtins.New13());
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Scanner().GetAsync($"/01/{gtin}", "application/json")).StatusCode);

        await fx.ClientFor(ShortId.Encode(Guid.NewGuid())).CreateProductAsync(new { gtin, product_name = "Late" });

        await Eventually.TrueAsync(async () => (await fx.Scanner().GetAsync($"/01/{gtin}", "application/json")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), "the negative cache entry is evicted");
    }

    [Fact]
    public async Task After_the_preload_a_scan_of_any_product_reads_neither_product_nor_rules_from_the_database()
    {
        var (gtin, _) = await fx.CreateProductAsync(name: "Preloaded");
        var services = fx.Factory.Services;
        var data = services.GetRequiredService<ResolutionData>();
        var rules = services.GetRequiredService<ResolutionRuleStore>();
        var loader = services.GetRequiredService<ResolutionIndexLoader>();

        // The product's own ProductUpserted may still be on its way and evict it after a load: retry until a scan is free.
        await Eventually.TrueAsync(async () =>
        {
            await loader.LoadAllAsync(int.MaxValue, CancellationToken.None);
            var (loads, queries) = (data.Loads, rules.Queries);
            var response = await fx.Scanner().GetAsync($"/01/{gtin}", "text/html");
            Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
            return data.Loads == loads && rules.Queries == queries;
        }, TimeSpan.FromSeconds(10), "a preloaded product resolves without a database read");
    }

    [Fact]
    public async Task A_brand_change_shows_in_the_resolver_once_its_event_has_crossed_the_bus()
    {
        var org = TestData.NewOrganizationId();
        var owner = fx.ClientFor(org);
        var brand = await owner.CreateBrandAsync(org, "Leafy " + Guid.NewGuid().ToString("N")[..6], new { website = "https://before.example" });
        var product = await owner.CreateOwnedProductAsync(org, "Tea", brand: brand.Name);
        await Eventually.TrueAsync(async () => (await LinksetAsync(product.Gtin)).Contains("https://before.example"),
            TimeSpan.FromSeconds(10), "the linkset names the brand's website");

        var patch = await owner.PatchJsonAsync($"{BrandsPath}/{brand.Id}", new { website = "https://after.example" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        await Eventually.TrueAsync(async () => (await LinksetAsync(product.Gtin)).Contains("https://after.example"),
            TimeSpan.FromSeconds(10), "the linkset names the brand's new website");
    }

    [Fact]
    public async Task A_new_primary_image_shows_in_the_resolver_once_its_event_has_crossed_the_bus()
    {
        var org = TestData.NewOrganizationId();
        var owner = fx.ClientFor(org);
        var product = await owner.CreateOwnedProductAsync(org, "Tea");
        var before = await (await fx.Scanner().GetAsync($"/01/{product.Gtin}", "application/json")).ReadAsync<ProductOut>();

        var image = await owner.UploadImageAsync(org, product.Gtin, primary: true);

        Assert.NotEqual(image.ImageUrl, before.ImageUrl);
        await Eventually.TrueAsync(async () =>
            (await (await fx.Scanner().GetAsync($"/01/{product.Gtin}", "application/json")).ReadAsync<ProductOut>()).ImageUrl == image.ImageUrl,
            TimeSpan.FromSeconds(10), "the resolver's product JSON shows the new primary image");
    }

    async Task<string> LinksetAsync(string gtin)
    {
        var response = await fx.Scanner().GetAsync($"/01/{gtin}?linkType=linkset");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.ToJsonString();
    }
}
