using System.Net;
using System.Text;

namespace Closient.Search.Tests;

/// <summary>Every bad request is refused before anything is written: this class's database never gets a session.</summary>
public sealed class SessionValidationTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    const string SessionPath = "/search/api/v1/search/session";

    [Theory]
    [InlineData("""{"latitude": 1, "longitude": 1}""", "query")]
    [InlineData("""{"query": "", "latitude": 1, "longitude": 1}""", "query")]
    [InlineData("""{"query": "   ", "latitude": 1, "longitude": 1}""", "query")]
    [InlineData("""{"query": null, "latitude": 1, "longitude": 1}""", "query")]
    [InlineData("""{"query": 42, "latitude": 1, "longitude": 1}""", "query")]
    [InlineData("""{"query": "milk", "longitude": 1}""", "latitude")]
    [InlineData("""{"query": "milk", "latitude": 91, "longitude": 1}""", "latitude")]
    [InlineData("""{"query": "milk", "latitude": -90.5, "longitude": 1}""", "latitude")]
    [InlineData("""{"query": "milk", "latitude": "north", "longitude": 1}""", "latitude")]
    [InlineData("""{"query": "milk", "latitude": 1}""", "longitude")]
    [InlineData("""{"query": "milk", "latitude": 1, "longitude": -181}""", "longitude")]
    [InlineData("""{"query": "milk", "latitude": 1, "longitude": 180.01}""", "longitude")]
    [InlineData("""{"query": "milk", "latitude": 1, "longitude": 1, "radius_km": 0}""", "radius_km")]
    [InlineData("""{"query": "milk", "latitude": 1, "longitude": 1, "radius_km": -3}""", "radius_km")]
    [InlineData("""{"query": "milk", "latitude": 1, "longitude": 1, "radius_km": 500}""", "radius_km")]
    [InlineData("""{"query": "milk", "latitude": 1, "longitude": 1, "radius_km": "far"}""", "radius_km")]
    [InlineData("""{"query": "milk", "latitude": 1, "longitude": 1, "in_stock": "yes"}""", "in_stock")]
    [InlineData("""{"query": "milk", "latitude": 1, "longitude": 1, "limit": 5}""", "limit")]
    [InlineData("""{"query": "gtin:12345", "latitude": 1, "longitude": 1}""", "query")]
    public async Task A_bad_field_is_a_validation_error_naming_it(string json, string field)
    {
        var response = await PostAsync(json);

        await LocalSearchTests.AssertValidationErrorAsync(response, field);
        await AssertNoSessionWasWrittenAsync();
    }

    [Fact]
    public async Task A_501_character_query_is_a_validation_error()
    {
        var response = await PostAsync($$"""{"query": "{{new string('a', 501)}}", "latitude": 1, "longitude": 1}""");

        await LocalSearchTests.AssertValidationErrorAsync(response, "query");
        await AssertNoSessionWasWrittenAsync();
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        var response = await PostAsync("""{"query": "", "latitude": 91, "longitude": -181, "radius_km": 0}""");

        foreach (var field in new[] { "query", "latitude", "longitude", "radius_km" })
            await LocalSearchTests.AssertValidationErrorAsync(response, field);
    }

    [Theory]
    [InlineData("""{"query": "milk", "latitude": 1,""")]
    [InlineData("not json")]
    public async Task Malformed_json_is_400(string json)
    {
        var response = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNoSessionWasWrittenAsync();
    }

    [Fact]
    public async Task A_2_MB_body_is_413()
    {
        var response = await PostAsync($$"""{"query": "{{new string('a', 2 * 1024 * 1024)}}", "latitude": 1, "longitude": 1}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNoSessionWasWrittenAsync();
    }

    async Task<HttpResponseMessage> PostAsync(string json) =>
        await fx.Anonymous.PostAsync(SessionPath, new StringContent(json, Encoding.UTF8, "application/json"));

    async Task AssertNoSessionWasWrittenAsync() =>
        Assert.Equal(0, await fx.Database.ScalarAsync<int>("SELECT count(*)::int FROM search.sessions"));
}
