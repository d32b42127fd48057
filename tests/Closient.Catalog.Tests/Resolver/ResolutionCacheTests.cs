using System.Net;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>Product data is cached per GTIN and evicted by the service's own ProductUpserted (TTL 30 s, far longer than these waits).</summary>
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
}
