using Closient.Testing.Shopify;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Offers.Tests.Integrations;

/// <summary>The offers service configured against a <see cref="FakeShopify"/> started first (its URL goes into the configuration).</summary>
public sealed class ShopifyFixture : OffersFixture
{
    public FakeShopify Shopify { get; private set; } = null!;
    public byte[] TokenKey { get; } = RandomNumberGenerator.GetBytes(32);
    public const string AppUrl = "https://closient.test";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Integrations:Shopify:ApiKey"] = FakeShopify.ApiKey,
        ["Integrations:Shopify:ApiSecret"] = Shopify.ApiSecret,
        ["Integrations:Shopify:TokenKey"] = Convert.ToBase64String(TokenKey),
        ["Integrations:Shopify:BaseUrl"] = Shopify.BaseUrl + "{shop}",
        ["Integrations:Shopify:AppUrl"] = AppUrl,
    };

    public override async Task InitializeAsync()
    {
        Shopify = await FakeShopify.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Shopify is not null) await Shopify.DisposeAsync();
    }

    public static string NewShopDomain() => $"shop-{Guid.NewGuid():N}"[..20] + ".myshopify.com";

    public static string Install(Guid org, string shop) => $"/integrations/shopify/install?shop={shop}&organization_id={ShortId.Encode(org)}";

    /// <summary>The authorize URL the install endpoint hands out (JSON form).</summary>
    public async Task<string> AuthorizeUrlAsync(Guid org, string shop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Install(org, shop));
        request.Headers.Accept.ParseAdd("application/json");
        var json = await (await ClientFor(org).SendAsync(request)).ExpectAsync(HttpStatusCode.OK);
        return json.Str("authorize_url");
    }

    /// <summary>Shopify's consent: the fake redirects to the app's callback; returns the callback's path and query.</summary>
    public async Task<string> ConsentAsync(string authorizeUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var response = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var callback = response.Headers.Location!;
        Assert.StartsWith(AppUrl + "/integrations/shopify/callback?", callback.ToString());
        return callback.PathAndQuery;
    }

    /// <summary>The whole browser flow: install, consent, callback. Returns the callback's JSON (inventory_source, job_id).</summary>
    public async Task<JsonElement> ConnectAsync(Guid org, FakeShopify.Shop shop)
    {
        var callback = await ConsentAsync(await AuthorizeUrlAsync(org, shop.Domain));
        return await (await AnonymousClient().GetAsync(callback)).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>Polls the job until it has finished; returns it.</summary>
    public async Task<JsonElement> FinishedJobAsync(Guid org, string jobId)
    {
        JsonElement job = default;
        await Eventually.TrueAsync(async () =>
        {
            job = await (await ClientFor(org, Roles.Viewer).GetAsync($"/retailers/api/v1/jobs/{jobId}")).ExpectAsync(HttpStatusCode.OK);
            return job.Str("state") is "succeeded" or "failed";
        }, TimeSpan.FromSeconds(30), "the sync job finishes");
        return job;
    }

    /// <summary>A catalog product with <paramref name="gtin"/>, known to offers.</summary>
    public async Task<Guid> PublishProductWithGtinAsync(string gtin)
    {
        Gtin.TryNormalize(gtin, out var gtin14, out _);
        var productId = Guid.CreateVersion7();
        var id = await Bus.PublishAsync(new ProductUpserted(productId, gtin14, "Product " + gtin, "Brand", "", null, DateTimeOffset.UtcNow));
        await Consumed.WaitAsync(id);
        return productId;
    }

    public static string Source(string id) => $"/retailers/api/v1/inventory-sources/{id}";
}
