using System.Net;
using System.Text.Json;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.Tests;

public sealed class InStoreOfferReadWriteTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    async Task<JsonElement> CreateAsync(Guid org, Guid product, Guid store, string extra = "") =>
        await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{ShortId.Encode(product)}}", "physical_store_id": "{{ShortId.Encode(store)}}"{{extra}}}"""))
            .ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Getting_an_offer_returns_it_and_404_for_unknown_or_malformed_ids()
    {
        var (org, product, store) = await fx.SharedAsync();
        var created = await CreateAsync(org, product, store, """, "sku": "GET-1", "aisle": "7B", "metadata": {"shelf": "top"}""");
        ShortId.TryParse(created.Str("id"), out var uuid);

        var byShortId = await (await fx.ClientFor(org).GetAsync(OffersFixture.Offer(created.Str("id")))).ExpectAsync(HttpStatusCode.OK);
        var byUuid = await (await fx.ClientFor(org).GetAsync(OffersFixture.Offer(uuid.ToString()))).ExpectAsync(HttpStatusCode.OK);
        var unknown = await (await fx.ClientFor(org).GetAsync(OffersFixture.Offer(ShortId.Encode(Guid.CreateVersion7())))).ExpectAsync(HttpStatusCode.NotFound);
        await (await fx.ClientFor(org).GetAsync(OffersFixture.Offer("not-an-id"))).ExpectAsync(HttpStatusCode.NotFound);

        Assert.Equal(created.GetRawText(), byShortId.GetRawText());
        Assert.Equal(created.GetRawText(), byUuid.GetRawText());
        Assert.Equal("top", byShortId.GetProperty("metadata").Str("shelf"));
        Assert.Equal("NOT_FOUND", unknown.Str("error_code"));
    }

    [Fact]
    public async Task Listing_pages_through_the_organization_offers_only()
    {
        var org = Guid.CreateVersion7();
        var product = await fx.SeedProductAsync();
        var store = await fx.SeedStoreAsync(org);
        var ids = new List<string>();
        foreach (var sku in new[] { "L1", "L2", "L3" })
            ids.Add((await CreateAsync(org, product, store, $$""", "sku": "{{sku}}" """)).Str("id"));
        var (otherOrg, otherProduct, otherStore) = await fx.SharedAsync();
        await CreateAsync(otherOrg, otherProduct, otherStore, """, "sku": "NOT-MINE" """);

        var first = await (await fx.ClientFor(org).GetAsync(OffersFixture.OrganizationOffers(org) + "?page=1&page_size=2")).ExpectAsync(HttpStatusCode.OK);
        var second = await (await fx.ClientFor(org).GetAsync(OffersFixture.OrganizationOffers(org) + "?page=2&page_size=2")).ExpectAsync(HttpStatusCode.OK);
        var past = await (await fx.ClientFor(org).GetAsync(OffersFixture.OrganizationOffers(org) + "?page=9&page_size=2")).ExpectAsync(HttpStatusCode.OK);
        var defaults = await (await fx.ClientFor(org).GetAsync(OffersFixture.OrganizationOffers(org))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(ids[..2], first.GetProperty("data").EnumerateArray().Select(o => o.Str("id")));
        Assert.Equal(ids[2..], second.GetProperty("data").EnumerateArray().Select(o => o.Str("id")));
        Assert.Empty(past.GetProperty("data").EnumerateArray());
        var pagination = first.GetProperty("pagination");
        Assert.Equal(1, pagination.GetProperty("page").GetInt32());
        Assert.Equal(2, pagination.GetProperty("page_size").GetInt32());
        Assert.Equal(3, pagination.GetProperty("total_count").GetInt64());
        Assert.Equal(2, pagination.GetProperty("total_pages").GetInt32());
        Assert.True(pagination.GetProperty("has_next").GetBoolean());
        Assert.False(pagination.GetProperty("has_previous").GetBoolean());
        Assert.True(second.GetProperty("pagination").GetProperty("has_previous").GetBoolean());
        Assert.Equal(25, defaults.GetProperty("pagination").GetProperty("page_size").GetInt32());
        Assert.Equal(3, defaults.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?page=x", "page")]
    [InlineData("?page_size=101", "page_size")]
    [InlineData("?page_size=0", "page_size")]
    public async Task Listing_with_a_bad_page_returns_422_naming_it(string query, string field)
    {
        var org = Guid.CreateVersion7();
        var problem = await (await fx.ClientFor(org).GetAsync(OffersFixture.OrganizationOffers(org) + query))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal([field], problem.ProblemFields());
    }

    [Fact]
    public async Task Put_changes_only_the_fields_sent_merges_metadata_and_publishes_OfferUpserted()
    {
        var (org, product, store) = await fx.SharedAsync();
        var created = await CreateAsync(org, product, store,
            """, "sku": "PUT-1", "price": 5.99, "quantity_on_hand": 3, "aisle": "7", "metadata": {"a": "1", "b": "2"}""");
        var id = created.Str("id");

        var updated = await (await fx.ClientFor(org).PutJsonAsync(OffersFixture.Offer(id),
            """{"price": "6.49", "status": "out_of_stock", "quantity_on_hand": null, "metadata": {"b": "", "c": "3"}}"""))
            .ExpectAsync(HttpStatusCode.OK);
        var read = await (await fx.ClientFor(org).GetAsync(OffersFixture.Offer(id))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(updated.GetRawText(), read.GetRawText());
        Assert.Equal("6.49", updated.GetProperty("price").Str("amount"));
        Assert.Equal("out_of_stock", updated.Str("status"));
        Assert.Equal("PUT-1", updated.Str("sku"));
        Assert.Equal(3, updated.GetProperty("quantity_on_hand").GetInt32());
        Assert.Equal("7", updated.Str("aisle"));
        Assert.Equal("manual", updated.Str("source"));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["c"] = "3" },
            updated.GetProperty("metadata").Deserialize<Dictionary<string, string>>());
        Assert.Equal(created.Str("created"), updated.Str("created"));
        Assert.True(updated.GetProperty("updated").GetDateTimeOffset() > created.GetProperty("updated").GetDateTimeOffset());

        ShortId.TryParse(id, out var offerId);
        var (evt, _) = await fx.Bus.WaitForAsync<OfferUpserted>(m => m.OfferId == offerId && m.PriceAmount == 6.49m);
        Assert.Equal("out_of_stock", evt.Status);
        Assert.Equal(updated.GetProperty("updated").GetDateTimeOffset(), evt.UpdatedAt);
    }

    [Fact]
    public async Task Put_with_the_same_product_and_store_is_fine_but_it_cannot_move_the_offer()
    {
        var (org, product, store) = await fx.SharedAsync();
        var created = await CreateAsync(org, product, store, """, "sku": "MOVE-1" """);
        var id = created.Str("id");
        var otherProduct = await fx.SeedProductAsync();

        await (await fx.ClientFor(org).PutJsonAsync(OffersFixture.Offer(id),
            $$"""{"product_id": "{{product}}", "physical_store_id": "{{ShortId.Encode(store)}}", "aisle": "9"}""")).ExpectAsync(HttpStatusCode.OK);
        var moveProduct = await (await fx.ClientFor(org).PutJsonAsync(OffersFixture.Offer(id),
            $$"""{"product_id": "{{ShortId.Encode(otherProduct)}}", "aisle": "10"}""")).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var moveStore = await (await fx.ClientFor(org).PutJsonAsync(OffersFixture.Offer(id),
            $$"""{"physical_store_id": "{{ShortId.Encode(Guid.CreateVersion7())}}"}""")).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var read = await (await fx.ClientFor(org).GetAsync(OffersFixture.Offer(id))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(["product_id"], moveProduct.ProblemFields());
        Assert.Equal(["physical_store_id"], moveStore.ProblemFields());
        Assert.Equal("9", read.Str("aisle"));
    }

    [Fact]
    public async Task Put_rejects_bad_input_a_taken_sku_and_unknown_offers_without_changing_anything()
    {
        var (org, product, store) = await fx.SharedAsync();
        await CreateAsync(org, product, store, """, "sku": "TAKEN" """);
        var created = await CreateAsync(org, product, store, """, "sku": "FREE", "price": 1.00""");
        var id = created.Str("id");
        var outbox = await fx.OutboxCountAsync();

        var taken = await (await fx.ClientFor(org).PutJsonAsync(OffersFixture.Offer(id), """{"sku": "TAKEN"}""")).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var status = await (await fx.ClientFor(org).PutJsonAsync(OffersFixture.Offer(id), """{"status": "gone", "price": -2}""")).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var currency = await (await fx.ClientFor(org).PutJsonAsync(OffersFixture.Offer(id), """{"price_amount": 250, "price_currency": "GBP"}""")).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var unknownField = await (await fx.ClientFor(org).PutJsonAsync(OffersFixture.Offer(id), """{"colour": "red"}""")).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        await (await fx.ClientFor(org).PutJsonAsync(OffersFixture.Offer(ShortId.Encode(Guid.CreateVersion7())), """{"sku": "X"}""")).ExpectAsync(HttpStatusCode.NotFound);
        var read = await (await fx.ClientFor(org).GetAsync(OffersFixture.Offer(id))).ExpectAsync(HttpStatusCode.OK);

        Assert.Contains("product_id, physical_store_id, sku", taken.ProblemFields());
        Assert.Equal(["price", "status"], status.ProblemFields().Order());
        Assert.Equal(["price_currency"], currency.ProblemFields());
        Assert.Equal(["colour"], unknownField.ProblemFields());
        Assert.Equal(created.GetRawText(), read.GetRawText());
        Assert.Equal(outbox, await fx.OutboxCountAsync());
    }

    [Fact]
    public async Task Put_with_price_amount_sets_the_price_in_minor_units()
    {
        var (org, product, store) = await fx.SharedAsync();
        var created = await CreateAsync(org, product, store, """, "sku": "MINOR" """);

        var updated = await (await fx.ClientFor(org).PutJsonAsync(OffersFixture.Offer(created.Str("id")),
            """{"price_amount": 250, "price_currency": "USD", "status": "in_stock", "store_pickup_available": true}""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, created.GetProperty("price").ValueKind);
        Assert.Equal("2.50", updated.GetProperty("price").Str("amount"));
        Assert.Equal("active", updated.Str("status"));
        Assert.True(updated.GetProperty("store_pickup_available").GetBoolean());
    }

    [Fact]
    public async Task Delete_returns_204_publishes_OfferRemoved_and_frees_the_natural_key()
    {
        var (org, product, store) = await fx.SharedAsync();
        var created = await CreateAsync(org, product, store, """, "sku": "DEL-1" """);
        var id = created.Str("id");
        ShortId.TryParse(id, out var offerId);

        await (await fx.ClientFor(org).DeleteAsync(OffersFixture.Offer(id))).ExpectAsync(HttpStatusCode.NoContent);
        await (await fx.ClientFor(org).GetAsync(OffersFixture.Offer(id))).ExpectAsync(HttpStatusCode.NotFound);
        await (await fx.ClientFor(org).DeleteAsync(OffersFixture.Offer(id))).ExpectAsync(HttpStatusCode.NotFound);
        var (removed, _) = await fx.Bus.WaitForAsync<OfferRemoved>(m => m.OfferId == offerId);
        await CreateAsync(org, product, store, """, "sku": "DEL-1" """);

        Assert.Equal(org, removed.OrganizationId);
        Assert.Equal(product, removed.ProductId);
        Assert.Equal(store, removed.PhysicalStoreId);
        Assert.True(removed.RemovedAt > created.GetProperty("updated").GetDateTimeOffset());
    }
}
