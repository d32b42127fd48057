using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Closient.Search.Tests.SearchDriver;

namespace Closient.Search.Tests;

public sealed class SessionTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    const string SessionPath = "/search/api/v1/search/session";
    readonly SearchDriver _driver = new(fx);

    [Fact]
    public async Task Opening_a_session_near_a_retailer_finds_its_store()
    {
        var here = Point.Random();
        var (product, store, offer) = await _driver.StockedStoreAsync(here.Offset(0.2), "Cold Brew Coffee");
        await _driver.WaitForOfferAsync("cold brew", here, offer.OfferId);
        var before = DateTimeOffset.UtcNow;

        var response = await fx.Anonymous.PostAsJsonAsync(SessionPath, new { query = "cold brew coffee", latitude = here.Lat, longitude = here.Lon, radius_km = 5 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var session = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = session["session_id"]!.GetValue<string>();
        Assert.Matches("^[A-Za-z0-9_-]{32}$", id);
        Assert.Equal($"{SessionPath}/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("cold brew coffee", session["base_query"]!.GetValue<string>());
        Assert.Empty(session["active_constraints"]!.AsObject());
        Assert.Equal(["cold brew coffee"], session["search_history"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(session["is_expired"]!.GetValue<bool>());
        Assert.Equal(here.Lat, session["latitude"]!.GetValue<double>());
        Assert.Equal(here.Lon, session["longitude"]!.GetValue<double>());
        Assert.Equal(5, session["radius_km"]!.GetValue<double>());
        Assert.InRange(session["expires_at"]!.GetValue<DateTimeOffset>(), before.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(31));
        var hit = Assert.Single(Hits(session));
        Assert.Equal(offer.OfferId, OfferId(hit));
        Assert.Equal(store.Name, hit["store"]!["name"]!.GetValue<string>());
        Assert.Equal(product.ProductName, hit["product"]!["name"]!.GetValue<string>());
        Assert.Equal(1, session["total_results"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_initial_query_keeps_its_text_and_turns_phrases_into_constraints()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Running Shoes");
        var cheap = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(1)), price: 45m, quantity: 2);
        var dear = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(2)), price: 80m);
        var empty = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(1.5)), price: 30m, quantity: 0);
        var far = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(7)), price: 20m);
        foreach (var offer in new[] { cheap, dear, empty, far })
            await _driver.WaitForOfferAsync("running shoes", here, offer.OfferId);

        var session = await OpenAsync(new { query = "running shoes under $50 within 5km in stock", latitude = here.Lat, longitude = here.Lon });

        Assert.Equal("running shoes under $50 within 5km in stock", session["base_query"]!.GetValue<string>());
        var constraints = session["active_constraints"]!.AsObject();
        Assert.Equal(50m, constraints["price_max"]!.GetValue<decimal>());
        Assert.Equal(5, constraints["distance_km"]!.GetValue<double>());
        Assert.Equal("in_stock", constraints["availability"]!.GetValue<string>());
        Assert.Equal(3, constraints.Count);
        Assert.Equal(10, session["radius_km"]!.GetValue<double>());
        Assert.Equal([cheap.OfferId], OfferIds(session));
    }

    [Fact]
    public async Task The_in_stock_flag_becomes_the_availability_constraint()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Garden Gloves");
        var store = await _driver.StoreAsync(here);
        var stocked = await _driver.OfferAsync(product, store, price: 9m, quantity: 8);
        var gone = await _driver.OfferAsync(product, store, price: 7m, quantity: 0);
        await _driver.WaitForOfferAsync("gloves", here, stocked.OfferId);
        await _driver.WaitForOfferAsync("gloves", here, gone.OfferId);

        var session = await OpenAsync(new { query = "gloves", latitude = here.Lat, longitude = here.Lon, in_stock = true });

        Assert.Equal("in_stock", session["active_constraints"]!["availability"]!.GetValue<string>());
        Assert.Equal([stocked.OfferId], OfferIds(session));
    }

    [Fact]
    public async Task A_gtin_session_lists_the_stores_that_carry_the_product()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Hot Sauce");
        var near = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(1)));
        var farther = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(3)));
        await _driver.WaitForOfferAsync("hot sauce", here, near.OfferId);
        await _driver.WaitForOfferAsync("hot sauce", here, farther.OfferId);

        var session = await OpenAsync(new { query = "gtin:" + product.Gtin, latitude = here.Lat, longitude = here.Lon });

        Assert.Equal([near.OfferId, farther.OfferId], OfferIds(session));
    }

    [Fact]
    public async Task Getting_a_session_returns_its_state_with_fresh_results()
    {
        var here = Point.Random();
        var opened = await OpenAsync(new { query = "lavender soap", latitude = here.Lat, longitude = here.Lon, radius_km = 3 });
        var id = opened["session_id"]!.GetValue<string>();
        Assert.Empty(Hits(opened));

        var (_, _, offer) = await _driver.StockedStoreAsync(here.Offset(1), "Lavender Soap");
        JsonObject? state = null;
        await Eventually.TrueAsync(async () =>
        {
            state = await fx.Anonymous.GetFromJsonAsync<JsonObject>($"{SessionPath}/{id}");
            return OfferIds(state!).Contains(offer.OfferId);
        }, WaitTimeout, "the new offer did not show up in the session");

        Assert.Equal(id, state!["session_id"]!.GetValue<string>());
        Assert.Equal("lavender soap", state["base_query"]!.GetValue<string>());
        Assert.Equal(3, state["radius_km"]!.GetValue<double>());
        Assert.Equal(opened["expires_at"]!.GetValue<DateTimeOffset>(), state["expires_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(1, state["total_results"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("doesnotexistdoesnotexistdoesnot1")]
    [InlineData("x")]
    public async Task An_unknown_session_is_404(string id)
    {
        var response = await fx.Anonymous.GetAsync($"{SessionPath}/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("NOT_FOUND", problem["error_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_session_expires_after_30_minutes_without_activity()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = fx.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var client = factory.CreateDefaultClient(new InternalTokenHandler(fx.Tokens, Caller.Anonymous));
        var here = Point.Random();
        var opened = await client.PostAsJsonAsync(SessionPath, new { query = "birthday candles", latitude = here.Lat, longitude = here.Lon });
        var id = (await opened.Content.ReadFromJsonAsync<JsonObject>())!["session_id"]!.GetValue<string>();
        var path = $"{SessionPath}/{id}";

        clock.Advance(TimeSpan.FromMinutes(29));
        var stillOpen = await client.GetAsync(path);
        clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
    }

    async Task<JsonObject> OpenAsync(object body)
    {
        var response = await fx.Anonymous.PostAsJsonAsync(SessionPath, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
