using System.Net;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Offers.Tests;

public sealed class InStoreOfferListAndConcurrencyTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    static string Body(Guid product, Guid store, string extra = "") =>
        $$"""{"product_id": "{{ShortId.Encode(product)}}", "physical_store_id": "{{ShortId.Encode(store)}}"{{extra}}}""";

    [Fact]
    public async Task Fifty_parallel_creates_of_the_same_offer_make_exactly_one_offer_and_49_422s()
    {
        var org = Guid.CreateVersion7();
        var product = await fx.SeedProductAsync();
        var store = await fx.SeedStoreAsync(org);
        var outbox = await fx.OutboxCountAsync();
        var client = fx.ClientFor(org);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            client.PostJsonAsync(OffersFixture.OrganizationOffers(org), Body(product, store, """, "sku": "RACE", "price": 1.5"""))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        foreach (var rejected in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await ProblemAssert.AssertAsync(rejected, 422, "VALIDATION_ERROR", "product_id, physical_store_id, sku");
        Assert.Equal(1, await fx.OfferCountAsync(org));
        Assert.Equal(outbox + 1, await fx.OutboxCountAsync());
    }

    [Fact]
    public async Task The_list_filters_by_product_store_and_status()
    {
        var org = Guid.CreateVersion7();
        var milk = await fx.SeedProductAsync("Milk");
        var bread = await fx.SeedProductAsync("Bread");
        var north = await fx.SeedStoreAsync(org);
        var south = await fx.SeedStoreAsync(org);
        async Task<string> Create(Guid product, Guid store, string status) =>
            (await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), Body(product, store, $$""", "status": "{{status}}" """)))
                .ExpectAsync(HttpStatusCode.Created)).Str("id");
        var milkNorth = await Create(milk, north, "active");
        var milkSouth = await Create(milk, south, "out_of_stock");
        var breadNorth = await Create(bread, north, "out_of_stock");
        async Task<IEnumerable<string>> List(string query) =>
            (await (await fx.ClientFor(org).GetAsync(OffersFixture.OrganizationOffers(org) + query)).ExpectAsync(HttpStatusCode.OK))
                .GetProperty("data").EnumerateArray().Select(o => o.Str("id")).ToList();

        Assert.Equal([milkNorth, milkSouth], await List($"?product_id={ShortId.Encode(milk)}"));
        Assert.Equal([milkNorth, breadNorth], await List($"?physical_store_id={north}"));
        Assert.Equal([milkSouth, breadNorth], await List("?status=out_of_stock"));
        Assert.Equal([breadNorth], await List($"?status=out_of_stock&physical_store_id={ShortId.Encode(north)}"));
        var bad = await fx.ClientFor(org).GetAsync(OffersFixture.OrganizationOffers(org) + "?status=sold&product_id=x");
        var problem = await ProblemAssert.AssertAsync(bad, 422, "VALIDATION_ERROR");
        Assert.Equal(["product_id", "status"], problem.ProblemFields().Order());
    }
}
