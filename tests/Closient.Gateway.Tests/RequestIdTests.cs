using System.Net;
using Closient.Gateway.Tests.Infrastructure;

namespace Closient.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class RequestIdTests(GatewayFixture fixture)
{
    readonly HttpClient client = fixture.CreateClient();

    [Fact]
    public async Task A_request_without_an_id_gets_a_new_one_that_the_service_and_the_caller_both_see()
    {
        var response = await client.GetAsync("/locations/api/v1/locations");

        var echo = await response.ReadEchoAsync();
        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, echo.Header("X-Request-Id"));
    }

    [Fact]
    public async Task Two_requests_without_an_id_get_different_ids()
    {
        var first = await client.GetAsync("/search/api/v1/search");
        var second = await client.GetAsync("/search/api/v1/search");

        Assert.NotEqual(first.Headers.GetValues("X-Request-Id").Single(), second.Headers.GetValues("X-Request-Id").Single());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("7")]
    [InlineData("client-123.retry_2")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task A_well_formed_incoming_id_is_forwarded_and_echoed_once_unchanged(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/products/api/v1/products");
        request.Headers.Add("X-Request-Id", id);

        var response = await client.SendAsync(request);

        var echo = await response.ReadEchoAsync();
        Assert.Equal(id, echo.Header("X-Request-Id"));
        Assert.Equal(id, Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("semi;colon")]
    [InlineData("<script>")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    public async Task A_malformed_incoming_id_is_replaced_before_it_reaches_the_service(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/products/api/v1/products");
        request.Headers.TryAddWithoutValidation("X-Request-Id", id);

        var response = await client.SendAsync(request);

        var echo = await response.ReadEchoAsync();
        var echoed = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.NotEqual(id, echoed);
        Assert.Matches("^[0-9a-f]{32}$", echoed);
        Assert.Equal(echoed, echo.Header("X-Request-Id"));
    }

    [Fact]
    public async Task Two_incoming_ids_are_replaced_by_one_new_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/products/api/v1/products");
        request.Headers.Add("X-Request-Id", ["first", "second"]);

        var response = await client.SendAsync(request);

        var echo = await response.ReadEchoAsync();
        var echoed = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Matches("^[0-9a-f]{32}$", echoed);
        Assert.Equal(echoed, echo.Header("X-Request-Id"));
    }

    [Fact]
    public async Task A_problem_response_quotes_the_callers_id_in_header_and_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/api");
        request.Headers.Add("X-Request-Id", "trace-me-42");

        var response = await client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("trace-me-42", problem.GetProperty("request_id").GetString());
    }
}
