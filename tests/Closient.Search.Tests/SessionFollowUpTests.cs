using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Closient.Contracts.Search;
using Closient.Search.Analytics;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Closient.Search.Tests.SearchDriver;

namespace Closient.Search.Tests;

/// <summary>Follow-ups (refine / reset), removing a constraint, clearing, ending, and the sliding expiry.</summary>
public sealed class SessionFollowUpTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    const string SessionPath = "/search/api/v1/search/session";
    readonly SearchDriver _driver = new(fx);

    [Fact]
    public async Task A_refinement_merges_its_constraints_and_the_results_follow()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Trail Shoes");
        var cheap = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(1)), price: 40m);
        var dear = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(1.5)), price: 90m);
        var far = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(4)), price: 30m);
        foreach (var offer in new[] { cheap, dear, far }) await _driver.WaitForOfferAsync("trail shoes", here, offer.OfferId);
        var id = await OpenAsync("trail shoes under $100", here);

        var refined = await QueryAsync(id, "but within 2 km");

        Assert.True(refined["is_refinement"]!.GetValue<bool>());
        Assert.Equal("trail shoes under $100", refined["base_query"]!.GetValue<string>());
        Assert.Equal("but within 2 km", refined["query"]!.GetValue<string>());
        Assert.Equal(2, refined["new_constraints"]!["distance_km"]!.GetValue<double>());
        Assert.Single(refined["new_constraints"]!.AsObject());
        Assert.Equal(100m, refined["active_constraints"]!["price_max"]!.GetValue<decimal>());
        Assert.Equal(2, refined["active_constraints"]!["distance_km"]!.GetValue<double>());
        Assert.Equal("Adding 'within 2 km' to your search", refined["classification_explanation"]!.GetValue<string>());
        Assert.Equal(["under $100", "within 2 km"], refined["chips"]!.AsArray().Select(c => c!["label"]!.GetValue<string>()));
        Assert.Equal(["trail shoes under $100", "but within 2 km"], refined["search_history"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([cheap.OfferId, dear.OfferId], OfferIds(refined));

        // "cheaper" is 0.8 × the active ceiling: $80 drops the $90 offer.
        var cheaper = await QueryAsync(id, "cheaper");
        Assert.Equal(80m, cheaper["active_constraints"]!["price_max"]!.GetValue<decimal>());
        Assert.Equal([cheap.OfferId], OfferIds(cheaper));

        // The alias answers the same way.
        var red = await fx.Anonymous.PostAsJsonAsync($"{SessionPath}/{id}/refine", new { query = "in red" });
        Assert.Equal(HttpStatusCode.OK, red.StatusCode);
        var state = await GetAsync(id);
        Assert.Equal("red", state["active_constraints"]!["color"]!.GetValue<string>());
        Assert.Equal(["color", "distance_km", "price_max"], state["active_constraints"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Cheaper_without_a_ceiling_is_80_percent_of_the_cheapest_shown_price()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Desk Lamp");
        var a = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(1)), price: 25m);
        var b = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(2)), price: 19.99m);
        await _driver.WaitForOfferAsync("desk lamp", here, a.OfferId);
        await _driver.WaitForOfferAsync("desk lamp", here, b.OfferId);
        var id = await OpenAsync("desk lamp", here);

        var cheaper = await QueryAsync(id, "but cheaper");

        Assert.Equal(15.99m, cheaper["active_constraints"]!["price_max"]!.GetValue<decimal>());
        Assert.Empty(Hits(cheaper));
    }

    [Fact]
    public async Task A_reset_replaces_the_base_query_and_clears_the_constraints()
    {
        var here = Point.Random();
        var (_, _, laptop) = await _driver.StockedStoreAsync(here.Offset(1), "Gaming Laptop", price: 900m);
        await _driver.WaitForOfferAsync("laptop", here, laptop.OfferId);
        var id = await OpenAsync("running shoes under $50 in stock", here);

        var reset = await QueryAsync(id, "instead show me laptops");

        Assert.False(reset["is_refinement"]!.GetValue<bool>());
        Assert.Equal("instead show me laptops", reset["base_query"]!.GetValue<string>());
        Assert.Empty(reset["active_constraints"]!.AsObject());
        Assert.Empty(reset["chips"]!.AsArray());
        Assert.Equal("Starting a new search for 'laptops'", reset["classification_explanation"]!.GetValue<string>());
        Assert.Equal([laptop.OfferId], OfferIds(reset));
        Assert.Equal(2, reset["search_history"]!.AsArray().Count);
    }

    [Fact]
    public async Task Removing_a_key_drops_only_that_constraint_and_an_inactive_key_changes_nothing()
    {
        var here = Point.Random();
        var id = await OpenAsync("oat milk under $5 within 3 km in stock, nut-free", here);

        var removed = await fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/price_max");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var state = (await removed.Content.ReadFromJsonAsync<JsonObject>())!;
        var active = state["active_constraints"]!.AsObject();
        Assert.Null(active["price_max"]);
        Assert.Equal(3, active["distance_km"]!.GetValue<double>());
        Assert.Equal(["peanuts", "tree-nuts"], active["exclude_allergens"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("oat milk under $5 within 3 km in stock, nut-free", state["base_query"]!.GetValue<string>());

        var allergens = await fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/exclude_allergens");
        var inactive = await fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/color");
        Assert.Equal(HttpStatusCode.OK, allergens.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inactive.StatusCode);
        var after = (await inactive.Content.ReadFromJsonAsync<JsonObject>())!["active_constraints"]!.AsObject();
        Assert.Equal(["availability", "distance_km"], after.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Clearing_removes_every_constraint_and_refinement_but_keeps_the_base_query()
    {
        var here = Point.Random();
        var (_, _, offer) = await _driver.StockedStoreAsync(here.Offset(5), "Sparkling Water", price: 3m, quantity: 0);
        await _driver.WaitForOfferAsync("sparkling water", here, offer.OfferId);
        var id = await OpenAsync("sparkling water in stock within 1 km", here);
        Assert.Empty(Hits(await QueryAsync(id, "also organic")));

        var cleared = await fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints");

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var state = (await cleared.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Empty(state["active_constraints"]!.AsObject());
        Assert.Empty(state["chips"]!.AsArray());
        Assert.Equal("sparkling water in stock within 1 km", state["base_query"]!.GetValue<string>());
        Assert.Equal([offer.OfferId], OfferIds(state));
    }

    [Fact]
    public async Task Ending_a_session_makes_it_404()
    {
        var id = await OpenAsync("birthday candles", Point.Random());

        var ended = await fx.Anonymous.DeleteAsync($"{SessionPath}/{id}");
        var again = await fx.Anonymous.DeleteAsync($"{SessionPath}/{id}");
        var read = await fx.Anonymous.GetAsync($"{SessionPath}/{id}");
        var query = await fx.Anonymous.PostAsJsonAsync($"{SessionPath}/{id}/query", new { query = "in red" });

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, query.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/query")]
    [InlineData("POST", "/refine")]
    [InlineData("DELETE", "/constraints/color")]
    [InlineData("DELETE", "/constraints")]
    [InlineData("DELETE", "")]
    public async Task An_unknown_session_is_404(string method, string suffix)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{SessionPath}/doesnotexistdoesnotexistdoesnot1{suffix}");
        if (method == "POST") request.Content = JsonContent.Create(new { query = "in red" });

        var response = await fx.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", (await response.Content.ReadFromJsonAsync<JsonObject>())!["error_code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"query": ""}""")]
    [InlineData("""{"query": "   "}""")]
    [InlineData("""{"query": null}""")]
    [InlineData("""{"query": 7}""")]
    [InlineData("""{"query": "in red", "latitude": 1}""")]
    [InlineData("""{"query": "gtin:123"}""")]
    public async Task A_bad_follow_up_is_422_and_changes_nothing(string json)
    {
        var id = await OpenAsync("tea", Point.Random());

        var response = await fx.Anonymous.PostAsync($"{SessionPath}/{id}/query", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("VALIDATION_ERROR", await response.Content.ReadAsStringAsync());
        var state = await GetAsync(id);
        Assert.Single(state["search_history"]!.AsArray());
    }

    [Fact]
    public async Task A_501_character_follow_up_is_422()
    {
        var id = await OpenAsync("tea", Point.Random());

        var response = await fx.Anonymous.PostAsJsonAsync($"{SessionPath}/{id}/query", new { query = new string('a', 501) });

        await LocalSearchTests.AssertValidationErrorAsync(response, "query");
    }

    [Theory]
    [InlineData("price")]
    [InlineData("COLOR")]
    [InlineData("chips")]
    public async Task An_unknown_key_is_422(string key)
    {
        var id = await OpenAsync("tea under $5", Point.Random());

        var response = await fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/{key}");

        await LocalSearchTests.AssertValidationErrorAsync(response, "key");
    }

    [Fact]
    public async Task The_history_keeps_the_last_20_queries()
    {
        var id = await OpenAsync("tea", Point.Random());

        for (var i = 1; i <= 22; i++) await QueryAsync(id, $"under ${i}");

        var history = (await GetAsync(id))["search_history"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(20, history.Count);
        Assert.Equal("under $3", history[0]);
        Assert.Equal("under $22", history[^1]);
    }

    [Fact]
    public async Task A_follow_up_publishes_a_session_search()
    {
        var id = await OpenAsync("oat milk", new Point(51.507351, -0.127758));
        var query = "oat milk barista " + Guid.NewGuid().ToString("N")[..8];

        await QueryAsync(id, query);

        var (e, _) = await fx.Bus.WaitForAsync<SearchPerformed>(m => m.Query == query);
        Assert.Equal(SearchKinds.Session, e.Kind);
        Assert.Equal(51.51, e.Latitude);
        Assert.Contains("barista", e.NormalizedTerms);
    }

    [Fact]
    public async Task Every_write_slides_the_expiry_and_30_idle_minutes_end_the_session()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = fx.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var client = factory.CreateDefaultClient(new InternalTokenHandler(fx.Tokens, Caller.Anonymous));
        var here = Point.Random();
        var opened = await client.PostAsJsonAsync(SessionPath, new { query = "birthday candles", latitude = here.Lat, longitude = here.Lon });
        var id = (await opened.Content.ReadFromJsonAsync<JsonObject>())!["session_id"]!.GetValue<string>();

        clock.Advance(TimeSpan.FromMinutes(29));
        var query = await client.PostAsJsonAsync($"{SessionPath}/{id}/query", new { query = "in red" });
        var queried = (await query.Content.ReadFromJsonAsync<JsonObject>())!;
        clock.Advance(TimeSpan.FromMinutes(29));
        var removed = await client.DeleteAsync($"{SessionPath}/{id}/constraints/color");
        clock.Advance(TimeSpan.FromMinutes(29));
        var cleared = await client.DeleteAsync($"{SessionPath}/{id}/constraints");
        clock.Advance(TimeSpan.FromMinutes(29));
        var stillOpen = await client.GetAsync($"{SessionPath}/{id}");
        clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await client.GetAsync($"{SessionPath}/{id}");
        var lateQuery = await client.PostAsJsonAsync($"{SessionPath}/{id}/query", new { query = "in blue" });
        var lateRemove = await client.DeleteAsync($"{SessionPath}/{id}/constraints/color");

        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(clock.GetUtcNow().AddMinutes(-58), queried["expires_at"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lateQuery.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lateRemove.StatusCode);
    }

    async Task<string> OpenAsync(string query, Point at)
    {
        var response = await fx.Anonymous.PostAsJsonAsync(SessionPath, new { query, latitude = at.Lat, longitude = at.Lon });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["session_id"]!.GetValue<string>();
    }

    async Task<JsonObject> QueryAsync(string id, string query)
    {
        var response = await fx.Anonymous.PostAsJsonAsync($"{SessionPath}/{id}/query", new { query });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    async Task<JsonObject> GetAsync(string id) => (await fx.Anonymous.GetFromJsonAsync<JsonObject>($"{SessionPath}/{id}"))!;
}
