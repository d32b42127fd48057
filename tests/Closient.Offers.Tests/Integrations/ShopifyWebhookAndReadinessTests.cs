using Closient.Testing.Shopify;
using System.Net;
using System.Text.Json;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Offers.Tests.Integrations;

/// <summary>Shopify webhooks (signature, idempotency, effects) and the discoverability readiness endpoint.</summary>
public sealed class ShopifyWebhookAndReadinessTests(ShopifyFixture fx) : IClassFixture<ShopifyFixture>
{
    sealed record World(Guid Org, FakeShopify.Shop Shop, long Location, FakeShopify.Variant Variant, FakeShopify.Product Product, string SourceId, string OfferId);

    /// <summary>A connected shop with a mapped location and one synced offer (quantity 7, price 4.00).</summary>
    async Task<World> SyncedAsync()
    {
        var org = Guid.CreateVersion7();
        var shop = fx.Shopify.AddShop(ShopifyFixture.NewShopDomain());
        var location = fx.Shopify.AddLocation(shop, "Main");
        var gtin = TestData.NewGtin13();
        await fx.PublishProductWithGtinAsync(gtin);
        var variant = fx.Shopify.AddProduct(shop, "Tea", "TEA-1", gtin, "4.00");
        shop.Levels[(variant.InventoryItemId, location)] = 7;
        var store = await fx.SeedStoreAsync(org);
        var connected = await fx.ConnectAsync(org, shop);
        var sourceId = connected.GetProperty("inventory_source").Str("id");
        await fx.FinishedJobAsync(org, connected.Str("job_id"));
        await (await fx.ClientFor(org).PutJsonAsync(ShopifyFixture.Source(sourceId) + "/locations",
            $$"""{"locations": [{"shopify_location_id": "{{location}}", "physical_store_id": "{{ShortId.Encode(store)}}"}]}""")).ExpectAsync(HttpStatusCode.OK);
        var job = await (await fx.ClientFor(org).PostAsync(ShopifyFixture.Source(sourceId) + "/sync", null)).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("succeeded", (await fx.FinishedJobAsync(org, job.Str("id"))).Str("state"));
        var offers = await (await fx.ClientFor(org).GetAsync(OffersFixture.OrganizationOffers(org))).ExpectAsync(HttpStatusCode.OK);
        var offer = Assert.Single(offers.GetProperty("data").EnumerateArray());
        FakeShopify.Product product;
        lock (shop) product = shop.Products.Single(p => p.Variants.Contains(variant));
        return new World(org, shop, location, variant, product, sourceId, offer.Str("id"));
    }

    async Task<JsonElement> OfferAsync(World w) =>
        await (await fx.ClientFor(w.Org).GetAsync(OffersFixture.Offer(w.OfferId))).ExpectAsync(HttpStatusCode.OK);

    [Fact]
    public async Task An_inventory_level_update_sets_the_quantity_and_zero_makes_the_offer_out_of_stock()
    {
        var w = await SyncedAsync();
        var outbox = await fx.OutboxCountAsync();
        var payload = FakeShopify.InventoryLevelPayload(w.Variant.InventoryItemId, w.Location, 0, DateTimeOffset.UtcNow);
        var answer = await (await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook(w.Shop.Domain, "inventory_levels/update", payload)))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("applied", answer.Str("status"));
        var offer = await OfferAsync(w);
        Assert.Equal(("out_of_stock", 0, "pos_sync"), (offer.Str("status"), offer.GetProperty("quantity_on_hand").GetInt32(), offer.Str("source")));
        Assert.Equal(outbox + 1, await fx.OutboxCountAsync());

