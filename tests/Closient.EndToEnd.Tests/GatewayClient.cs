using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Testing;

namespace Closient.EndToEnd.Tests;

/// <summary>The calls a retailer's integration makes through the gateway during onboarding.</summary>
public sealed class GatewayClient(HttpClient gateway)
{
    public async Task<JsonElement> CreateProductAsync(string gtin, string org, string name)
    {
        var response = await gateway.PostAsJsonAsync("/products/api/v1/products", new { gtin, organization_id = org, product_name = name, brand = "Acme" });
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    public async Task<JsonElement> CreateLocationAsync(string org, string name, double lat, double lon)
    {
        var response = await gateway.PostAsJsonAsync($"/locations/api/v1/organizations/{org}/locations", new { name, address = "1 Test Street", lat, lon, currency = "USD" });
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    /// <summary>Physical stores made for locations by <see cref="PhysicalStoreAtAsync"/>, and each organization's retailer (one system per test run).</summary>
    static readonly ConcurrentDictionary<string, Lazy<Task<string>>> StoreOfLocation = new(), RetailerOf = new();

    /// <summary>The organization's own retailer, created once (the onboarding walk-through's first step).</summary>
    public Task<string> RetailerAsync(string org) =>
        RetailerOf.GetOrAdd(org, _ => new Lazy<Task<string>>(async () =>
        {
            var response = await gateway.PostAsJsonAsync($"/retailers/api/v1/organizations/{org}/retailers", new { name = "Onboarding Grocers", category = "grocery" });
            return (await ReadAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        })).Value;

    /// <summary>
    /// Creates a physical store at a location (under the organization's retailer). Offers learns locations
    /// from LocationUpserted, so right after the location was created it may answer 404 for a few moments;
    /// a client retries, as this does. A 5xx (a service restarting behind the gateway) is retried too.
    /// </summary>
    public async Task<JsonElement> CreatePhysicalStoreAsync(string org, string locationId)
    {
        var retailer = await RetailerAsync(org);
        JsonElement created = default;
        await Eventually.TrueAsync(async () =>
        {
            HttpResponseMessage response;
            try
            {
                response = await gateway.PostAsJsonAsync($"/retailers/api/v1/organizations/{org}/physical-stores",
                    new { retailer_id = retailer, location_id = locationId });
            }
            catch (HttpRequestException) { return false; }
            if (response.StatusCode == HttpStatusCode.NotFound || (int)response.StatusCode >= 500) return false;
            created = await ReadAsync(response, HttpStatusCode.Created);
            return true;
        }, TimeSpan.FromSeconds(60), $"a physical store at location {locationId} is accepted");
        return created;
    }

    /// <summary>The physical store at <paramref name="locationId"/>, created on first use.</summary>
    public Task<string> PhysicalStoreAtAsync(string org, string locationId) =>
        StoreOfLocation.GetOrAdd(locationId, _ => new Lazy<Task<string>>(async () =>
            (await CreatePhysicalStoreAsync(org, locationId)).GetProperty("id").GetString()!)).Value;

    /// <summary>
    /// Creates an in-store offer at the physical store of <paramref name="locationId"/> (made on first use).
    /// Offers learns products from events, so right after one was created it may answer 404 for a few
    /// moments; a client retries, as this does. A 5xx (a service restarting behind the gateway) is retried too.
    /// </summary>
    public async Task<JsonElement> CreateOfferAsync(string org, string productId, string locationId, string sku, decimal price, int quantity)
    {
        var storeId = await PhysicalStoreAtAsync(org, locationId);
        JsonElement created = default;
        await Eventually.TrueAsync(async () =>
        {
            HttpResponseMessage response;
            try
            {
                response = await gateway.PostAsJsonAsync($"/retailers/api/v1/organizations/{org}/in-store-offers",
                    new { product_id = productId, physical_store_id = storeId, sku, price, quantity_on_hand = quantity });
            }
            catch (HttpRequestException) { return false; }
            if (response.StatusCode == HttpStatusCode.NotFound || (int)response.StatusCode >= 500) return false;
            created = await ReadAsync(response, HttpStatusCode.Created);
            return true;
        }, TimeSpan.FromSeconds(60), $"offer {sku} is accepted");
        return created;
    }

    public async Task<JsonElement> SearchAsync(string query, double lat, double lon, double radiusKm)
    {
        var response = await gateway.PostAsJsonAsync("/search/api/v1/search/session", new { query, latitude = lat, longitude = lon, radius_km = radiusKm });
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    /// <summary>The search hits at <paramref name="storeId"/> (a store's results appear within seconds of the events).</summary>
    public static IReadOnlyList<JsonElement> HitsAt(JsonElement session, string storeId) =>
        session.GetProperty("results").EnumerateArray().Where(h => h.GetProperty("store").GetProperty("id").GetString() == storeId).ToList();

    static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
