using Closient.Testing.Shopify;
using System.Net;
using System.Text.Json;
using Closient.Offers.Integrations.Shopify;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Closient.Offers.Tests.Integrations;

/// <summary>The OAuth install and callback, the encrypted token, the inventory source, and sync jobs, against the fake Shopify.</summary>
public sealed class ShopifyConnectAndSyncTests(ShopifyFixture fx) : IClassFixture<ShopifyFixture>
{
    FakeShopify Signer => fx.Shopify;

    [Fact]
    public async Task Install_redirects_to_shopifys_consent_with_a_signed_state_or_answers_the_url_as_json()
    {
        var org = Guid.CreateVersion7();
        var shop = ShopifyFixture.NewShopDomain();
        var response = await fx.ClientFor(org).GetAsync(ShopifyFixture.Install(org, shop.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(fx.Shopify.BaseUrl + shop + "/admin/oauth/authorize", location.GetLeftPart(UriPartial.Path));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(FakeShopify.ApiKey, query["client_id"]);
        Assert.Equal("read_products,read_inventory,read_locations", query["scope"]);
        Assert.Equal(ShopifyFixture.AppUrl + "/integrations/shopify/callback", query["redirect_uri"]);
        var state = new OAuthStateSigner(fx.TokenKey).Verify(query["state"], DateTimeOffset.UtcNow);
        Assert.NotNull(state);
        Assert.Equal((org, shop), (state.OrganizationId, state.Shop));
        Assert.InRange(state.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(11));

        Assert.StartsWith(fx.Shopify.BaseUrl + shop + "/admin/oauth/authorize?client_id=", await fx.AuthorizeUrlAsync(org, shop));
    }

    [Theory]
    [InlineData("evil.com")]
    [InlineData("shop.myshopify.com.evil.com")]
    [InlineData("")]
    public async Task Install_refuses_a_shop_that_is_not_a_myshopify_domain(string shop)
    {
        var org = Guid.CreateVersion7();
        await ProblemAssert.AssertAsync(await fx.ClientFor(org).GetAsync(ShopifyFixture.Install(org, shop)), 422, "VALIDATION_ERROR", "shop");
    }

    [Fact]
    public async Task Install_is_404_without_manage_offers_on_the_organization()
    {
        var org = Guid.CreateVersion7();
        var path = ShopifyFixture.Install(org, ShopifyFixture.NewShopDomain());
        foreach (var client in new[]
                 {
                     fx.ClientFor(org, Roles.Viewer), fx.ClientFor(org, Roles.Billing), fx.ClientFor(Guid.CreateVersion7()),
                     fx.ClientAs(Caller.ForOrganization(org, Roles.Owner, "cpk")), fx.AnonymousClient(),
                 })
            await ProblemAssert.AssertAsync(await client.GetAsync(path), 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(await fx.ClientFor(org).GetAsync("/integrations/shopify/install?shop=a.myshopify.com"), 404, "NOT_FOUND");
    }

    [Fact]
    public async Task The_callback_stores_the_token_encrypted_provisions_the_source_and_webhooks_and_starts_a_sync()
    {
        var org = Guid.CreateVersion7();
        var shop = fx.Shopify.AddShop(ShopifyFixture.NewShopDomain());
        fx.Shopify.AddLocation(shop, "Downtown");

        var connected = await fx.ConnectAsync(org, shop);
        var source = connected.GetProperty("inventory_source");
        Assert.Equal("connected", source.Str("status"));
        Assert.Equal(shop.Domain, source.Str("shop_domain"));
        Assert.Equal("shopify", source.Str("provider"));
        Assert.Equal(ShortId.Encode(org), source.Str("organization_id"));
        Assert.Equal(3, source.GetProperty("webhook_subscriptions").GetInt32());
        Assert.Equal(["app/uninstalled", "inventory_levels/update", "products/update"], shop.Webhooks.Select(w => w.Topic).Order());
        Assert.All(shop.Webhooks, w => Assert.Equal(ShopifyFixture.AppUrl + "/integrations/shopify/webhooks", w.Address));

        // At rest the token is ciphertext that only the configured key opens.
        ShortId.TryParse(source.Str("id"), out var sourceId);
        var stored = await fx.Database.ScalarAsync<byte[]>("SELECT access_token_encrypted FROM offers.inventory_sources WHERE id = @sourceId", new { sourceId });
        Assert.DoesNotContain(shop.AccessToken!, System.Text.Encoding.UTF8.GetString(stored));
        Assert.Equal(shop.AccessToken, new TokenProtector(fx.TokenKey).Unprotect(stored, shop.Domain));

        // The automatic first sync records the shop's locations; nothing is mapped yet, so it says so.
        var job = await fx.FinishedJobAsync(org, connected.Str("job_id"));
        Assert.Equal("succeeded", job.Str("state"));
        Assert.Contains(job.GetProperty("errors").EnumerateArray(), e => e.Str("code") == "NO_MAPPED_LOCATIONS");
        var read = await (await fx.ClientFor(org, Roles.Viewer).GetAsync(ShopifyFixture.Source(source.Str("id")))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Downtown", Assert.Single(read.GetProperty("locations").EnumerateArray()).Str("name"));
        var list = await (await fx.ClientFor(org, Roles.Viewer).GetAsync(OffersFixture.Org(org) + "/inventory-sources")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(source.Str("id"), Assert.Single(list.GetProperty("data").EnumerateArray()).Str("id"));
        Assert.Equal(1, list.GetProperty("pagination").GetProperty("total_count").GetInt32());

        // Connecting again (a fresh install) keeps one source and does not duplicate webhooks.
        var again = await fx.ConnectAsync(org, shop);
        Assert.Equal(source.Str("id"), again.GetProperty("inventory_source").Str("id"));
        Assert.Equal(3, shop.Webhooks.Count);
        await fx.FinishedJobAsync(org, again.Str("job_id"));
    }

    [Fact]
    public async Task The_callback_refuses_bad_signatures_bad_states_and_reuse_before_doing_anything()
    {
        var org = Guid.CreateVersion7();
        var shop = fx.Shopify.AddShop(ShopifyFixture.NewShopDomain());
        var callback = await fx.ConsentAsync(await fx.AuthorizeUrlAsync(org, shop.Domain));
        var anonymous = fx.AnonymousClient();
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + callback).Query)
            .ToDictionary(q => q.Key, q => q.Value.ToString());

        // A tampered parameter breaks Shopify's hmac; no hmac at all, likewise.
        await ProblemAssert.AssertAsync(await anonymous.GetAsync(callback.Replace("timestamp=", "timestamp=1")), 401, "UNAUTHORIZED");
        await ProblemAssert.AssertAsync(await anonymous.GetAsync(callback[..callback.IndexOf("&hmac=", StringComparison.Ordinal)]), 401, "UNAUTHORIZED");
        // Correctly signed by Shopify but with a state Closient never signed, an expired one, or one for another shop.
        var signer = new OAuthStateSigner(fx.TokenKey);
        foreach (var state in new[]
                 {
                     "forged." + query["state"].Split('.')[1],
                     signer.Sign(new OAuthState(org, shop.Domain, DateTimeOffset.UtcNow.AddSeconds(-1), "expired")),
                     signer.Sign(new OAuthState(org, "other.myshopify.com", DateTimeOffset.UtcNow.AddMinutes(5), "other")),
                 })
            await ProblemAssert.AssertAsync(await anonymous.GetAsync(Callback(query, ("state", state))), 401, "UNAUTHORIZED");
        Assert.Null(shop.AccessToken); // the code was never exchanged
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM offers.inventory_sources WHERE organization_id = @org", new { org }));

        // A code Shopify does not know: 400, nothing stored.
        var bogusState = signer.Sign(new OAuthState(org, shop.Domain, DateTimeOffset.UtcNow.AddMinutes(5), "bogus-code"));
        await ProblemAssert.AssertAsync(await anonymous.GetAsync(Callback(query, ("state", bogusState), ("code", "nope"))), 400, "BAD_REQUEST");

        // The real one works once; the same state again is refused.
        await (await anonymous.GetAsync(callback)).ExpectAsync(HttpStatusCode.OK);
        await ProblemAssert.AssertAsync(await anonymous.GetAsync(callback), 401, "UNAUTHORIZED");
        Assert.Equal(1, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM offers.inventory_sources WHERE organization_id = @org", new { org }));
    }

    [Fact]
    public async Task A_shop_connected_to_one_organization_cannot_be_taken_by_another()
    {
        var shop = fx.Shopify.AddShop(ShopifyFixture.NewShopDomain());
        var first = Guid.CreateVersion7();
        await fx.ConnectAsync(first, shop);
        var other = Guid.CreateVersion7();
        var callback = await fx.ConsentAsync(await fx.AuthorizeUrlAsync(other, shop.Domain));
        await ProblemAssert.AssertAsync(await fx.AnonymousClient().GetAsync(callback), 409, "CONFLICT");
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM offers.inventory_sources WHERE organization_id = @other", new { other }));
    }

    [Fact]
    public async Task A_sync_creates_and_updates_pos_offers_matched_by_barcode_and_mapped_location()
    {
        var org = Guid.CreateVersion7();
        var shop = fx.Shopify.AddShop(ShopifyFixture.NewShopDomain());
        var downtown = fx.Shopify.AddLocation(shop, "Downtown");
        var warehouse = fx.Shopify.AddLocation(shop, "Warehouse");
        var store = await fx.SeedStoreAsync(org);
        var gtinA = TestData.NewGtin13();
        var gtinB = TestData.NewGtin13();
        var productA = await fx.PublishProductWithGtinAsync(gtinA);
        var productB = await fx.PublishProductWithGtinAsync(gtinB);
        var a = fx.Shopify.AddProduct(shop, "Oat milk", "OAT-1", gtinA, "3.49");
        var b = fx.Shopify.AddProduct(shop, "Rye bread", "", gtinB, "2.00");
        var noBarcode = fx.Shopify.AddProduct(shop, "Gift card", "GIFT", "", "10.00");
        var unknown = fx.Shopify.AddProduct(shop, "Mystery", "MYS", TestData.NewGtin13(), "1.00");
        shop.Levels[(a.InventoryItemId, downtown)] = 12;
        shop.Levels[(b.InventoryItemId, downtown)] = 0;
        shop.Levels[(a.InventoryItemId, warehouse)] = 500; // unmapped: not an offer
        shop.Levels[(unknown.InventoryItemId, downtown)] = 4;
        shop.Levels[(noBarcode.InventoryItemId, downtown)] = 9;
        fx.Shopify.ProductPageSize = 3; // two pages of products

        var connected = await fx.ConnectAsync(org, shop);
        var sourceId = connected.GetProperty("inventory_source").Str("id");
        await fx.FinishedJobAsync(org, connected.Str("job_id"));
        var owner = fx.ClientFor(org);
        var mapped = await (await owner.PutJsonAsync(ShopifyFixture.Source(sourceId) + "/locations",
            $$"""{"locations": [{"shopify_location_id": "{{downtown}}", "physical_store_id": "{{ShortId.Encode(store)}}"}]}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(mapped.GetProperty("locations").EnumerateArray(),
            l => l.Str("shopify_location_id") == downtown.ToString() && l.Str("physical_store_id") == ShortId.Encode(store));

        var outboxBefore = await fx.OutboxCountAsync();
        var started = await owner.PostAsync(ShopifyFixture.Source(sourceId) + "/sync", null);
        var queued = await started.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/retailers/api/v1/jobs/{queued.Str("id")}", started.Headers.Location!.ToString());
        var job = await fx.FinishedJobAsync(org, queued.Str("id"));
        Assert.True(job.Str("state") == "succeeded", job.ToString());
        Assert.Equal(2, job.GetProperty("counts").GetProperty("created").GetInt32());
        Assert.Equal(0, job.GetProperty("counts").GetProperty("updated").GetInt32());
        Assert.Equal(2, job.GetProperty("counts").GetProperty("skipped").GetInt32());
        Assert.Equal(0, job.GetProperty("counts").GetProperty("errors").GetInt32());
        Assert.Equal((4, 4, 100), (job.GetProperty("progress").GetProperty("processed").GetInt32(),
            job.GetProperty("progress").GetProperty("total").GetInt32(), job.GetProperty("progress").GetProperty("percent").GetInt32()));
        var codes = job.GetProperty("errors").EnumerateArray().Select(e => e.Str("code")).Order().ToList();
        Assert.Equal(["NO_BARCODE", "UNKNOWN_GTIN"], codes);
        Assert.Contains(fx.Shopify.Requests, r => r.Contains("page_info=", StringComparison.Ordinal));

        var offers = await (await owner.GetAsync(OffersFixture.OrganizationOffers(org))).ExpectAsync(HttpStatusCode.OK);
        var byProduct = offers.GetProperty("data").EnumerateArray().ToDictionary(o => o.Str("product_id"));
        Assert.Equal(2, byProduct.Count);
        var oat = byProduct[ShortId.Encode(productA)];
        Assert.Equal(("pos_sync", 12, "active", "OAT-1", "3.49"), (oat.Str("source"), oat.GetProperty("quantity_on_hand").GetInt32(),
            oat.Str("status"), oat.Str("sku"), oat.GetProperty("price").Str("amount")));
        Assert.Equal(ShortId.Encode(store), oat.Str("physical_store_id"));
        Assert.Equal(JsonValueKind.String, oat.GetProperty("last_inventory_sync").ValueKind);
        var rye = byProduct[ShortId.Encode(productB)];
        Assert.Equal(("out_of_stock", 0, $"shopify-{b.Id}"), (rye.Str("status"), rye.GetProperty("quantity_on_hand").GetInt32(), rye.Str("sku")));
        Assert.Equal(outboxBefore + 2, await fx.OutboxCountAsync()); // OfferUpserted for each, through the outbox

        // The next sync updates the same offers (no duplicates): stock back for rye makes it active again.
        shop.Levels[(b.InventoryItemId, downtown)] = 5;
        var second = await (await owner.PostAsync(ShopifyFixture.Source(sourceId) + "/sync", null)).ExpectAsync(HttpStatusCode.Accepted);
        job = await fx.FinishedJobAsync(org, second.Str("id"));
        Assert.Equal((0, 2), (job.GetProperty("counts").GetProperty("created").GetInt32(), job.GetProperty("counts").GetProperty("updated").GetInt32()));
        Assert.Equal(2, await fx.OfferCountAsync(org));
        var ryeNow = await (await owner.GetAsync(OffersFixture.Offer(rye.Str("id")))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("active", 5), (ryeNow.Str("status"), ryeNow.GetProperty("quantity_on_hand").GetInt32()));
    }

    [Fact]
    public async Task A_sync_with_a_revoked_token_fails_with_the_reason_and_jobs_and_sources_are_hidden_from_outsiders()
    {
        var org = Guid.CreateVersion7();
        var shop = fx.Shopify.AddShop(ShopifyFixture.NewShopDomain());
        var connected = await fx.ConnectAsync(org, shop);
        var sourceId = connected.GetProperty("inventory_source").Str("id");
        var jobId = connected.Str("job_id");
        await fx.FinishedJobAsync(org, jobId);

        shop.AccessToken = "revoked";
        var queued = await (await fx.ClientFor(org, Roles.Editor).PostAsync(ShopifyFixture.Source(sourceId) + "/sync", null)).ExpectAsync(HttpStatusCode.Accepted);
        var failed = await fx.FinishedJobAsync(org, queued.Str("id"));
        Assert.Equal("failed", failed.Str("state"));
        Assert.Equal("SHOPIFY_UNAUTHORIZED", Assert.Single(failed.GetProperty("errors").EnumerateArray()).Str("code"));
        Assert.Equal(1, failed.GetProperty("counts").GetProperty("errors").GetInt32());

        var outsider = fx.ClientFor(Guid.CreateVersion7());
        var viewer = fx.ClientFor(org, Roles.Viewer);
        var publishable = fx.ClientAs(Caller.ForOrganization(org, Roles.Owner, "cpk"));
        foreach (var client in new[] { outsider, publishable, fx.AnonymousClient() })
        {
            await ProblemAssert.AssertAsync(await client.GetAsync($"/retailers/api/v1/jobs/{jobId}"), 404, "NOT_FOUND");
            await ProblemAssert.AssertAsync(await client.GetAsync(ShopifyFixture.Source(sourceId)), 404, "NOT_FOUND");
            await ProblemAssert.AssertAsync(await client.GetAsync(OffersFixture.Org(org) + "/inventory-sources"), 404, "NOT_FOUND");
        }
        foreach (var client in new[] { outsider, viewer, publishable })
        {
            await ProblemAssert.AssertAsync(await client.PostAsync(ShopifyFixture.Source(sourceId) + "/sync", null), 404, "NOT_FOUND");
            await ProblemAssert.AssertAsync(await client.PutJsonAsync(ShopifyFixture.Source(sourceId) + "/locations", """{"locations": []}"""), 404, "NOT_FOUND");
        }
        await ProblemAssert.AssertAsync(await viewer.GetAsync("/retailers/api/v1/jobs/not-an-id"), 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(await viewer.GetAsync($"/retailers/api/v1/jobs/{ShortId.Encode(Guid.CreateVersion7())}"), 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Location_mappings_are_validated_and_only_take_stores_of_the_organization()
    {
        var org = Guid.CreateVersion7();
        var shop = fx.Shopify.AddShop(ShopifyFixture.NewShopDomain());
        var connected = await fx.ConnectAsync(org, shop);
        await fx.FinishedJobAsync(org, connected.Str("job_id"));
        var path = ShopifyFixture.Source(connected.GetProperty("inventory_source").Str("id")) + "/locations";
        var owner = fx.ClientFor(org);
        var store = ShortId.Encode(await fx.SeedStoreAsync(org));

        await ProblemAssert.AssertAsync(await owner.PutJsonAsync(path, "{}"), 422, "VALIDATION_ERROR", "locations");
        await ProblemAssert.AssertAsync(await owner.PutJsonAsync(path, """{"locations": [{"shopify_location_id": "abc"}]}"""),
            422, "VALIDATION_ERROR", "locations[0].shopify_location_id");
        await ProblemAssert.AssertAsync(await owner.PutJsonAsync(path, $$"""{"locations": [{"shopify_location_id": "1", "physical_store_id": "x"}]}"""),
            422, "VALIDATION_ERROR", "locations[0].physical_store_id");
        await ProblemAssert.AssertAsync(await owner.PutJsonAsync(path,
            $$"""{"locations": [{"shopify_location_id": "1", "physical_store_id": "{{store}}"}, {"shopify_location_id": "2", "physical_store_id": "{{store}}"}]}"""),
            422, "VALIDATION_ERROR", "locations[1].physical_store_id");
        var foreign = ShortId.Encode(await fx.SeedStoreAsync(Guid.CreateVersion7()));
        await ProblemAssert.AssertAsync(await owner.PutJsonAsync(path, $$"""{"locations": [{"shopify_location_id": "1", "physical_store_id": "{{foreign}}"}]}"""),
            404, "NOT_FOUND");

        // Moving a store to another location unmaps the old one; null unmaps.
        await (await owner.PutJsonAsync(path, $$"""{"locations": [{"shopify_location_id": "1", "physical_store_id": "{{store}}"}]}""")).ExpectAsync(HttpStatusCode.OK);
        var moved = await (await owner.PutJsonAsync(path, $$"""{"locations": [{"shopify_location_id": "2", "physical_store_id": "{{store}}"}]}"""))
            .ExpectAsync(HttpStatusCode.OK);
        var locations = moved.GetProperty("locations").EnumerateArray().ToDictionary(l => l.Str("shopify_location_id"));
        Assert.Equal(JsonValueKind.Null, locations["1"].GetProperty("physical_store_id").ValueKind);
        Assert.Equal(store, locations["2"].Str("physical_store_id"));
        var cleared = await (await owner.PutJsonAsync(path, """{"locations": [{"shopify_location_id": "2", "physical_store_id": null}]}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.All(cleared.GetProperty("locations").EnumerateArray(), l => Assert.Equal(JsonValueKind.Null, l.GetProperty("physical_store_id").ValueKind));
    }

    [Fact]
    public async Task Only_one_sync_of_a_source_is_queued_or_running_at_a_time()
    {
        var org = Guid.CreateVersion7();
        var shop = fx.Shopify.AddShop(ShopifyFixture.NewShopDomain());
        var connected = await fx.ConnectAsync(org, shop);
        await fx.FinishedJobAsync(org, connected.Str("job_id"));
        var path = ShopifyFixture.Source(connected.GetProperty("inventory_source").Str("id")) + "/sync";
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fx.ClientFor(org).PostAsync(path, null)));
        var accepted = responses.Where(r => r.StatusCode == HttpStatusCode.Accepted).ToList();
        Assert.NotEmpty(accepted);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        foreach (var response in accepted)
            Assert.Equal("succeeded", (await fx.FinishedJobAsync(org, (await response.JsonAsync()).Str("id"))).Str("state"));
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM offers.sync_jobs WHERE organization_id = @org AND state IN ('queued', 'running')", new { org }));
    }

    [Fact]
    public async Task Without_configuration_the_shopify_endpoints_answer_503_and_change_nothing()
    {
        await using var factory = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Integrations:Shopify:TokenKey", ""));
        var org = Guid.CreateVersion7();
        using var owner = factory.CreateDefaultClient(new InternalTokenHandler(fx.Tokens, Caller.ForOrganization(org, Roles.Owner)));
        using var anonymous = factory.CreateDefaultClient(new InternalTokenHandler(fx.Tokens, Caller.Anonymous));
        await ProblemAssert.AssertAsync(await owner.GetAsync(ShopifyFixture.Install(org, "a.myshopify.com")), 503, "SERVICE_UNAVAILABLE");
        await ProblemAssert.AssertAsync(await anonymous.GetAsync("/integrations/shopify/callback?code=1&shop=a.myshopify.com&state=x&hmac=y"), 503, "SERVICE_UNAVAILABLE");
        await ProblemAssert.AssertAsync(await anonymous.SendAsync(fx.Shopify.Webhook("a.myshopify.com", "app/uninstalled", "{}")), 503, "SERVICE_UNAVAILABLE");
    }

    string Callback(Dictionary<string, string> query, params (string Key, string Value)[] changes)
    {
        var parameters = new Dictionary<string, string>(query);
        parameters.Remove("hmac");
        foreach (var (key, value) in changes) parameters[key] = value;
        return "/integrations/shopify/callback?" + Signer!.SignedQuery(parameters);
    }
}
