using System.Net;
using System.Text;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Offers.Tests;

/// <summary>Online stores and online offers (spec/offers.md §4): the in-store rules with an online store and a deep link.</summary>
public sealed class OnlineOffersTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    static string Offers(Guid org) => OffersFixture.Org(org) + "/online-offers";
    static string Offer(string id) => $"/retailers/api/v1/online-offers/{id}";
    static string Body(Guid product, Guid store, string extra = "") =>
        $$"""{"product_id": "{{ShortId.Encode(product)}}", "online_store_id": "{{ShortId.Encode(store)}}"{{extra}}}""";

    [Fact]
    public async Task An_online_store_is_created_read_patched_and_validated()
    {
        var org = Guid.CreateVersion7();
        var stores = OffersFixture.Org(org) + "/online-stores";

        var created = await (await fx.ClientFor(org).PostJsonAsync(stores,
            $$"""{"retailer_id": "{{OffersFixture.CanonicalRetailer}}", "name": "Web", "url": "https://shop.example.com", "currency": "gbp"}"""))
            .ExpectAsync(HttpStatusCode.Created);
        var invalid = await fx.ClientFor(org).PostJsonAsync(stores, """{"url": "not a url"}""");
        var patched = await (await fx.ClientFor(org).PatchAsync($"/retailers/api/v1/online-stores/{created.Str("id")}",
            new StringContent("""{"name": "Web shop"}""", Encoding.UTF8, "application/json"))).ExpectAsync(HttpStatusCode.OK);
        var outsider = await fx.ClientFor(Guid.CreateVersion7()).GetAsync($"/retailers/api/v1/online-stores/{created.Str("id")}");
        var list = await (await fx.ClientFor(org, Roles.Viewer).GetAsync(stores)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("GBP", created.Str("currency"));
        Assert.Equal("https://shop.example.com", created.Str("url"));
        var problem = await ProblemAssert.AssertAsync(invalid, 422, "VALIDATION_ERROR");
        Assert.Equal(["currency", "name", "retailer_id", "url"], problem.ProblemFields().Order());
        Assert.Equal("Web shop", patched.Str("name"));
        await ProblemAssert.AssertAsync(outsider, 404, "NOT_FOUND");
        Assert.Single(list.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task An_online_offer_is_created_unique_listed_updated_and_deleted_with_events()
    {
        var org = Guid.CreateVersion7();
        var product = await fx.SeedProductAsync();
        var store = await fx.SeedOnlineStoreAsync(org, "EUR");
        var client = fx.ClientFor(org);

        var offer = await (await client.PostJsonAsync(Offers(org), Body(product, store,
            """, "sku": "W-1", "url": "https://shop.example.com/p/1", "price_amount": 1299, "stock_level": "low_stock", "status": "active" """)))
            .ExpectAsync(HttpStatusCode.Created);
        ShortId.TryParse(offer.Str("id"), out var offerId);
        var (created, _) = await fx.Bus.WaitForAsync<OfferUpserted>(e => e.OfferId == offerId);
        var duplicate = await client.PostJsonAsync(Offers(org), Body(product, store, """, "sku": "W-1" """));
        var list = await (await client.GetAsync(Offers(org) + $"?online_store_id={ShortId.Encode(store)}&status=active")).ExpectAsync(HttpStatusCode.OK);
        var updated = await (await client.PutJsonAsync(Offer(offer.Str("id")), """{"stock_level": "out_of_stock", "price": "11.50"}"""))
            .ExpectAsync(HttpStatusCode.OK);
        var badUpdate = await client.PutJsonAsync(Offer(offer.Str("id")), """{"stock_level": "plenty", "url": "ftp://x"}""");
        var outsider = await fx.ClientFor(Guid.CreateVersion7()).GetAsync(Offer(offer.Str("id")));
        await (await client.DeleteAsync(Offer(offer.Str("id")))).ExpectAsync(HttpStatusCode.NoContent);
        var (removed, _) = await fx.Bus.WaitForAsync<OfferRemoved>(e => e.OfferId == offerId);

        Assert.Equal("12.99", offer.GetProperty("price").Str("amount"));
        Assert.Equal("EUR", offer.Str("price_currency"));
        Assert.Equal(1299, offer.GetProperty("price_amount").GetInt64());
        Assert.Equal("low_stock", offer.Str("stock_level"));
        Assert.Equal("active", offer.Str("status"));
        Assert.Equal("standard", offer.Str("fulfillment_type"));
        Assert.Equal(OfferKinds.Online, created.OfferKind);
        Assert.Equal(store, created.OnlineStoreId);
        Assert.Null(created.LocationId);
        Assert.Null(created.PhysicalStoreId);
        Assert.Equal(1299, created.PriceAmountMinor);
        await ProblemAssert.AssertAsync(duplicate, 422, "VALIDATION_ERROR", "product_id, online_store_id, sku");
        Assert.Equal([offer.Str("id")], list.GetProperty("data").EnumerateArray().Select(o => o.Str("id")));
        Assert.Equal(("out_of_stock", "active", "11.50"), (updated.Str("stock_level"), updated.Str("status"), updated.GetProperty("price").Str("amount")));
        var problem = await ProblemAssert.AssertAsync(badUpdate, 422, "VALIDATION_ERROR");
        Assert.Equal(["stock_level", "url"], problem.ProblemFields().Order());
        await ProblemAssert.AssertAsync(outsider, 404, "NOT_FOUND");
        Assert.Equal(OfferKinds.Online, removed.OfferKind);
        Assert.Equal(store, removed.OnlineStoreId);
    }

    [Fact]
    public async Task An_online_store_of_another_organization_is_404_and_a_store_with_offers_cannot_be_deleted()
    {
        var org = Guid.CreateVersion7();
        var product = await fx.SeedProductAsync();
        var theirs = await fx.SeedOnlineStoreAsync(Guid.CreateVersion7());
        var mine = await fx.SeedOnlineStoreAsync(org);
        await (await fx.ClientFor(org).PostJsonAsync(Offers(org), Body(product, mine))).ExpectAsync(HttpStatusCode.Created);

        var foreign = await fx.ClientFor(org).PostJsonAsync(Offers(org), Body(product, theirs));
        var conflict = await fx.ClientFor(org).DeleteAsync($"/retailers/api/v1/online-stores/{ShortId.Encode(mine)}");

        Assert.Contains("online_store_id", (await ProblemAssert.AssertAsync(foreign, 404, "NOT_FOUND")).Str("detail"));
        await ProblemAssert.AssertAsync(conflict, 409, "CONFLICT");
    }
}
