using System.Net;
using System.Text.Json;
using Closient.Contracts.Catalog;
using Closient.Contracts.Locations;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Offers.Tests;

public sealed class InStoreOfferCreateTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    static string Body(Guid product, Guid store, string extra = "") =>
        $$"""{"product_id": "{{ShortId.Encode(product)}}", "physical_store_id": "{{ShortId.Encode(store)}}"{{extra}}}""";

    [Fact]
    public async Task An_offer_is_accepted_once_the_product_event_arrived_and_takes_the_store_currency()
    {
        var org = Guid.CreateVersion7();
        var product = Guid.CreateVersion7();
        var store = await fx.SeedStoreAsync(org, "EUR");
        await fx.Bus.PublishAsync(new ProductUpserted(product, "00614141123452", "Oat milk", "Oatly", "", null, DateTimeOffset.UtcNow));

        HttpResponseMessage? response = null;
        await Eventually.TrueAsync(async () =>
        {
            response = await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), Body(product, store, """, "sku": "OAT-1", "price": 5.99"""));
            return response.StatusCode != HttpStatusCode.NotFound;
        }, TimeSpan.FromSeconds(20), "the offers API never accepted the product");

        var offer = await response!.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(OffersFixture.Offer(offer.Str("id")), response!.Headers.Location?.OriginalString);
        Assert.Equal(22, offer.Str("id").Length);
        Assert.Equal(ShortId.Encode(product), offer.Str("product_id"));
        Assert.Equal(ShortId.Encode(store), offer.Str("physical_store_id"));
        Assert.Equal(ShortId.Encode(org), offer.Str("organization_id"));
        Assert.Equal("OAT-1", offer.Str("sku"));
        Assert.Equal("5.99", offer.GetProperty("price").Str("amount"));
        Assert.Equal("EUR", offer.GetProperty("price").Str("currency"));
        Assert.Equal(599, offer.GetProperty("price_amount").GetInt64());
        Assert.Equal("EUR", offer.Str("price_currency"));
        Assert.Equal("5.99", offer.GetProperty("effective_price").Str("amount"));
        Assert.Equal(599, offer.GetProperty("effective_price_amount").GetInt64());
        Assert.Equal(JsonValueKind.Null, offer.GetProperty("last_inventory_sync").ValueKind);
        Assert.False(offer.GetProperty("stale_inventory").GetBoolean());
        Assert.Equal(22, offer.Str("location_id").Length);
        Assert.Equal("active", offer.Str("status"));
        Assert.Equal("manual", offer.Str("source"));
        Assert.False(offer.GetProperty("is_verified").GetBoolean());
        Assert.False(offer.GetProperty("store_pickup_available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, offer.GetProperty("quantity_on_hand").ValueKind);
        Assert.Equal("", offer.Str("aisle"));
        Assert.Empty(offer.GetProperty("metadata").EnumerateObject());
        Assert.Equal(offer.Str("created"), offer.Str("updated"));
    }

    [Fact]
    public async Task The_onboarding_guide_body_with_minor_units_and_in_stock_is_accepted()
    {
        var (org, product, store) = await fx.SharedAsync();
        var body = $$"""
            {
              "product_id": "{{ShortId.Encode(product)}}",
              "physical_store_id": "{{store}}",
              "sku": "ONBOARD-1",
              "price_amount": 1099,
              "price_currency": "USD",
              "quantity_on_hand": 12,
              "status": "in_stock"
            }
            """;

        var offer = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), body)).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("10.99", offer.GetProperty("price").Str("amount"));
        Assert.Equal("USD", offer.GetProperty("price").Str("currency"));
        Assert.Equal("active", offer.Str("status"));
        Assert.Equal(12, offer.GetProperty("quantity_on_hand").GetInt32());
        Assert.Equal(ShortId.Encode(store), offer.Str("physical_store_id"));
    }

    [Fact]
    public async Task Prices_are_written_with_the_decimals_of_the_store_currency()
    {
        var (org, product, store) = await fx.SharedAsync();
        var yenStore = await fx.SeedStoreAsync(org, "JPY");

        var fromString = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            Body(product, store, """, "sku": "STR", "price": "5.5", "store_pickup_available": true"""))).ExpectAsync(HttpStatusCode.Created);
        var yen = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            Body(product, yenStore, """, "price_amount": 500"""))).ExpectAsync(HttpStatusCode.Created);
        var priceless = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            Body(product, store, """, "sku": "NULL", "price": null"""))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("5.50", fromString.GetProperty("price").Str("amount"));
        Assert.True(fromString.GetProperty("store_pickup_available").GetBoolean());
        Assert.Equal("500", yen.GetProperty("price").Str("amount"));
        Assert.Equal("JPY", yen.GetProperty("price").Str("currency"));
        Assert.Equal(JsonValueKind.Null, priceless.GetProperty("price").ValueKind);
    }

    [Theory]
    [InlineData(""", "price": 5.99, "price_amount": 599""", "price")]
    [InlineData(""", "price": 5.99, "price_currency": "USD" """, "price")]
    [InlineData(""", "price_amount": 599, "price_currency": "EUR" """, "price_currency")]
    [InlineData(""", "price_amount": 599, "price_currency": "usdollar" """, "price_currency")]
    public async Task A_price_in_both_forms_or_in_another_currency_is_rejected(string extra, string field)
    {
        var (org, product, store) = await fx.SharedAsync();
        var before = await fx.OfferCountAsync(org);

        var problem = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            Body(product, store, """, "sku": "BOTH" """ + extra))).ExpectAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains(field, problem.ProblemFields());
        Assert.Equal(before, await fx.OfferCountAsync(org));
    }

    [Fact]
    public async Task Creating_the_same_product_store_and_sku_twice_returns_422()
    {
        var org = Guid.CreateVersion7();
        var product = await fx.SeedProductAsync();
        var store = await fx.SeedStoreAsync(org);
        var body = Body(product, store, """, "sku": "DUP" """);

        await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), body)).ExpectAsync(HttpStatusCode.Created);
        var outbox = await fx.OutboxCountAsync();
        var problem = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), body)).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), Body(product, store, """, "sku": "OTHER" """)))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("VALIDATION_ERROR", problem.Str("error_code"));
        Assert.Contains("product_id, physical_store_id, sku", problem.ProblemFields());
        Assert.Equal(2, await fx.OfferCountAsync(org));
        Assert.Equal(outbox + 1, await fx.OutboxCountAsync());
    }

    [Fact]
    public async Task An_unknown_product_or_store_returns_404_naming_the_field()
    {
        var (org, product, store) = await fx.SharedAsync();

        var noProduct = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), Body(Guid.CreateVersion7(), store)))
            .ExpectAsync(HttpStatusCode.NotFound);
        var noStore = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), Body(product, Guid.CreateVersion7())))
            .ExpectAsync(HttpStatusCode.NotFound);

        Assert.Contains("product_id", noProduct.Str("detail"));
        Assert.Contains("physical_store_id", noStore.Str("detail"));
        Assert.Equal("NOT_FOUND", noStore.Str("error_code"));
    }

    [Fact]
    public async Task A_store_of_another_organization_returns_404()
    {
        var (_, product, _) = await fx.SharedAsync();
        var owner = Guid.CreateVersion7();
        var store = await fx.SeedStoreAsync(owner);
        var intruder = Guid.CreateVersion7();

        var problem = await (await fx.ClientFor(intruder).PostJsonAsync(OffersFixture.OrganizationOffers(intruder), Body(product, store)))
            .ExpectAsync(HttpStatusCode.NotFound);

        Assert.Contains("physical_store_id", problem.Str("detail"));
        Assert.Equal(0, await fx.OfferCountAsync(intruder));
    }

    [Fact]
    public async Task A_location_id_is_not_a_physical_store_id()
    {
        var (_, product, _) = await fx.SharedAsync();
        var org = Guid.CreateVersion7();
        var location = await fx.SeedLocationAsync(org);
        await fx.CreateStoreAsync(org, location);

        var problem = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), Body(product, location)))
            .ExpectAsync(HttpStatusCode.NotFound);

        Assert.Contains("physical_store_id", problem.Str("detail"));
        Assert.Equal(0, await fx.OfferCountAsync(org));
    }

    [Fact]
    public async Task Creating_an_offer_publishes_OfferUpserted_with_its_fields()
    {
        var (org, product, store) = await fx.SharedAsync();

        var offer = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), Body(product, store,
            """, "sku": "EVT-1", "price": "2.49", "quantity_on_hand": 4, "status": "seasonal", "source": "pos_sync" """)))
            .ExpectAsync(HttpStatusCode.Created);
        ShortId.TryParse(offer.Str("id"), out var offerId);

        var (evt, messageId) = await fx.Bus.WaitForAsync<OfferUpserted>(m => m.OfferId == offerId);

        Assert.NotEqual(Guid.Empty, messageId);
        Assert.Equal(org, evt.OrganizationId);
        Assert.Equal(product, evt.ProductId);
        Assert.Equal(store, evt.PhysicalStoreId);
        var location = await fx.Database.ScalarAsync<Guid>("SELECT location_id FROM offers.physical_stores WHERE id = @store", new { store });
        Assert.Equal(location, evt.LocationId);
        Assert.Equal(OfferKinds.InStore, evt.OfferKind);
        Assert.Equal("00614141123452", evt.ProductGtin);
        Assert.Equal(OffersFixture.CanonicalRetailer, evt.RetailerId);
        Assert.Null(evt.OnlineStoreId);
        Assert.Equal(249, evt.PriceAmountMinor);
        Assert.Equal(249, evt.EffectivePriceMinor);
        Assert.Equal(offer.GetProperty("last_inventory_sync").GetDateTimeOffset(), evt.LastInventorySync);
        Assert.False(evt.StaleInventory);
        Assert.Equal("EVT-1", evt.Sku);
        Assert.Equal(2.49m, evt.PriceAmount);
        Assert.Equal("USD", evt.Currency);
        Assert.Equal("seasonal", evt.Status);
        Assert.Equal(4, evt.QuantityOnHand);
        Assert.Equal("pos_sync", evt.Source);
        Assert.Equal(offer.GetProperty("updated").GetDateTimeOffset(), evt.UpdatedAt);
    }
}
