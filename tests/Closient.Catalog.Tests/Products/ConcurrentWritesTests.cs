using System.Net;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

public sealed class ConcurrentWritesTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    // xUnit builds the class per test: each test acts for a fresh organization through its owner's csb key.
    readonly string org = ShortId.Encode(Guid.NewGuid());
    HttpClient? ownerClient;
    HttpClient client => ownerClient ??= fx.ClientFor(org);

    [Fact]
    public async Task Creating_the_same_gtin_concurrently_creates_it_once()
    {
        var gtin = TestGtins.New13();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.PostJsonAsync(Api.Products, new { gtin = i % 2 == 0 ? gtin : "0" + gtin, product_name = $"Racer {i}" })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var args = new { gtin = TestGtins.To14(gtin) };
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.products WHERE gtin = @gtin", args));
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.outbox WHERE payload->>'Gtin' = @gtin", args));
    }

    [Fact]
    public async Task Concurrent_patches_lose_no_update()
    {
        var product = await client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org });

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            client.PatchJsonAsync($"{Api.Products}/{product.Gtin}", new { metadata = new Dictionary<string, string> { [$"k{i}"] = $"v{i}" } })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var read = await (await client.GetAsync($"{Api.Products}/{product.Gtin}")).ReadAsync<ProductOut>();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"k{i}").Order(), read.Metadata.Keys.Order());
        var modified = (await Task.WhenAll(responses.Select(r => r.ReadAsync<ProductOut>()))).Select(p => p.Modified).ToList();
        Assert.Equal(10, modified.Distinct().Count());
        Assert.Equal(modified.Max(), read.Modified);
    }
}
