using System.Net;
using System.Net.Http.Json;
using Closient.Gateway.Tests.Infrastructure;

namespace Closient.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class RoutingTests(GatewayFixture fixture)
{
    readonly HttpClient client = fixture.CreateClient();

    [Theory]
    [InlineData("/products/api/v1/products/00614141123452", "catalog")]
    [InlineData("/products/api/v1", "catalog")]
    [InlineData("/brands/api/v1/brands", "catalog")]
    [InlineData("/certifications/api/v1/certifications", "catalog")]
    [InlineData("/content/api/v1/learn/readiness-check", "catalog")]
    [InlineData("/compliance/api/v1/checks", "catalog")]
    [InlineData("/dashboard/api/v1/trade-items/x/00614141123452/images", "catalog")]
    [InlineData("/resolver/api/v1/rules", "catalog")]
    [InlineData("/.well-known/gs1resolver", "catalog")]
    [InlineData("/01/09506000134352", "catalog")]
    [InlineData("/01/09506000134352/10/ABC123/21/12345", "catalog")]
    [InlineData("/00/106141412345678908", "catalog")]
    [InlineData("/253/4602443000331XYZ", "catalog")]
    [InlineData("/255/9521141123454", "catalog")]
    [InlineData("/401/9521141ABC", "catalog")]
    [InlineData("/402/95211410000000011", "catalog")]
    [InlineData("/414/9521141123454", "catalog")]
    [InlineData("/417/9521141123454", "catalog")]
    [InlineData("/8003/09521141000003ABC", "catalog")]
    [InlineData("/8004/9521141XYZ", "catalog")]
    [InlineData("/8006/095211410000041102", "catalog")]
    [InlineData("/8010/9521141ABC", "catalog")]
    [InlineData("/8013/9521141GMN", "catalog")]
    [InlineData("/8017/952114100000000018", "catalog")]
    [InlineData("/8018/952114100000000025", "catalog")]
    [InlineData("/ARHKVAdpQg", "catalog")]                                   // compressed Digital Link URIs
    [InlineData("/HxHKVAdpQgZzjr-hCDKigI", "catalog")]
    [InlineData("/retailers/api/v1/organizations/abc/in-store-offers", "offers")]
    [InlineData("/integrations/shopify/webhooks/orders-create", "offers")]
    [InlineData("/locations/api/v1/openapi.json", "locations")]
    [InlineData("/search/api/v1/search", "search")]
    [InlineData("/account/api/v1/me", "accounts")]
    [InlineData("/account/api/v1", "accounts")]
    [InlineData("/.well-known/api-catalog", "accounts")]
    [InlineData("/.well-known/oauth-authorization-server", "accounts")]
    public async Task Each_public_prefix_reaches_its_service_with_the_path_unchanged(string path, string service)
    {
        var echo = await (await client.GetAsync(path)).ReadEchoAsync();

        Assert.Equal(service, echo.Service);
        Assert.Equal(path, echo.Path);
        Assert.Equal("GET", echo.Method);
    }

    [Fact]
    public async Task The_method_query_string_and_body_reach_the_service()
    {
        var response = await client.PostAsJsonAsync("/retailers/api/v1/retailers?page=2&page_size=10", new { name = "Corner shop" });

        var echo = await response.ReadEchoAsync();
        Assert.Equal("offers", echo.Service);
        Assert.Equal("POST", echo.Method);
        Assert.Equal("?page=2&page_size=10", echo.Query);
        Assert.True(echo.BodyBytes > 0);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/nothing/here")]
    [InlineData("/products/api/v2/products")]
    [InlineData("/02/09506000134352")]
    [InlineData("/accounts/api/v1/me")]
    [InlineData("/favicon.ico")]
    [InlineData("/ARHKVAdp")]                     // too short for a compressed Digital Link
    [InlineData("/ARHKVAdpQg/more")]
    [InlineData("/products")]
    [InlineData("/internal/api/v1/api-keys/verify")]
    [InlineData("/internal")]
    public async Task A_path_no_service_serves_answers_404_problem(string path)
    {
        var response = await client.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_404_is_problem_json_even_for_a_browser_that_asks_for_html()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/nothing/here");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task The_gateway_answers_health_itself()
    {
        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"Healthy\"", await response.Content.ReadAsStringAsync());
        Assert.Single(response.Headers.GetValues("X-Request-Id"));
    }
}
