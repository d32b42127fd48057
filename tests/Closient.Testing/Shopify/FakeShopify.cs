using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closient.Testing.Shopify;

/// <summary>
/// A TEST FIXTURE, not production code: a local Shopify (a real Kestrel server on a free port) speaking the
/// Admin API's request/response shapes for what the integration uses. Each shop lives under
/// <c>{BaseUrl}/{shop}/</c> (the service's <c>Integrations:Shopify:BaseUrl</c> is <c>{BaseUrl}/{shop}</c>):
/// the OAuth consent (<c>admin/oauth/authorize</c> redirects to the app's redirect_uri with code, hmac,
/// host, shop, state and timestamp, hmac = hex HMAC-SHA256 of the sorted other parameters under the app
/// secret), the code exchange (<c>admin/oauth/access_token</c>, single-use codes), and
/// <c>admin/api/{version}/</c> locations, products (cursor pages via the <c>Link</c> header's <c>page_info</c>),
/// inventory_levels and webhooks (422 for a topic+address that exists). Admin calls need
/// <c>X-Shopify-Access-Token</c> (else 401 like Shopify's). Webhook deliveries are signed like Shopify's.
/// </summary>
public sealed class FakeShopify : IAsyncDisposable
{
    public const string ApiKey = "fake-shopify-api-key";
    public string ApiSecret { get; } = "shpss_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    WebApplication? _app;
    readonly ConcurrentDictionary<string, Shop> _shops = new();
    readonly ConcurrentDictionary<string, string> _codes = new();
    long _nextId = 1_000_000;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Products per page (Shopify allows up to 250); small in tests to exercise pagination.</summary>
    public int ProductPageSize { get; set; } = 250;

    public ConcurrentQueue<string> Requests { get; } = new();

    public sealed class Shop(string domain)
    {
        public string Domain { get; } = domain;
        public string? AccessToken { get; set; }
        public List<(long Id, string Name)> Locations { get; } = [];
        public List<Product> Products { get; } = [];
        public ConcurrentDictionary<(long Item, long Location), int> Levels { get; } = new();
        public ConcurrentBag<(long Id, string Topic, string Address)> Webhooks { get; } = [];
    }

    public sealed record Variant(long Id, string Sku, string Barcode, string Price, long InventoryItemId);

    public sealed record Product(long Id, string Title, List<Variant> Variants);

    public long NewId() => Interlocked.Increment(ref _nextId);

    public Shop AddShop(string domain) => _shops.GetOrAdd(domain, d => new Shop(d));

    public long AddLocation(Shop shop, string name)
    {
        var id = NewId();
        lock (shop) shop.Locations.Add((id, name));
        return id;
    }

    /// <summary>A product with one variant; returns the variant (its inventory item id is what levels use).</summary>
    public Variant AddProduct(Shop shop, string title, string sku, string barcode, string price)
    {
        var variant = new Variant(NewId(), sku, barcode, price, NewId());
        lock (shop) shop.Products.Add(new Product(NewId(), title, [variant]));
        return variant;
    }