        var restock = FakeShopify.InventoryLevelPayload(w.Variant.InventoryItemId, w.Location, 20, DateTimeOffset.UtcNow);
        await (await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook(w.Shop.Domain, "inventory_levels/update", restock))).ExpectAsync(HttpStatusCode.OK);
        offer = await OfferAsync(w);
        Assert.Equal(("active", 20), (offer.Str("status"), offer.GetProperty("quantity_on_hand").GetInt32()));
    }

    [Fact]
    public async Task A_webhook_with_a_wrong_or_missing_signature_is_401_and_changes_nothing()
    {
        var w = await SyncedAsync();
        var outbox = await fx.OutboxCountAsync();
        var payload = FakeShopify.InventoryLevelPayload(w.Variant.InventoryItemId, w.Location, 0, DateTimeOffset.UtcNow);
        var forged = fx.Shopify.Webhook(w.Shop.Domain, "inventory_levels/update", payload,
            signature: Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData("wrong secret"u8, System.Text.Encoding.UTF8.GetBytes(payload))));
        await ProblemAssert.AssertAsync(await fx.AnonymousClient().SendAsync(forged), 401, "UNAUTHORIZED");
        var unsigned = fx.Shopify.Webhook(w.Shop.Domain, "inventory_levels/update", payload);
        unsigned.Headers.Remove("X-Shopify-Hmac-Sha256");
        await ProblemAssert.AssertAsync(await fx.AnonymousClient().SendAsync(unsigned), 401, "UNAUTHORIZED");
        // Signed for other bytes: the body was altered in transit.
        var altered = fx.Shopify.Webhook(w.Shop.Domain, "inventory_levels/update", payload,
            signature: fx.Shopify.SignBody(System.Text.Encoding.UTF8.GetBytes(payload.Replace("\"available\":0", "\"available\":1"))));
        await ProblemAssert.AssertAsync(await fx.AnonymousClient().SendAsync(altered), 401, "UNAUTHORIZED");

        var offer = await OfferAsync(w);
        Assert.Equal(("active", 7), (offer.Str("status"), offer.GetProperty("quantity_on_hand").GetInt32()));
        Assert.Equal(outbox, await fx.OutboxCountAsync());
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM offers.webhook_deliveries WHERE shop_domain = @Domain", new { w.Shop.Domain }));
    }

    [Fact]
    public async Task A_redelivered_webhook_is_applied_once_and_an_older_level_does_not_overwrite_a_newer_one()
    {
        var w = await SyncedAsync();
        var id = Guid.NewGuid().ToString();
        var first = FakeShopify.InventoryLevelPayload(w.Variant.InventoryItemId, w.Location, 3, DateTimeOffset.UtcNow);
        Assert.Equal("applied", (await (await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook(w.Shop.Domain, "inventory_levels/update", first, id)))
            .ExpectAsync(HttpStatusCode.OK)).Str("status"));
        var outbox = await fx.OutboxCountAsync();
        // Same webhook id (Shopify's retry), even with another body: nothing happens.
        var retry = FakeShopify.InventoryLevelPayload(w.Variant.InventoryItemId, w.Location, 99, DateTimeOffset.UtcNow);
        Assert.Equal("duplicate", (await (await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook(w.Shop.Domain, "inventory_levels/update", retry, id)))
            .ExpectAsync(HttpStatusCode.OK)).Str("status"));
        // A level from before the last confirmed stock arrives late: skipped.
        var late = FakeShopify.InventoryLevelPayload(w.Variant.InventoryItemId, w.Location, 50, DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal("skipped", (await (await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook(w.Shop.Domain, "inventory_levels/update", late)))
            .ExpectAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal(3, (await OfferAsync(w)).GetProperty("quantity_on_hand").GetInt32());
        Assert.Equal(outbox, await fx.OutboxCountAsync());
    }

    [Fact]
    public async Task Product_updates_reprice_offers_and_uninstalling_disconnects_the_source()
    {
        var w = await SyncedAsync();
        w.Product.Variants[0] = w.Variant with { Price = "5.25" };
        var payload = fx.Shopify.ProductPayload(w.Shop, w.Product);
        await (await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook(w.Shop.Domain, "products/update", payload))).ExpectAsync(HttpStatusCode.OK);
        var offer = await OfferAsync(w);
        Assert.Equal(("5.25", 7), (offer.GetProperty("price").Str("amount"), offer.GetProperty("quantity_on_hand").GetInt32()));

        // Topics not handled and shops not known are acknowledged (so Shopify does not retry) and ignored.
        Assert.Equal("ignored", (await (await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook(w.Shop.Domain, "orders/create", "{\"id\": 1}")))
            .ExpectAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal("ignored", (await (await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook("unknown.myshopify.com", "inventory_levels/update", "{}")))
            .ExpectAsync(HttpStatusCode.OK)).Str("status"));
        // Signed garbage is a bad request, not a server error.
        await ProblemAssert.AssertAsync(await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook(w.Shop.Domain, "products/update", "not json")), 400, "BAD_REQUEST");
        await ProblemAssert.AssertAsync(await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook(w.Shop.Domain, "products/update", "[1]")), 400, "BAD_REQUEST");

        await (await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook(w.Shop.Domain, "app/uninstalled", $$"""{"id": 1, "domain": "{{w.Shop.Domain}}"}""")))
            .ExpectAsync(HttpStatusCode.OK);
        var source = await (await fx.ClientFor(w.Org).GetAsync(ShopifyFixture.Source(w.SourceId))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("disconnected", source.Str("status"));
        await ProblemAssert.AssertAsync(await fx.ClientFor(w.Org).PostAsync(ShopifyFixture.Source(w.SourceId) + "/sync", null), 409, "CONFLICT");
    }

    [Fact]
    public async Task Readiness_names_what_is_missing_until_the_pos_a_published_location_and_an_in_stock_offer_are_there()
    {
        var org = Guid.CreateVersion7();
        var path = OffersFixture.Org(org) + "/readiness";
        var empty = await (await fx.ClientFor(org, Roles.Viewer).GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(empty.GetProperty("ready").GetBoolean());
        Assert.False(empty.GetProperty("pos_connected").GetBoolean());
        Assert.Equal(["pos_connection", "published_location", "in_stock_offer"], empty.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));

        await fx.SeedLocationAsync(org, isPublished: false);
        var unpublished = await (await fx.ClientFor(org).GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, unpublished.GetProperty("published_locations").GetInt32());

        var w = await SyncedAsync();
        var ready = await (await fx.ClientFor(w.Org, Roles.Billing).GetAsync(OffersFixture.Org(w.Org) + "/readiness")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(ready.GetProperty("ready").GetBoolean(), ready.ToString());
        Assert.Equal((true, 1, 1), (ready.GetProperty("pos_connected").GetBoolean(), ready.GetProperty("published_locations").GetInt32(),
            ready.GetProperty("in_stock_offers").GetInt32()));
        Assert.Empty(ready.GetProperty("missing").EnumerateArray());

        // Out of stock: no longer discoverable.
        var zero = FakeShopify.InventoryLevelPayload(w.Variant.InventoryItemId, w.Location, 0, DateTimeOffset.UtcNow);
        await (await fx.AnonymousClient().SendAsync(fx.Shopify.Webhook(w.Shop.Domain, "inventory_levels/update", zero))).ExpectAsync(HttpStatusCode.OK);
        var gone = await (await fx.ClientFor(w.Org).GetAsync(OffersFixture.Org(w.Org) + "/readiness")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["in_stock_offer"], gone.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));

        foreach (var client in new[] { fx.ClientFor(Guid.CreateVersion7()), fx.ClientAs(Caller.ForOrganization(org, Roles.Owner, "cpk")), fx.AnonymousClient() })
            await ProblemAssert.AssertAsync(await client.GetAsync(path), 404, "NOT_FOUND");
    }
}
