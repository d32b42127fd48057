using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closient.Contracts.Catalog;
using Closient.Contracts.Offers;

namespace Closient.Search.Tests;

/// <summary>Feeds products, brands and retailers to the read model and calls the catalog search.</summary>
public sealed class CatalogDriver(SearchFixture fx)
{
    public const string SearchPath = "/search/api/v1/search";

    /// <summary>
    /// A made-up word no other test uses: 10 random letters a–z and an "x" (so the English stemmer keeps it
    /// whole). Enough entropy that two such words are never trigram-similar, which the fallback tests need.
    /// </summary>
    public static string Word() => string.Concat(Enumerable.Range(0, 10).Select(_ => (char)('a' + Random.Shared.Next(26)))) + "x";

    public async Task<ProductUpserted> ProductAsync(string name, string brand = "Acme", string description = "", DateTimeOffset? updatedAt = null)
    {
        var product = new ProductUpserted(Guid.CreateVersion7(), SearchDriver.NewGtin(), name, brand, description, null, updatedAt ?? DateTimeOffset.UtcNow);
        await fx.Consumed.WaitAsync(await fx.Bus.PublishAsync(product));
        return product;
    }

    public static BrandUpserted Brand(string name, string description = "", DateTimeOffset? updatedAt = null) =>
        new(Guid.CreateVersion7(), name, null, "https://brand.example", description, null, null, updatedAt ?? DateTimeOffset.UtcNow);

    public static RetailerCreated Retailer(string name, string category = "") =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), name, "https://retailer.example", null, category, ["US"], DateTimeOffset.UtcNow);

    /// <summary>Publishes <paramref name="message"/> and waits until the service consumed it.</summary>
    public async Task<Guid> ConsumedAsync<T>(T message, Guid? messageId = null) where T : class
    {
        var id = await fx.Bus.PublishAsync(message, messageId);
        await fx.Consumed.WaitAsync(id);
        return id;
    }

    public Task<HttpResponseMessage> GetAsync(string q, string extra = "", HttpClient? client = null) =>
        (client ?? fx.Anonymous).GetAsync($"{SearchPath}?q={Uri.EscapeDataString(q)}{extra}");

    public async Task<JsonObject> SearchAsync(string q, string extra = "", HttpClient? client = null)
    {
        var response = await GetAsync(q, extra, client);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static IReadOnlyList<JsonObject> Data(JsonObject result) => result["data"]!.AsArray().Select(n => n!.AsObject()).ToList();

    public static IReadOnlyList<string> Names(JsonObject result) => Data(result).Select(d => d["name"]!.GetValue<string>()).ToList();

    public static IReadOnlyList<Guid> Ids(JsonObject result) => Data(result).Select(d => SearchDriver.Id(d["id"]!.GetValue<string>())).ToList();

    public static long Total(JsonObject result) => result["pagination"]!["total_count"]!.GetValue<long>();
}
