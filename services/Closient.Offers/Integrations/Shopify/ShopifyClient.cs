using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Closient.Offers.Integrations.Shopify;

/// <summary>Shopify refused or failed a call; <see cref="Status"/> is its HTTP status (0: unreachable).</summary>
public sealed class ShopifyException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

public sealed record ShopifyToken(string AccessToken, string Scope);

public sealed record ShopifyLocation(long Id, string Name, bool Active);

public sealed record ShopifyVariant(long Id, long? ProductId, string? Sku, string? Barcode, string? Price, long InventoryItemId);

public sealed record ShopifyProduct(long Id, string? Title, IReadOnlyList<ShopifyVariant>? Variants);

public sealed record ShopifyInventoryLevel(long InventoryItemId, long LocationId, int? Available, DateTimeOffset? UpdatedAt);

/// <summary>
/// The Shopify Admin REST API as the sync needs it: the OAuth code exchange, locations, products with
/// their variants (cursor pages through the <c>Link</c> header), inventory levels and webhook
/// subscriptions. A 429 is retried after its <c>Retry-After</c> (at most 3 times).
/// </summary>
public sealed class ShopifyClient(HttpClient http, IOptions<ShopifyOptions> options)
{
    public const string AccessTokenHeader = "X-Shopify-Access-Token";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    ShopifyOptions O => options.Value;

    string Admin(string shop, string resource) => new Uri(O.ShopBase(shop), $"admin/api/{O.ApiVersion}/{resource}").ToString();

    public async Task<ShopifyToken> ExchangeCodeAsync(string shop, string code, CancellationToken ct)
    {
        var url = new Uri(O.ShopBase(shop), "admin/oauth/access_token");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new { client_id = O.ApiKey, client_secret = O.ApiSecret, code }),
        }, ct);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(Json, ct);
        if (string.IsNullOrEmpty(token?.AccessToken)) throw new ShopifyException(502, "Shopify answered no access token.");
        return new ShopifyToken(token.AccessToken, token.Scope ?? "");
    }

    public async Task<IReadOnlyList<ShopifyLocation>> LocationsAsync(string shop, string token, CancellationToken ct)
    {
        using var response = await GetAsync(Admin(shop, "locations.json"), token, ct);
        return (await response.Content.ReadFromJsonAsync<LocationsResponse>(Json, ct))?.Locations ?? [];
    }

    /// <summary>Every product with its variants, page by page (250 a page).</summary>
    public async IAsyncEnumerable<IReadOnlyList<ShopifyProduct>> ProductPagesAsync(string shop, string token,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? next = Admin(shop, "products.json?limit=250&fields=id,title,variants");
        for (var pages = 0; next is not null && pages < 10_000; pages++)
        {
            using var response = await GetAsync(next, token, ct);
            yield return (await response.Content.ReadFromJsonAsync<ProductsResponse>(Json, ct))?.Products ?? [];
            next = NextPage(response, shop);
        }
    }

    public async Task<IReadOnlyList<ShopifyInventoryLevel>> InventoryLevelsAsync(string shop, string token,
        IEnumerable<long> inventoryItemIds, IEnumerable<long> locationIds, CancellationToken ct)
    {
        var levels = new List<ShopifyInventoryLevel>();
        string? next = Admin(shop, $"inventory_levels.json?limit=250&inventory_item_ids={string.Join(',', inventoryItemIds)}&location_ids={string.Join(',', locationIds)}");
        for (var pages = 0; next is not null && pages < 1000; pages++)
        {
            using var response = await GetAsync(next, token, ct);
            levels.AddRange((await response.Content.ReadFromJsonAsync<LevelsResponse>(Json, ct))?.InventoryLevels ?? []);
            next = NextPage(response, shop);
        }
        return levels;
    }

    /// <summary>Subscribes <paramref name="address"/> to <paramref name="topic"/>; the webhook's id, or null when Shopify says it already exists (422).</summary>
    public async Task<string?> CreateWebhookAsync(string shop, string token, string topic, string address, CancellationToken ct)
    {
        var url = Admin(shop, "webhooks.json");
        try
        {
            using var response = await SendAsync(() => WithToken(new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = JsonContent.Create(new { webhook = new { topic, address, format = "json" } }),
            }, token), ct);
            var created = await response.Content.ReadFromJsonAsync<WebhookResponse>(Json, ct);
            return created?.Webhook?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (ShopifyException e) when (e.Status == 422)
        {
            return null;
        }
    }

    Task<HttpResponseMessage> GetAsync(string url, string token, CancellationToken ct) =>
        SendAsync(() => WithToken(new HttpRequestMessage(HttpMethod.Get, url), token), ct);

    static HttpRequestMessage WithToken(HttpRequestMessage request, string token)
    {
        request.Headers.Add(AccessTokenHeader, token);
        return request;
    }

    async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            using (var message = request())
            {
                try
                {
                    response = await http.SendAsync(message, ct);
                }
                catch (HttpRequestException e)
                {
                    throw new ShopifyException(0, "Shopify is unreachable: " + e.Message);
                }
            }
            if (response.IsSuccessStatusCode) return response;
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt <= 3)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                response.Dispose();
                await Task.Delay(wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(5), ct);
                continue;
            }
            var text = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new ShopifyException(status, $"Shopify answered {status}: {(text.Length > 300 ? text[..300] : text)}");
        }
    }

    /// <summary>The <c>rel="next"</c> URL of a cursor-paginated answer, or null on the last page.</summary>
    string? NextPage(HttpResponseMessage response, string shop)
    {
        // Only a page of the same shop: the access token goes with it.
        var origin = O.ShopBase(shop);
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (var part in string.Join(',', links).Split(','))
            if (part.Contains("rel=\"next\"", StringComparison.Ordinal) && part.IndexOf('<') is var start and >= 0 && part.IndexOf('>') is var end && end > start)
                return Uri.TryCreate(part[(start + 1)..end], UriKind.Absolute, out var url)
                    && url.Scheme == origin.Scheme && url.Authority == origin.Authority ? url.ToString() : null;
        return null;
    }

    sealed record TokenResponse(string? AccessToken, string? Scope);
    sealed record LocationsResponse(IReadOnlyList<ShopifyLocation>? Locations);
    sealed record ProductsResponse(IReadOnlyList<ShopifyProduct>? Products);
    sealed record LevelsResponse(IReadOnlyList<ShopifyInventoryLevel>? InventoryLevels);
    sealed record WebhookResponse(WebhookOut? Webhook);
    sealed record WebhookOut(long Id);
}
