using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closient.Contracts.Catalog;
using Closient.Contracts.Locations;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Search.Tests;

/// <summary>A point on the map, in degrees.</summary>
public readonly record struct Point(double Lat, double Lon)
{
    /// <summary>A random point away from the poles and the antimeridian, so tests never see each other's stores.</summary>
    public static Point Random() => new(System.Random.Shared.NextDouble() * 120 - 60, System.Random.Shared.NextDouble() * 300 - 150);

    /// <summary>The point <paramref name="northKm"/> north and <paramref name="eastKm"/> east of this one (good to well under 1% at these distances).</summary>
    public Point Offset(double northKm, double eastKm = 0) =>
        new(Lat + northKm / 111.2, Lon + eastKm / (111.32 * Math.Cos(Lat * Math.PI / 180)));
}

/// <summary>
/// Feeds the read model the way the other services do (events through the real broker) and calls
/// the search API the way a client does.
/// </summary>
public sealed class SearchDriver(SearchFixture fx)
{
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    readonly ConcurrentDictionary<Guid, Guid> _lastMessage = new();

    /// <summary>Publishes an event as another service's outbox relay would; returns its MessageId.</summary>
    public async Task<Guid> PublishAsync<T>(T message, Guid entityId, Guid? messageId = null) where T : class
    {
        var id = await fx.Bus.PublishAsync(message, messageId);
        _lastMessage[entityId] = id;
        return id;
    }

    /// <summary>The MessageId of the last event this driver published about an entity (product, store or offer id).</summary>
    public Guid LastMessageIdOf(Guid entityId) => _lastMessage[entityId];

    public static string NewGtin()
    {
        var data = string.Concat(Enumerable.Range(0, 13).Select(_ => (char)('0' + System.Random.Shared.Next(10))));
        return data + Gtin.CheckDigit(data);
    }

    public async Task<ProductUpserted> ProductAsync(string name, string brand = "Acme", string description = "", DateTimeOffset? updatedAt = null)
    {
        var product = new ProductUpserted(Guid.CreateVersion7(), NewGtin(), name, brand, description, null, updatedAt ?? DateTimeOffset.UtcNow);
        await PublishAsync(product, product.ProductId);
        return product;
    }

    public async Task<LocationPublished> StoreAsync(Point at, string name = "Corner Grocer", DateTimeOffset? updatedAt = null)
    {
        var store = new LocationPublished(Guid.CreateVersion7(), Guid.CreateVersion7(), name, "12 Main St, Springfield",
            at.Lat, at.Lon, "USD", "", "", updatedAt ?? DateTimeOffset.UtcNow);
        await PublishAsync(store, store.LocationId);
        return store;
    }

    /// <summary>An in-store offer as the offers service publishes it: a physical store of its own, at the store's location.</summary>
    public async Task<OfferUpserted> OfferAsync(ProductUpserted product, LocationPublished store, decimal? price = 4.99m,
        int? quantity = 12, string status = "active", DateTimeOffset? updatedAt = null, DateTimeOffset? lastInventorySync = null)
    {
        var offer = new OfferUpserted(Guid.CreateVersion7(), store.OrganizationId, product.ProductId, Guid.CreateVersion7(), "SKU-1",
            price, "USD", status, quantity, "manual", updatedAt ?? DateTimeOffset.UtcNow,
            OfferKinds.InStore, product.Gtin, store.LocationId, null, Guid.CreateVersion7(),
            price is { } p ? (long)(p * 100) : null, price is { } e ? (long)(e * 100) : null, lastInventorySync, false);
        await PublishAsync(offer, offer.OfferId);
        return offer;
    }

    /// <summary>A product with one offer at a new store at <paramref name="at"/>.</summary>
    public async Task<(ProductUpserted Product, LocationPublished Store, OfferUpserted Offer)> StockedStoreAsync(
        Point at, string productName, decimal? price = 4.99m, int? quantity = 12)
    {
        var product = await ProductAsync(productName);
        var store = await StoreAsync(at);
        var offer = await OfferAsync(product, store, price, quantity);
        return (product, store, offer);
    }

    public async Task<JsonObject> LocalAsync(string q, Point at, double? radiusKm = null, bool? inStock = null, int? limit = null)
    {
        var url = $"/search/api/v1/local?q={Uri.EscapeDataString(q)}&lat={at.Lat}&lon={at.Lon}"
            + (radiusKm is null ? "" : $"&radius_km={radiusKm}")
            + (inStock is null ? "" : $"&in_stock={inStock.Value.ToString().ToLowerInvariant()}")
            + (limit is null ? "" : $"&limit={limit}");
        var response = await fx.KeyCaller.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Polls the local search until the offer shows up (its product, store and offer have all arrived).</summary>
    public async Task<JsonObject> WaitForOfferAsync(string q, Point at, Guid offerId, double? radiusKm = null, bool? inStock = null)
    {
        JsonObject? found = null;
        await Eventually.TrueAsync(async () =>
        {
            var result = await LocalAsync(q, at, radiusKm, inStock);
            found = Hits(result).FirstOrDefault(h => OfferId(h) == offerId);
            return found is not null;
        }, WaitTimeout, $"offer {offerId} did not appear for '{q}'");
        return found!;
    }

    public async Task WaitUntilGoneAsync(string q, Point at, Guid offerId)
    {
        await Eventually.TrueAsync(async () => Hits(await LocalAsync(q, at)).All(h => OfferId(h) != offerId),
            WaitTimeout, $"offer {offerId} is still found for '{q}'");
    }

    public static IReadOnlyList<JsonObject> Hits(JsonObject result) =>
        result["results"]!.AsArray().Select(n => n!.AsObject()).ToList();

    public static IReadOnlyList<Guid> OfferIds(JsonObject result) => Hits(result).Select(OfferId).ToList();

    public static Guid OfferId(JsonObject hit) => Id(hit["offer"]!["id"]!.GetValue<string>());

    public static Guid Id(string shortId) => ShortId.TryParse(shortId, out var id) ? id : throw new FormatException(shortId);
}