    public static async Task<FakeShopify> StartAsync()
    {
        var fake = new FakeShopify();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        fake.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        fake._app = app;
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    void Map(WebApplication app)
    {
        app.Use(async (ctx, next) =>
        {
            Requests.Enqueue($"{ctx.Request.Method} {ctx.Request.Path}{ctx.Request.QueryString}");
            await next();
        });
        app.MapGet("/{shop}/admin/oauth/authorize", (string shop, HttpRequest r) =>
        {
            if (r.Query["client_id"] != ApiKey || !_shops.ContainsKey(shop)) return Results.NotFound();
            var redirect = r.Query["redirect_uri"].ToString();
            var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _codes[code] = shop;
            return Results.Redirect(redirect + "?" + SignedQuery(new Dictionary<string, string>
            {
                ["code"] = code, ["host"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin.shopify.com/store/{shop.Split('.')[0]}")),
                ["shop"] = shop, ["state"] = r.Query["state"].ToString(),
                ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            }));
        });
        app.MapPost("/{shop}/admin/oauth/access_token", async (string shop, HttpRequest r) =>
        {
            var body = await JsonDocument.ParseAsync(r.Body);
            string? Get(string name) => body.RootElement.TryGetProperty(name, out var e) ? e.GetString() : null;
            if (Get("client_id") != ApiKey || Get("client_secret") != ApiSecret || Get("code") is not { } code
                || !_codes.TryRemove(code, out var codeShop) || codeShop != shop)
                return Results.Json(new { error = "invalid_request", error_description = "The authorization code was not found or was already used" }, statusCode: 400);
            var s = _shops[shop];
            s.AccessToken = "shpat_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            return Results.Json(new { access_token = s.AccessToken, scope = "read_products,read_inventory,read_locations" });
        });
        app.MapGet("/{shop}/admin/api/{version}/locations.json", (string shop, HttpRequest r) => Authorized(shop, r, s =>
        {
            lock (s)
                return Results.Json(new
                {
                    locations = s.Locations.Select(l => new
                    {
                        id = l.Id, name = l.Name, address1 = "1 Main St", address2 = (string?)null, city = "Springfield", zip = "12345",
                        province = "Illinois", country = "US", phone = "", created_at = "2024-01-01T10:00:00-05:00",
                        updated_at = "2024-01-01T10:00:00-05:00", country_code = "US", country_name = "United States", province_code = "IL",
                        legacy = false, active = true, admin_graphql_api_id = $"gid://shopify/Location/{l.Id}",
                    }).ToList(),
                });
        }));
        app.MapGet("/{shop}/admin/api/{version}/products.json", (string shop, string version, HttpRequest r) => Authorized(shop, r, s =>
        {
            var limit = int.TryParse(r.Query["limit"], out var l) ? Math.Min(l, ProductPageSize) : Math.Min(50, ProductPageSize);
            var offset = r.Query["page_info"] is { Count: 1 } pi ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(pi[0]!)), CultureInfo.InvariantCulture) : 0;
            List<Product> page;
            bool more;
            lock (s)
            {
                page = s.Products.Skip(offset).Take(limit).ToList();
                more = offset + limit < s.Products.Count;
            }
            if (more)
            {
                var next = Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + limit).ToString(CultureInfo.InvariantCulture)));
                r.HttpContext.Response.Headers.Link = $"<{BaseUrl}{shop}/admin/api/{version}/products.json?limit={limit}&page_info={Uri.EscapeDataString(next)}>; rel=\"next\"";
            }
            return Results.Json(new
            {
                products = page.Select(p => new
                {
                    id = p.Id, title = p.Title, body_html = "", vendor = "Fake", product_type = "", handle = p.Title.ToLowerInvariant().Replace(' ', '-'),
                    status = "active", created_at = "2024-01-01T10:00:00-05:00", updated_at = "2024-01-01T10:00:00-05:00",
                    variants = p.Variants.Select(v => VariantJson(p.Id, v, s)).ToList(),
                }).ToList(),
            });
        }));
        app.MapGet("/{shop}/admin/api/{version}/inventory_levels.json", (string shop, HttpRequest r) => Authorized(shop, r, s =>
        {
            var items = Ids(r.Query["inventory_item_ids"]);
            var locations = Ids(r.Query["location_ids"]);
            if (items.Count == 0 && locations.Count == 0)
                return Results.Json(new { errors = new { inventory_item_ids = new[] { "or location_ids is required" } } }, statusCode: 422);
            return Results.Json(new
            {
                inventory_levels = s.Levels.Where(kv => (items.Count == 0 || items.Contains(kv.Key.Item)) && (locations.Count == 0 || locations.Contains(kv.Key.Location)))
                    .OrderBy(kv => kv.Key.Item).ThenBy(kv => kv.Key.Location)
                    .Select(kv => new
                    {
                        inventory_item_id = kv.Key.Item, location_id = kv.Key.Location, available = kv.Value,
                        updated_at = "2024-01-01T10:00:00-05:00", admin_graphql_api_id = $"gid://shopify/InventoryLevel/{kv.Key.Item}?inventory_item_id={kv.Key.Item}",
                    }).ToList(),
            });
        }));
        app.MapPost("/{shop}/admin/api/{version}/webhooks.json", async (string shop, string version, HttpRequest r) =>
        {
            var body = await JsonDocument.ParseAsync(r.Body);
            return Authorized(shop, r, s =>
            {
                var w = body.RootElement.GetProperty("webhook");
                var topic = w.GetProperty("topic").GetString()!;
                var address = w.GetProperty("address").GetString()!;
                if (s.Webhooks.Any(x => x.Topic == topic && x.Address == address))
                    return Results.Json(new { errors = new { address = new[] { "for this topic has already been taken" } } }, statusCode: 422);
                var id = NewId();
                s.Webhooks.Add((id, topic, address));
                return Results.Json(new
                {
                    webhook = new
                    {
                        id, address, topic, created_at = "2024-01-01T10:00:00-05:00", updated_at = "2024-01-01T10:00:00-05:00", format = "json",
                        fields = Array.Empty<string>(), metafield_namespaces = Array.Empty<string>(), api_version = version,
                        private_metafield_namespaces = Array.Empty<string>(),
                    },
                }, statusCode: 201);
            });
        });
    }

    object VariantJson(long productId, Variant v, Shop s) => new
    {
        id = v.Id, product_id = productId, title = "Default Title", price = v.Price, sku = v.Sku, position = 1, inventory_policy = "deny",
        compare_at_price = (string?)null, fulfillment_service = "manual", inventory_management = "shopify", option1 = "Default Title",
        barcode = v.Barcode, grams = 0, weight = 0.0, weight_unit = "kg", inventory_item_id = v.InventoryItemId,
        inventory_quantity = s.Levels.Where(kv => kv.Key.Item == v.InventoryItemId).Sum(kv => kv.Value),
        requires_shipping = true, admin_graphql_api_id = $"gid://shopify/ProductVariant/{v.Id}",
    };

    IResult Authorized(string shop, HttpRequest r, Func<Shop, IResult> handler) =>
        _shops.TryGetValue(shop, out var s) && s.AccessToken is { } token && r.Headers["X-Shopify-Access-Token"] == token
            ? handler(s)
            : Results.Json(new { errors = "[API] Invalid API key or access token (unrecognized login or wrong password)" }, statusCode: 401);

    static HashSet<long> Ids(string? csv) =>
        (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>The query Shopify redirects with: the parameters plus hmac = hex HMAC-SHA256 of the sorted others.</summary>
    public string SignedQuery(IDictionary<string, string> parameters)
    {
        var message = string.Join('&', parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        var hmac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ApiSecret), Encoding.UTF8.GetBytes(message)));
        return string.Join('&', parameters.Append(KeyValuePair.Create("hmac", hmac)).Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
    }

    public string SignBody(byte[] body) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ApiSecret), body));

    /// <summary>A webhook delivery as Shopify sends it (headers included), signed unless <paramref name="signature"/> is given.</summary>
    public HttpRequestMessage Webhook(string shop, string topic, string json, string? webhookId = null, string? signature = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var request = new HttpRequestMessage(HttpMethod.Post, "/integrations/shopify/webhooks") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Hmac-Sha256", signature ?? SignBody(body));
        request.Headers.Add("X-Shopify-Shop-Domain", shop);
        request.Headers.Add("X-Shopify-API-Version", "2025-01");
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Event-Id", NewId().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Shopify-Triggered-At", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return request;
    }

    /// <summary>The shape of Shopify's <c>inventory_levels/update</c> payload.</summary>
    public static string InventoryLevelPayload(long inventoryItemId, long locationId, int available, DateTimeOffset updatedAt) => JsonSerializer.Serialize(new
    {
        inventory_item_id = inventoryItemId, location_id = locationId, available,
        updated_at = updatedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        admin_graphql_api_id = $"gid://shopify/InventoryLevel/{locationId}?inventory_item_id={inventoryItemId}",
    });

    public string ProductPayload(Shop shop, Product product) => JsonSerializer.Serialize(new
    {
        id = product.Id, title = product.Title, body_html = "", vendor = "Fake", product_type = "", status = "active",
        created_at = "2024-01-01T10:00:00-05:00", updated_at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        variants = product.Variants.Select(v => VariantJson(product.Id, v, shop)).ToList(),
        admin_graphql_api_id = $"gid://shopify/Product/{product.Id}",
    });
}
