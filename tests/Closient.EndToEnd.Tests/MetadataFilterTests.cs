using System.Net.Http.Json;
using System.Text.Json;
using Closient.Testing;

namespace Closient.EndToEnd.Tests;

/// <summary><c>?metadata[key]=value</c> on every list endpoint that has metadata, through the gateway.</summary>
[Collection(SystemCollection.Name)]
public sealed class MetadataFilterTests(SystemFixture system)
{
    [Fact]
    public async Task Lists_of_products_offers_and_api_keys_filter_by_metadata()
    {
        var org = system.OrganizationId;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (lat, lon) = TestData.RandomPoint();
        var tagged = await Post("/products/api/v1/products", new { gtin = TestData.NewGtin13(), organization_id = org, product_name = "Tagged", metadata = new { batch = tag } });
        await Post("/products/api/v1/products", new { gtin = TestData.NewGtin13(), organization_id = org, product_name = "Untagged" });
        var store = await new GatewayClient(system.Gateway).CreateLocationAsync(org, "Filter Foods", lat, lon);
        var api = new GatewayClient(system.Gateway);
        var offer = await api.CreateOfferAsync(org, tagged.GetProperty("id").GetString()!, store.GetProperty("id").GetString()!, "F-1", 1m, 1);
        await system.Gateway.PutAsJsonAsync($"/retailers/api/v1/in-store-offers/{offer.GetProperty("id").GetString()}", new { metadata = new { batch = tag } });
        await api.CreateOfferAsync(org, tagged.GetProperty("id").GetString()!, store.GetProperty("id").GetString()!, "F-2", 1m, 1);
        await Post($"/account/api/v1/organizations/{org}/api-keys", new { name = "tagged", role = "readonly", metadata = new { batch = tag } });

        Assert.Equal(["Tagged"], await Names($"/products/api/v1/products?organization_id={org}&metadata[batch]={tag}", "product_name"));
        Assert.Equal(["F-1"], await Names($"/retailers/api/v1/organizations/{org}/in-store-offers?metadata[batch]={tag}", "sku"));
        Assert.Equal(["tagged"], await Names($"/account/api/v1/organizations/{org}/api-keys?metadata[batch]={tag}", "name"));
    }

    async Task<JsonElement> Post(string path, object body)
    {
        var response = await system.Gateway.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    async Task<string[]> Names(string path, string field) =>
        (await system.Gateway.GetFromJsonAsync<JsonElement>(path)).GetProperty("data").EnumerateArray()
            .Select(e => e.GetProperty(field).GetString()!).ToArray();
}
