using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Testing;

namespace Closient.EndToEnd.Tests;

/// <summary>The retailer onboarding walk-through (shared/seeds/002), through the gateway, against the whole system.</summary>
[Collection(SystemCollection.Name)]
public sealed class OnboardingTests(SystemFixture system)
{
    readonly GatewayClient _api = new(system.Gateway);

    [Fact]
    public async Task A_stocked_store_is_found_nearby_within_seconds_and_not_from_50_km_away()
    {
        var org = system.OrganizationId;
        var (lat, lon) = TestData.RandomPoint();
        var gtin = TestData.NewGtin13();

        var product = await _api.CreateProductAsync(gtin, org, "Trail Mix Deluxe 500g");
        Assert.Equal("0" + gtin, product.GetProperty("gtin").GetString());
        var store = await _api.CreateLocationAsync(org, "Corner Grocer", lat, lon);
        var storeId = store.GetProperty("id").GetString()!;
        var offer = await _api.CreateOfferAsync(org, product.GetProperty("id").GetString()!, storeId, "TM-500", 5.99m, 12);
        Assert.Equal("5.99", offer.GetProperty("price").GetProperty("amount").GetString());
        Assert.Equal(599, offer.GetProperty("price_amount").GetInt64());
        Assert.Equal(storeId, offer.GetProperty("location_id").GetString());
        Assert.False(offer.GetProperty("stale_inventory").GetBoolean());

        var hits = await Eventually.ValueAsync(async () =>
        {
            var session = await _api.SearchAsync("trail mix", lat + 0.01, lon, 5);
            var found = GatewayClient.HitsAt(session, storeId);
            return found.Count > 0 ? found : null;
        }, TimeSpan.FromSeconds(30), "the store appears in local search near it");
        var hit = Assert.Single(hits);
        Assert.InRange(hit.GetProperty("store").GetProperty("distance_km").GetDouble(), 1.0, 1.2);
        Assert.False(hit.GetProperty("offer").GetProperty("stale_inventory").GetBoolean());
        Assert.Equal("0" + gtin, hit.GetProperty("product").GetProperty("gtin").GetString());

        var far = await _api.SearchAsync("trail mix", lat + 0.45, lon, 5); // ~50 km north
        Assert.Empty(GatewayClient.HitsAt(far, storeId));
    }

    [Fact]
    public async Task Duplicate_offers_and_bad_input_get_problem_responses_through_the_gateway()
    {
        var org = system.OrganizationId;
        var (lat, lon) = TestData.RandomPoint();
        var product = await _api.CreateProductAsync(TestData.NewGtin13(), org, "Oat Milk 1L");
        var store = await _api.CreateLocationAsync(org, "Dairy Corner", lat, lon);
        var offer = await _api.CreateOfferAsync(org, product.GetProperty("id").GetString()!, store.GetProperty("id").GetString()!, "OAT-1", 2.49m, 5);

        var duplicate = await system.Gateway.PostAsJsonAsync($"/retailers/api/v1/organizations/{org}/in-store-offers",
            new { product_id = product.GetProperty("id").GetString(), physical_store_id = offer.GetProperty("physical_store_id").GetString(), sku = "OAT-1", price = 2.59m });
        await ProblemAssert.AssertAsync(duplicate, 422, "VALIDATION_ERROR");

        var secondStore = await system.Gateway.PostAsJsonAsync($"/retailers/api/v1/organizations/{org}/physical-stores",
            new { retailer_id = await _api.RetailerAsync(org), location_id = store.GetProperty("id").GetString() });
        await ProblemAssert.AssertAsync(secondStore, 422, "VALIDATION_ERROR", "location_id");

        var backwards = await system.Gateway.PostAsJsonAsync($"/retailers/api/v1/in-store-offers/{offer.GetProperty("id").GetString()}/promotions",
            new { promotional_price = 1.99m, start_date = "2026-05-02", end_date = "2026-05-01" });
        await ProblemAssert.AssertAsync(backwards, 422, "VALIDATION_ERROR", "end_date");

        var badGtin = await system.Gateway.PostAsJsonAsync("/products/api/v1/products", new { gtin = "4006381333932", organization_id = org });
        await ProblemAssert.AssertAsync(badGtin, 422, "VALIDATION_ERROR", "gtin");

        var badPoint = await system.Gateway.PostAsJsonAsync("/search/api/v1/search/session", new { query = "milk", latitude = 91, longitude = 0 });
        await ProblemAssert.AssertAsync(badPoint, 422, "VALIDATION_ERROR", "latitude");

        var badRadius = await system.Gateway.PostAsJsonAsync("/search/api/v1/search/session", new { query = "milk", latitude = 0, longitude = 0, radius_km = 0 });
        await ProblemAssert.AssertAsync(badRadius, 422, "VALIDATION_ERROR", "radius_km");
    }

    [Fact]
    public async Task Each_service_publishes_its_OpenAPI_document_through_the_gateway()
    {
        foreach (var app in new[] { "products", "retailers", "locations", "search" })
        {
            var response = await system.Gateway.GetAsync($"/{app}/api/v1/openapi.json");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var doc = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.StartsWith("3.", doc.GetProperty("openapi").GetString());
            // The gateway forwards its host, so the document points clients at the gateway, not the service.
            Assert.StartsWith(system.Gateway.BaseAddress!.ToString().TrimEnd('/'), doc.GetProperty("servers")[0].GetProperty("url").GetString());
            Assert.All(doc.GetProperty("paths").EnumerateObject(), p => Assert.StartsWith($"/{app}/api/v1/", p.Name));
        }
    }
}
