using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closient.ServiceDefaults.Http;
using static Closient.Search.Tests.SearchDriver;

namespace Closient.Search.Tests;

public sealed class LocalSearchTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    readonly SearchDriver _driver = new(fx);

    [Fact]
    public async Task A_store_near_the_query_point_is_returned_with_its_distance()
    {
        var here = Point.Random();
        var (product, store, offer) = await _driver.StockedStoreAsync(here.Offset(1.5), "Organic Trail Mix", price: 5.99m, quantity: 12);

        var hit = await _driver.WaitForOfferAsync("trail mix", here, offer.OfferId);

        Assert.Equal(ShortId.Encode(product.ProductId), hit["product"]!["id"]!.GetValue<string>());
        Assert.Equal(product.Gtin, hit["product"]!["gtin"]!.GetValue<string>());
        Assert.Equal("Organic Trail Mix", hit["product"]!["name"]!.GetValue<string>());
        Assert.Equal("Acme", hit["product"]!["brand"]!.GetValue<string>());
        Assert.Equal(ShortId.Encode(store.LocationId), hit["store"]!["id"]!.GetValue<string>());
        Assert.Equal("Corner Grocer", hit["store"]!["name"]!.GetValue<string>());
        Assert.InRange(hit["store"]!["distance_km"]!.GetValue<double>(), 1.45, 1.55);
        Assert.Equal(store.Latitude, hit["store"]!["latitude"]!.GetValue<double>(), 6);
        Assert.Equal(store.Longitude, hit["store"]!["longitude"]!.GetValue<double>(), 6);
        Assert.Equal("5.99", hit["offer"]!["price"]!["amount"]!.GetValue<string>());
        Assert.Equal("USD", hit["offer"]!["price"]!["currency"]!.GetValue<string>());
        Assert.Equal("active", hit["offer"]!["status"]!.GetValue<string>());
        Assert.Equal("in_stock", hit["offer"]!["stock_status"]!.GetValue<string>());
        Assert.Equal("confirmed", hit["offer"]!["inventory_confidence"]!.GetValue<string>());
        Assert.Equal(offer.UpdatedAt.ToUnixTimeMilliseconds(), hit["offer"]!["last_checked_at"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Out_of_stock_offers_are_shown_as_such_and_an_inventory_synced_over_48_hours_ago_is_flagged_stale()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Heirloom Tomato Seeds");
        var store = await _driver.StoreAsync(here);
        var fresh = await _driver.OfferAsync(product, store, price: 2m, lastInventorySync: DateTimeOffset.UtcNow.AddHours(-47));
        var stale = await _driver.OfferAsync(product, store, price: 3m, lastInventorySync: DateTimeOffset.UtcNow.AddHours(-49));
        var gone = await _driver.OfferAsync(product, store, price: 4m, quantity: 3, status: "out_of_stock");

        await _driver.WaitForOfferAsync("tomato seeds", here, gone.OfferId);
        await _driver.WaitForOfferAsync("tomato seeds", here, stale.OfferId);
        var hits = Hits(await _driver.LocalAsync("tomato seeds", here)).ToDictionary(h => h["offer"]!["id"]!.GetValue<string>());

        var freshHit = hits[ShortId.Encode(fresh.OfferId)]["offer"]!;
        var staleHit = hits[ShortId.Encode(stale.OfferId)]["offer"]!;
        var goneHit = hits[ShortId.Encode(gone.OfferId)]["offer"]!;
        Assert.False(freshHit["stale_inventory"]!.GetValue<bool>());
        Assert.True(staleHit["stale_inventory"]!.GetValue<bool>());
        Assert.Equal(stale.LastInventorySync!.Value.ToUnixTimeMilliseconds(), staleHit["last_inventory_sync"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        Assert.False(goneHit["stale_inventory"]!.GetValue<bool>());
        Assert.Null(goneHit["last_inventory_sync"]);
        Assert.Equal("out_of_stock", goneHit["status"]!.GetValue<string>());
        Assert.Equal("out_of_stock", goneHit["stock_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_search_from_50_km_away_with_a_5_km_radius_does_not_find_the_store()
    {
        var here = Point.Random();
        var (_, _, offer) = await _driver.StockedStoreAsync(here, "Oat Milk");
        await _driver.WaitForOfferAsync("oat milk", here, offer.OfferId, radiusKm: 5);

        var far = await _driver.LocalAsync("oat milk", here.Offset(50), radiusKm: 5);
        var farWithDefaultRadius = await _driver.LocalAsync("oat milk", here.Offset(50));
        var justInside = await _driver.LocalAsync("oat milk", here.Offset(4.9), radiusKm: 5);

        Assert.DoesNotContain(offer.OfferId, OfferIds(far));
        Assert.DoesNotContain(offer.OfferId, OfferIds(farWithDefaultRadius));
        Assert.Contains(offer.OfferId, OfferIds(justInside));
    }

    [Fact]
    public async Task The_nearer_store_sorts_first()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Sparkling Water");
        var far = await _driver.StoreAsync(here.Offset(8));
        var near = await _driver.StoreAsync(here.Offset(-2, 1));
        var middle = await _driver.StoreAsync(here.Offset(0, 5));
        var farOffer = await _driver.OfferAsync(product, far, price: 0.99m);
        var nearOffer = await _driver.OfferAsync(product, near, price: 3.99m);
        var middleOffer = await _driver.OfferAsync(product, middle, price: 1.99m);
        await _driver.WaitForOfferAsync("sparkling water", here, farOffer.OfferId);
        await _driver.WaitForOfferAsync("sparkling water", here, nearOffer.OfferId);
        await _driver.WaitForOfferAsync("sparkling water", here, middleOffer.OfferId);

        var result = await _driver.LocalAsync("sparkling water", here);

        Assert.Equal([nearOffer.OfferId, middleOffer.OfferId, farOffer.OfferId], OfferIds(result));
        Assert.Equal(3, result["total_results"]!.GetValue<int>());
        var distances = Hits(result).Select(h => h["store"]!["distance_km"]!.GetValue<double>()).ToList();
        Assert.Equal(distances.Order(), distances);
    }

    [Fact]
    public async Task At_the_same_distance_fresher_inventory_sorts_first()
    {
        var here = Point.Random();
        var store = await _driver.StoreAsync(here.Offset(1));
        var now = DateTimeOffset.UtcNow;
        var stale = await _driver.OfferAsync(await _driver.ProductAsync("Dark Chocolate Bar"), store, price: 1m, updatedAt: now.AddDays(-3));
        var recent = await _driver.OfferAsync(await _driver.ProductAsync("Dark Chocolate Bar"), store, price: 2m, updatedAt: now.AddHours(-3));
        var fresh = await _driver.OfferAsync(await _driver.ProductAsync("Dark Chocolate Bar"), store, price: 3m, updatedAt: now.AddMinutes(-5));
        await _driver.WaitForOfferAsync("dark chocolate", here, stale.OfferId);
        await _driver.WaitForOfferAsync("dark chocolate", here, recent.OfferId);
        await _driver.WaitForOfferAsync("dark chocolate", here, fresh.OfferId);

        var hits = Hits(await _driver.LocalAsync("dark chocolate", here));

        Assert.Equal([fresh.OfferId, recent.OfferId, stale.OfferId], hits.Select(OfferId));
        Assert.Equal(["confirmed", "likely", "uncertain"], hits.Select(h => h["offer"]!["inventory_confidence"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Relevance_is_a_gate_so_other_products_at_the_store_are_not_returned()
    {
        var here = Point.Random();
        var store = await _driver.StoreAsync(here);
        var coffee = await _driver.OfferAsync(await _driver.ProductAsync("Whole Bean Coffee", description: "Dark roast"), store);
        var tea = await _driver.OfferAsync(await _driver.ProductAsync("Green Tea", description: "Loose leaf"), store);
        await _driver.WaitForOfferAsync("coffee", here, coffee.OfferId);
        await _driver.WaitForOfferAsync("tea", here, tea.OfferId);

        Assert.Equal([coffee.OfferId], OfferIds(await _driver.LocalAsync("coffee", here)));
        Assert.Equal([coffee.OfferId], OfferIds(await _driver.LocalAsync("dark roast", here)));
        Assert.Equal([tea.OfferId], OfferIds(await _driver.LocalAsync("\"green tea\" -coffee", here)));
        Assert.Empty(OfferIds(await _driver.LocalAsync("bicycle", here)));
    }

    [Fact]
    public async Task A_partial_word_falls_back_to_substring_matching()
    {
        var here = Point.Random();
        var (_, _, offer) = await _driver.StockedStoreAsync(here, "Crème Fraîche");
        await _driver.WaitForOfferAsync("creme fraiche", here, offer.OfferId);

        Assert.Equal([offer.OfferId], OfferIds(await _driver.LocalAsync("fraî", here)));
        Assert.Equal([offer.OfferId], OfferIds(await _driver.LocalAsync("creme fr", here)));
    }

    [Fact]
    public async Task A_word_that_matches_products_elsewhere_does_not_fall_back_to_substrings_nearby()
    {
        var here = Point.Random();
        var word = string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('a' + System.Random.Shared.Next(26)))) + "q";
        var (_, _, faraway) = await _driver.StockedStoreAsync(here.Offset(300), $"{word} Tea");
        var (_, _, nearby) = await _driver.StockedStoreAsync(here.Offset(1), $"{word}steak Jerky");
        await _driver.WaitForOfferAsync($"{word} tea", here.Offset(300), faraway.OfferId);
        await _driver.WaitForOfferAsync("jerky", here, nearby.OfferId);

        // Full text finds the tea (300 km away, outside the radius): no local hit, and no substring match instead.
        Assert.Empty(OfferIds(await _driver.LocalAsync(word, here)));
        // Text full text finds nowhere still falls back to substrings.
        Assert.Equal([nearby.OfferId], OfferIds(await _driver.LocalAsync($"{word}stea", here)));
    }

    [Fact]
    public async Task A_gtin_query_finds_the_product_by_gtin_in_any_form()
    {
        var here = Point.Random();
        var (product, _, offer) = await _driver.StockedStoreAsync(here, "Peanut Butter");
        await _driver.WaitForOfferAsync("peanut butter", here, offer.OfferId);
        var other = await _driver.OfferAsync(await _driver.ProductAsync("Peanut Butter"), await _driver.StoreAsync(here));
        await _driver.WaitForOfferAsync("peanut butter", here, other.OfferId);

        Assert.Equal([offer.OfferId], OfferIds(await _driver.LocalAsync("gtin:" + product.Gtin, here)));
        Assert.Equal([offer.OfferId], OfferIds(await _driver.LocalAsync("GTIN: " + product.Gtin.TrimStart('0'), here)));
        Assert.Empty(OfferIds(await _driver.LocalAsync("gtin:" + NewGtin(), here)));
    }

    [Fact]
    public async Task A_gtin_query_with_a_wrong_check_digit_is_a_validation_error()
    {
        var gtin = NewGtin();
        var wrong = gtin[..13] + (char)('0' + (gtin[13] - '0' + 1) % 10);

        var response = await fx.KeyCaller.GetAsync($"/search/api/v1/local?q=gtin:{wrong}&lat=1&lon=1");

        await AssertValidationErrorAsync(response, "q");
    }

    [Fact]
    public async Task Price_and_distance_phrases_become_constraints()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Almond Butter");
        var cheapNear = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(1)), price: 4.50m);
        var dearNear = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(2)), price: 12m);
        var cheapFar = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(8)), price: 3m);
        foreach (var offer in new[] { cheapNear, dearNear, cheapFar })
            await _driver.WaitForOfferAsync("almond butter", here, offer.OfferId);

        var underTen = await _driver.LocalAsync("almond butter under $10", here);
        var overFive = await _driver.LocalAsync("almond butter over $5", here);
        var withinFive = await _driver.LocalAsync("almond butter within 5 km", here);
        var withinTwoMiles = await _driver.LocalAsync("almond butter within 2 miles less than 5", here);

        Assert.Equal([cheapNear.OfferId, cheapFar.OfferId], OfferIds(underTen));
        Assert.Equal(10m, underTen["active_constraints"]!["price_max"]!.GetValue<decimal>());
        Assert.Equal([dearNear.OfferId], OfferIds(overFive));
        Assert.Equal([cheapNear.OfferId, dearNear.OfferId], OfferIds(withinFive));
        Assert.Equal(5, withinFive["active_constraints"]!["distance_km"]!.GetValue<double>());
        Assert.Equal([cheapNear.OfferId], OfferIds(withinTwoMiles));
        Assert.Equal(3.22, withinTwoMiles["active_constraints"]!["distance_km"]!.GetValue<double>());
        Assert.Equal("almond butter within 2 miles less than 5", withinTwoMiles["query"]!.GetValue<string>());
    }

    [Fact]
    public async Task In_stock_keeps_only_offers_with_units_on_hand()
    {
        var here = Point.Random();
        var store = await _driver.StoreAsync(here);
        var product = await _driver.ProductAsync("Sourdough Loaf");
        var plenty = await _driver.OfferAsync(product, store, price: 1m, quantity: 40);
        var few = await _driver.OfferAsync(product, store, price: 2m, quantity: 3);
        var none = await _driver.OfferAsync(product, store, price: 3m, quantity: 0);
        var flagged = await _driver.OfferAsync(product, store, price: 4m, quantity: 9, status: "out_of_stock");
        var untracked = await _driver.OfferAsync(product, store, price: 5m, quantity: null);
        var discontinued = await _driver.OfferAsync(product, store, price: 0.5m, status: "discontinued");
        foreach (var offer in new[] { plenty, few, none, flagged, untracked })
            await _driver.WaitForOfferAsync("sourdough", here, offer.OfferId);
        await fx.Consumed.WaitAsync(_driver.LastMessageIdOf(discontinued.OfferId));

        var all = Hits(await _driver.LocalAsync("sourdough", here));
        var inStock = await _driver.LocalAsync("sourdough", here, inStock: true);
        var phrased = await _driver.LocalAsync("sourdough in stock", here);

        Assert.Equal([plenty.OfferId, few.OfferId, none.OfferId, flagged.OfferId, untracked.OfferId], all.Select(OfferId));
        Assert.Equal(["in_stock", "low_stock", "out_of_stock", "out_of_stock", "unknown"],
            all.Select(h => h["offer"]!["stock_status"]!.GetValue<string>()));
        Assert.Equal([plenty.OfferId, few.OfferId], OfferIds(inStock));
        Assert.Equal([plenty.OfferId, few.OfferId], OfferIds(phrased));
        Assert.Equal("in_stock", phrased["active_constraints"]!["availability"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_priceless_offer_has_a_null_price_and_limit_caps_the_results()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Fresh Basil");
        var first = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(0.5)), price: null);
        var second = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(1)));
        await _driver.WaitForOfferAsync("basil", here, first.OfferId);
        await _driver.WaitForOfferAsync("basil", here, second.OfferId);

        var result = await _driver.LocalAsync("basil", here, limit: 1);

        Assert.Equal([first.OfferId], OfferIds(result));
        Assert.Null(Hits(result)[0]["offer"]!["price"]);
        Assert.Equal(2, result["total_results"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("lat=1&lon=1", "q")]
    [InlineData("q=milk&lon=1", "lat")]
    [InlineData("q=milk&lat=1", "lon")]
    [InlineData("q=milk&lat=91&lon=1", "lat")]
    [InlineData("q=milk&lat=abc&lon=1", "lat")]
    [InlineData("q=milk&lat=1&lon=-181", "lon")]
    [InlineData("q=milk&lat=1&lon=1&radius_km=0", "radius_km")]
    [InlineData("q=milk&lat=1&lon=1&radius_km=500", "radius_km")]
    [InlineData("q=milk&lat=1&lon=1&limit=0", "limit")]
    [InlineData("q=milk&lat=1&lon=1&limit=101", "limit")]
    [InlineData("q=milk&lat=1&lon=1&in_stock=maybe", "in_stock")]
    [InlineData("q=%20%20&lat=1&lon=1", "q")]
    public async Task A_bad_parameter_is_a_validation_error_naming_it(string query, string field)
    {
        var response = await fx.KeyCaller.GetAsync("/search/api/v1/local?" + query);

        await AssertValidationErrorAsync(response, field);
    }

    [Fact]
    public async Task A_501_character_query_is_a_validation_error()
    {
        var response = await fx.KeyCaller.GetAsync($"/search/api/v1/local?q={new string('a', 501)}&lat=1&lon=1");

        await AssertValidationErrorAsync(response, "q");
    }

    internal static async Task AssertValidationErrorAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {body}");
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("VALIDATION_ERROR", problem["error_code"]!.GetValue<string>());
        Assert.Contains(field, problem["details"]!.AsArray().Select(d => d!["field"]!.GetValue<string>()));
    }
}
