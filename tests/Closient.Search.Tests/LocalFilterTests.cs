using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closient.Contracts.Catalog;
using Closient.Contracts.Locations;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Http;
using static Closient.Search.Tests.SearchDriver;

namespace Closient.Search.Tests;

/// <summary>Local search (issue #6): effective prices, retailers, certifications, price range, online alternatives.</summary>
public sealed class LocalFilterTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    readonly SearchDriver _driver = new(fx);

    /// <summary>An offer as the offers service publishes it, with the fields these tests vary.</summary>
    async Task<OfferUpserted> OfferAsync(ProductUpserted product, LocationPublished? store, decimal? price, long? effectiveMinor = null,
        string currency = "USD", Guid? retailerId = null, int? quantity = 12, Guid? onlineStoreId = null)
    {
        var online = store is null;
        var minorScale = currency switch { "JPY" => 1m, "KWD" => 1000m, _ => 100m };
        var offer = new OfferUpserted(Guid.CreateVersion7(), store?.OrganizationId ?? Guid.CreateVersion7(), product.ProductId,
            online ? null : Guid.CreateVersion7(), "SKU-9", price, currency, "active", quantity, "manual", DateTimeOffset.UtcNow,
            online ? OfferKinds.Online : OfferKinds.InStore, product.Gtin, store?.LocationId, online ? onlineStoreId ?? Guid.CreateVersion7() : null,
            retailerId, price is { } p ? (long)(p * minorScale) : null, effectiveMinor ?? (price is { } e ? (long)(e * minorScale) : null));
        await _driver.PublishAsync(offer, offer.OfferId);
        return offer;
    }

    async Task<ProductUpserted> ProductAsync(string name, IReadOnlyList<string>? certifications, DateTimeOffset? updatedAt = null, Guid? id = null,
        string? gtin = null)
    {
        var product = new ProductUpserted(id ?? Guid.CreateVersion7(), gtin ?? NewGtin(), name, "Acme", "", null,
            updatedAt ?? DateTimeOffset.UtcNow, certifications);
        await _driver.PublishAsync(product, product.ProductId);
        return product;
    }

    async Task<RetailerCreated> RetailerAsync(string name)
    {
        var retailer = CatalogDriver.Retailer(name);
        await fx.Consumed.WaitAsync(await _driver.PublishAsync(retailer, retailer.RetailerId));
        return retailer;
    }

    async Task<JsonObject> GetAsync(string q, Point at, string extra)
    {
        var response = await fx.KeyCaller.GetAsync($"/search/api/v1/local?q={Uri.EscapeDataString(q)}&lat={at.Lat}&lon={at.Lon}&{extra}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    static JsonNode Offer(JsonObject hit) => hit["offer"]!;

    [Fact]
    public async Task A_promotion_lowers_the_effective_price_which_the_price_filters_and_the_tie_break_use()
    {
        var here = Point.Random();
        var store = await _driver.StoreAsync(here.Offset(1));
        var product = await _driver.ProductAsync("Cold Brew Concentrate");
        var plain = await OfferAsync(product, store, price: 3.00m);
        var promoted = await OfferAsync(product, store, price: 6.00m, effectiveMinor: 249);
        await _driver.WaitForOfferAsync("cold brew", here, plain.OfferId);
        await _driver.WaitForOfferAsync("cold brew", here, promoted.OfferId);

        var all = Hits(await _driver.LocalAsync("cold brew", here));
        var underFive = await GetAsync("cold brew", here, "price_max=5");
        var overFive = await GetAsync("cold brew", here, "price_min=5");
        var phrased = await _driver.LocalAsync("cold brew under $2.75", here);

        Assert.Equal([promoted.OfferId, plain.OfferId], all.Select(OfferId));
        Assert.Equal("6.00", Offer(all[0])["price"]!["amount"]!.GetValue<string>());
        Assert.Equal("2.49", Offer(all[0])["effective_price"]!["amount"]!.GetValue<string>());
        Assert.Equal("USD", Offer(all[0])["effective_price"]!["currency"]!.GetValue<string>());
        Assert.Equal("3.00", Offer(all[1])["effective_price"]!["amount"]!.GetValue<string>());
        Assert.Equal([promoted.OfferId, plain.OfferId], OfferIds(underFive));
        Assert.Equal(5m, underFive["active_constraints"]!["price_max"]!.GetValue<decimal>());
        Assert.Empty(OfferIds(overFive));
        Assert.Equal([promoted.OfferId], OfferIds(phrased));
    }

    [Fact]
    public async Task Prices_use_the_currency_s_minor_units()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Matcha Powder");
        var yen = await OfferAsync(product, await _driver.StoreAsync(here.Offset(1)), price: 500m, effectiveMinor: 450, currency: "JPY");
        var dinar = await OfferAsync(product, await _driver.StoreAsync(here.Offset(2)), price: 1.5m, effectiveMinor: 1250, currency: "KWD");
        await _driver.WaitForOfferAsync("matcha", here, yen.OfferId);
        await _driver.WaitForOfferAsync("matcha", here, dinar.OfferId);

        var hits = Hits(await _driver.LocalAsync("matcha", here));
        var cheap = await GetAsync("matcha", here, "price_max=1.25");

        Assert.Equal("500", Offer(hits[0])["price"]!["amount"]!.GetValue<string>());
        Assert.Equal("450", Offer(hits[0])["effective_price"]!["amount"]!.GetValue<string>());
        Assert.Equal("JPY", Offer(hits[0])["effective_price"]!["currency"]!.GetValue<string>());
        Assert.Equal("1.500", Offer(hits[1])["price"]!["amount"]!.GetValue<string>());
        Assert.Equal("1.250", Offer(hits[1])["effective_price"]!["amount"]!.GetValue<string>());
        Assert.Equal([dinar.OfferId], OfferIds(cheap));
    }

    [Fact]
    public async Task Hits_carry_their_retailer_and_retailer_id_filters_them()
    {
        var here = Point.Random();
        var corner = await RetailerAsync("Corner Grocer Co");
        var mega = await RetailerAsync("MegaMart");
        var product = await _driver.ProductAsync("Kombucha Ginger");
        var atCorner = await OfferAsync(product, await _driver.StoreAsync(here.Offset(1)), 4m, retailerId: corner.RetailerId);
        var atMega = await OfferAsync(product, await _driver.StoreAsync(here.Offset(2)), 4m, retailerId: mega.RetailerId);
        var unknown = await OfferAsync(product, await _driver.StoreAsync(here.Offset(3)), 4m, retailerId: Guid.CreateVersion7());
        foreach (var offer in new[] { atCorner, atMega, unknown })
            await _driver.WaitForOfferAsync("kombucha", here, offer.OfferId);

        var all = Hits(await _driver.LocalAsync("kombucha", here));
        var onlyMega = await GetAsync("kombucha", here, $"retailer_id={ShortId.Encode(mega.RetailerId)}");
        var byUuid = await GetAsync("kombucha", here, $"retailer_id={corner.RetailerId}");
        var both = await GetAsync("kombucha", here, $"retailer_id={ShortId.Encode(mega.RetailerId)},{ShortId.Encode(corner.RetailerId)}");
        var repeated = await GetAsync("kombucha", here, $"retailer_id={mega.RetailerId}&retailer_id={unknown.RetailerId}");

        Assert.Equal([atCorner.OfferId, atMega.OfferId, unknown.OfferId], all.Select(OfferId));
        Assert.Equal(ShortId.Encode(corner.RetailerId), all[0]["retailer"]!["id"]!.GetValue<string>());
        Assert.Equal("Corner Grocer Co", all[0]["retailer"]!["name"]!.GetValue<string>());
        Assert.Equal("MegaMart", all[1]["retailer"]!["name"]!.GetValue<string>());
        Assert.Null(all[2]["retailer"]);
        Assert.Equal([atMega.OfferId], OfferIds(onlyMega));
        Assert.Equal([ShortId.Encode(mega.RetailerId)], onlyMega["filters"]!["retailer_ids"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([atCorner.OfferId], OfferIds(byUuid));
        Assert.Equal([atCorner.OfferId, atMega.OfferId], OfferIds(both));
        Assert.Equal([atMega.OfferId, unknown.OfferId], OfferIds(repeated));
    }

    [Fact]
    public async Task An_offer_that_arrives_before_its_product_and_retailer_is_joined_once_they_arrive()
    {
        var here = Point.Random();
        var store = await _driver.StoreAsync(here.Offset(1));
        var productId = Guid.CreateVersion7();
        var gtin = NewGtin();
        var retailer = CatalogDriver.Retailer("Latecomer Foods");
        var early = new ProductUpserted(productId, gtin, "Placeholder", "", "", null, DateTimeOffset.UtcNow);
        var offer = await OfferAsync(early, store, 2m, retailerId: retailer.RetailerId);
        await fx.Consumed.WaitAsync(_driver.LastMessageIdOf(offer.OfferId));
        Assert.Empty(OfferIds(await _driver.LocalAsync("lentil soup", here)));

        await ProductAsync("Red Lentil Soup", ["vegan"], id: productId, gtin: gtin);
        var beforeRetailer = await _driver.WaitForOfferAsync("lentil soup", here, offer.OfferId);
        Assert.Null(beforeRetailer["retailer"]);
        await RetailerAsync(retailer);

        var hit = await _driver.WaitForOfferAsync("lentil soup", here, offer.OfferId);
        Assert.Equal("Latecomer Foods", hit["retailer"]!["name"]!.GetValue<string>());
        Assert.Equal(["vegan"], hit["product"]!["certifications"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    async Task RetailerAsync(RetailerCreated retailer) =>
        await fx.Consumed.WaitAsync(await _driver.PublishAsync(retailer, retailer.RetailerId));

    [Fact]
    public async Task Certification_filters_require_every_code_and_a_product_without_codes_in_its_event_keeps_them()
    {
        var here = Point.Random();
        var store = await _driver.StoreAsync(here.Offset(1));
        var both = await ProductAsync("Granola Clusters", ["USDA-Organic", "nut_free", "usda_organic"]);
        var organic = await ProductAsync("Granola Clusters", ["usda_organic"]);
        var none = await ProductAsync("Granola Clusters", []);
        var bothOffer = await OfferAsync(both, store, 1m);
        var organicOffer = await OfferAsync(organic, store, 2m);
        var noneOffer = await OfferAsync(none, store, 3m);
        foreach (var offer in new[] { bothOffer, organicOffer, noneOffer })
            await _driver.WaitForOfferAsync("granola", here, offer.OfferId);

        var all = Hits(await _driver.LocalAsync("granola", here));
        var organicOnly = await GetAsync("granola", here, "certification=usda-organic");
        var allTwo = await GetAsync("granola", here, "certification=USDA_ORGANIC,nut-free");
        var repeated = await GetAsync("granola", here, "certification=usda_organic&certification=nut_free");
        var vegan = await GetAsync("granola", here, "certification=vegan");

        Assert.Equal(["usda_organic", "nut_free"], all[0]["product"]!["certifications"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Empty(all[2]["product"]!["certifications"]!.AsArray());
        Assert.Equal([bothOffer.OfferId, organicOffer.OfferId], OfferIds(organicOnly));
        Assert.Equal([bothOffer.OfferId], OfferIds(allTwo));
        Assert.Equal(["usda_organic", "nut_free"], allTwo["filters"]!["certifications"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([bothOffer.OfferId], OfferIds(repeated));
        Assert.Empty(OfferIds(vegan));
        Assert.Empty(vegan["online_results"]!.AsArray());

        // A publisher that does not send codes (null) keeps them; an empty list clears them.
        var renamed = both with { ProductName = "Granola Clusters Honey", Certifications = null, UpdatedAt = both.UpdatedAt.AddSeconds(1) };
        await fx.Consumed.WaitAsync(await _driver.PublishAsync(renamed, both.ProductId));
        Assert.Equal([bothOffer.OfferId], OfferIds(await GetAsync("granola honey", here, "certification=nut_free")));
        var cleared = renamed with { Certifications = [], UpdatedAt = renamed.UpdatedAt.AddSeconds(1) };
        await fx.Consumed.WaitAsync(await _driver.PublishAsync(cleared, both.ProductId));
        Assert.Empty(OfferIds(await GetAsync("granola honey", here, "certification=nut_free")));
    }

    [Fact]
    public async Task When_nothing_local_passes_the_gate_online_offers_are_returned_separately()
    {
        var here = Point.Random();
        var retailer = await RetailerAsync("Web Pantry");
        var product = await ProductAsync("Saffron Threads " + Guid.NewGuid().ToString("N")[..6], ["fair_trade"]);
        var onlineStore = Guid.CreateVersion7();
        var cheap = await OfferAsync(product, null, 9m, effectiveMinor: 799, retailerId: retailer.RetailerId, onlineStoreId: onlineStore);
        var dear = await OfferAsync(product, null, 12m);
        var far = await OfferAsync(product, await _driver.StoreAsync(here.Offset(40)), 5m);
        await fx.Consumed.WaitAsync(_driver.LastMessageIdOf(cheap.OfferId));
        await fx.Consumed.WaitAsync(_driver.LastMessageIdOf(dear.OfferId));
        await _driver.WaitForOfferAsync(product.ProductName, here, far.OfferId, radiusKm: 50);

        var result = await _driver.LocalAsync(product.ProductName, here);
        var underTen = await GetAsync(product.ProductName, here, "price_max=8");
        var withCertification = await GetAsync(product.ProductName, here, "certification=organic");
        var local = await _driver.LocalAsync(product.ProductName, here, radiusKm: 50);

        Assert.Empty(Hits(result));
        Assert.Equal(0, result["total_results"]!.GetValue<int>());
        var online = result["online_results"]!.AsArray().Select(n => n!.AsObject()).ToList();
        Assert.Equal([cheap.OfferId, dear.OfferId], online.Select(OfferId));
        Assert.Equal(2, result["total_online_results"]!.GetValue<int>());
        Assert.Equal(ShortId.Encode(onlineStore), online[0]["online_store"]!["id"]!.GetValue<string>());
        Assert.Equal("Web Pantry", online[0]["retailer"]!["name"]!.GetValue<string>());
        Assert.Equal("7.99", Offer(online[0])["effective_price"]!["amount"]!.GetValue<string>());
        Assert.Equal(["fair_trade"], online[0]["product"]!["certifications"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(online[0]["store"]);
        Assert.Equal([cheap.OfferId], underTen["online_results"]!.AsArray().Select(n => OfferId(n!.AsObject())));
        Assert.Empty(withCertification["online_results"]!.AsArray());
        Assert.Equal([far.OfferId], OfferIds(local));
        Assert.Empty(local["online_results"]!.AsArray());
        Assert.Equal(0, local["total_online_results"]!.GetValue<int>());

        // A removed online offer is no longer an alternative.
        await fx.Consumed.WaitAsync(await _driver.PublishAsync(new OfferRemoved(cheap.OfferId, cheap.OrganizationId, cheap.ProductId, null,
            DateTimeOffset.UtcNow, OfferKinds.Online, product.Gtin, null, onlineStore), cheap.OfferId));
        var after = await _driver.LocalAsync(product.ProductName, here);
        Assert.Equal([dear.OfferId], after["online_results"]!.AsArray().Select(n => OfferId(n!.AsObject())));
    }

    [Theory]
    [InlineData("price_min=-1", "price_min")]
    [InlineData("price_max=abc", "price_max")]
    [InlineData("price_max=", "price_max")]
    [InlineData("price_max=1e3", "price_max")]
    [InlineData("price_max=NaN", "price_max")]
    [InlineData("price_max=99999999999999999999999999999999", "price_max")]
    [InlineData("price_min=1&price_min=2", "price_min")]
    [InlineData("price_min=10&price_max=5", "price_min")]
    [InlineData("retailer_id=nope", "retailer_id")]
    [InlineData("retailer_id=", "retailer_id")]
    [InlineData("retailer_id=3x6Pn5LRuYX9yWbUw3LdEe,", "retailer_id")]
    [InlineData("certification=", "certification")]
    [InlineData("certification=organic!", "certification")]
    [InlineData("certification=-organic", "certification")]
    [InlineData("certification=%C3%A9co", "certification")]
    public async Task A_bad_filter_is_a_validation_error_naming_it(string filter, string field)
    {
        var response = await fx.KeyCaller.GetAsync("/search/api/v1/local?q=milk&lat=1&lon=1&" + filter);

        await LocalSearchTests.AssertValidationErrorAsync(response, field);
    }

    [Fact]
    public async Task Too_many_retailers_or_certifications_are_a_validation_error()
    {
        var ids = string.Join(",", Enumerable.Range(0, 51).Select(_ => ShortId.Encode(Guid.NewGuid())));
        var codes = string.Join(",", Enumerable.Range(0, 21).Select(i => "code" + i));

        await LocalSearchTests.AssertValidationErrorAsync(await fx.KeyCaller.GetAsync($"/search/api/v1/local?q=milk&lat=1&lon=1&retailer_id={ids}"), "retailer_id");
        await LocalSearchTests.AssertValidationErrorAsync(await fx.KeyCaller.GetAsync($"/search/api/v1/local?q=milk&lat=1&lon=1&certification={codes}"), "certification");
    }

    [Fact]
    public async Task Hostile_input_is_never_a_server_error()
    {
        string[] values = ["", " ", "%00", "%27%3B--", "-0", "1e309", "Infinity", "%E2%80%AE", new string('9', 400), "%FF%FE", "[]", "{}", "1,2", "%2C%2C%2C", "0x10"];
        string[] fields = ["q", "lat", "lon", "radius_km", "in_stock", "limit", "price_min", "price_max", "retailer_id", "certification"];
        foreach (var field in fields)
        foreach (var value in values)
        {
            var response = await fx.KeyCaller.GetAsync($"/search/api/v1/local?q=milk&lat=1&lon=1&{field}={value}");
            Assert.True((int)response.StatusCode < 500, $"{field}={value}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
