using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Testing;
using Closient.Testing.Shopify;

namespace Closient.EndToEnd.Tests;

/// <summary>
/// The retailer onboarding walk-through (shared/seeds/002) with a point-of-sale, through the gateway
/// against the whole system and a fake Shopify: organization → connect the POS (OAuth install and
/// callback) → map its location to a physical store → sync → publish the location → the store is
/// found nearby at ≈ 0 km and the product in local search; then Shopify's inventory webhook sets the
/// stock to 0 and search shows the offer out of stock within seconds.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RetailerWalkthroughTests(SystemFixture system)
{
    [Fact]
    public async Task A_retailer_connects_shopify_syncs_publishes_and_is_found_then_a_webhook_takes_the_stock_to_zero()
    {
        var api = new GatewayClient(system.Gateway);
        var org = system.OrganizationId;
        var (lat, lon) = TestData.RandomPoint();

        // The catalog knows the product; the retailer has a draft location and a physical store there.
        var gtin = TestData.NewGtin13();
        await api.CreateProductAsync(gtin, org, "Walkthrough Granola 400g");
        var location = await Json(await system.Gateway.PostAsJsonAsync($"/locations/api/v1/organizations/{org}/locations",
            new { name = "Walkthrough Market", address = "1 Walk St", lat, lon, currency = "USD", is_published = false }), HttpStatusCode.Created);
        var locationId = location.GetProperty("id").GetString()!;
        var retailer = await Json(await system.Gateway.PostAsJsonAsync($"/retailers/api/v1/organizations/{org}/retailers", new { name = "Walkthrough Market" }), HttpStatusCode.Created);
        var storeId = "";
        await Eventually.TrueAsync(async () =>
        {
            var response = await system.Gateway.PostAsJsonAsync($"/retailers/api/v1/organizations/{org}/physical-stores",
                new { retailer_id = retailer.GetProperty("id").GetString(), location_id = locationId });
            if (response.StatusCode != HttpStatusCode.Created) return false;
            storeId = (await Json(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
            return true;
        }, TimeSpan.FromSeconds(30), "offers knows the new (unpublished) location");

        // The shop, with one location and the product on hand.
        var shop = system.Shopify.AddShop($"walk-{Guid.NewGuid():N}"[..16] + ".myshopify.com");
        var shopifyLocation = system.Shopify.AddLocation(shop, "Main floor");
        var variant = system.Shopify.AddProduct(shop, "Granola 400g", "GRAN-400", gtin, "6.49");
        shop.Levels[(variant.InventoryItemId, shopifyLocation)] = 7;

        // Connect: install hands out Shopify's consent URL, the merchant approves, Shopify redirects to the callback.
        using var install = new HttpRequestMessage(HttpMethod.Get, $"/integrations/shopify/install?shop={shop.Domain}&organization_id={org}");
        install.Headers.Accept.ParseAdd("application/json");
        var authorizeUrl = (await Json(await system.Gateway.SendAsync(install), HttpStatusCode.OK)).GetProperty("authorize_url").GetString()!;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var consent = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Found, consent.StatusCode);
        using var keyless = system.GatewayWith(null);
        var connected = await Json(await keyless.GetAsync(consent.Headers.Location!.PathAndQuery), HttpStatusCode.OK);
        var sourceId = connected.GetProperty("inventory_source").GetProperty("id").GetString()!;
        if (connected.GetProperty("job_id").GetString() is { } firstJob) await FinishedJobAsync(firstJob); // learns the shop's locations

        // Map the shop's location to the store, then sync.
        var mapped = await system.Gateway.PutAsJsonAsync($"/retailers/api/v1/inventory-sources/{sourceId}/locations",
            new { locations = new[] { new { shopify_location_id = shopifyLocation.ToString(CultureInfo.InvariantCulture), physical_store_id = storeId } } });
        await Json(mapped, HttpStatusCode.OK);
        var sync = await Json(await system.Gateway.PostAsync($"/retailers/api/v1/inventory-sources/{sourceId}/sync", null), HttpStatusCode.Accepted);
        var job = await FinishedJobAsync(sync.GetProperty("id").GetString()!);
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal(1, job.GetProperty("counts").GetProperty("created").GetInt32());

        // Not discoverable yet: the location is a draft.
        var before = await Json(await system.Gateway.GetAsync($"/retailers/api/v1/organizations/{org}/readiness"), HttpStatusCode.OK);
        Assert.True(before.GetProperty("pos_connected").GetBoolean());

        // Publish: the store appears nearby at ≈ 0 km, the product in local search, and the organization is ready.
        await Json(await system.Gateway.PostAsync($"/locations/api/v1/locations/{locationId}/publish", null), HttpStatusCode.OK);
        var nearby = await Json(await system.Gateway.GetAsync(
            $"/locations/api/v1/locations?lat={lat.ToString(CultureInfo.InvariantCulture)}&lon={lon.ToString(CultureInfo.InvariantCulture)}&radius=1"), HttpStatusCode.OK);
        var here = Assert.Single(nearby.GetProperty("data").EnumerateArray(), l => l.GetProperty("id").GetString() == locationId);
        Assert.InRange(here.GetProperty("distance_km").GetDouble(), 0, 0.01);
        var hit = await Eventually.ValueAsync(async () =>
            GatewayClient.HitsAt(await api.SearchAsync("granola", lat, lon, 2), locationId).FirstOrDefault() is { ValueKind: JsonValueKind.Object } h ? new[] { h } : null,
            TimeSpan.FromSeconds(30), "the synced offer is found in local search near the store");
        Assert.Equal("0" + gtin, hit[0].GetProperty("product").GetProperty("gtin").GetString());
        Assert.Equal("in_stock", hit[0].GetProperty("offer").GetProperty("stock_status").GetString());
        var ready = await Json(await system.Gateway.GetAsync($"/retailers/api/v1/organizations/{org}/readiness"), HttpStatusCode.OK);
        Assert.True(ready.GetProperty("ready").GetBoolean(), ready.ToString());

        // Shopify: the shelf is empty. The signed webhook takes the offer out of stock; search shows it within seconds.
        using var webhook = system.Shopify.Webhook(shop.Domain, "inventory_levels/update",
            FakeShopify.InventoryLevelPayload(variant.InventoryItemId, shopifyLocation, 0, DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal(HttpStatusCode.OK, (await keyless.SendAsync(webhook)).StatusCode);
        await Eventually.TrueAsync(async () => GatewayClient.HitsAt(await api.SearchAsync("granola", lat, lon, 2), locationId)
                .Any(h => h.GetProperty("offer").GetProperty("stock_status").GetString() == "out_of_stock"),
            TimeSpan.FromSeconds(15), "search shows the offer out of stock");
    }

    async Task<JsonElement> FinishedJobAsync(string jobId)
    {
        JsonElement job = default;
        await Eventually.TrueAsync(async () =>
        {
            job = await Json(await system.Gateway.GetAsync($"/retailers/api/v1/jobs/{jobId}"), HttpStatusCode.OK);
            return job.GetProperty("state").GetString() is "succeeded" or "failed";
        }, TimeSpan.FromSeconds(30), "the sync job finishes");
        return job;
    }

    static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
