using System.Diagnostics;
using System.Net;
using Closient.Gateway.Tests.Infrastructure;

namespace Closient.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ForwardingErrorTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_service_that_stalls_answers_504_problem_after_the_configured_timeout()
    {
        using var client = fixture.CreateClient();
        var clock = Stopwatch.StartNew();

        var response = await client.GetAsync("/search/api/v1/stall");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout, "GATEWAY_TIMEOUT");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_service_that_nothing_listens_for_answers_502_problem()
    {
        using var client = fixture.Broken.CreateHttpClient(fixture.ApiKey);

        var response = await client.GetAsync("/01/09506000134352");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "BAD_GATEWAY");
    }

    [Theory]
    [InlineData("/search/api/v1/search")]
    [InlineData("/retailers/api/v1/retailers")]
    [InlineData("/locations/api/v1/locations")]
    public async Task A_service_with_no_configured_address_answers_503_problem(string path)
    {
        using var client = fixture.Broken.CreateHttpClient(fixture.ApiKey);

        var response = await client.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
    }

    [Fact]
    public async Task An_error_response_still_carries_the_callers_request_id()
    {
        using var client = fixture.Broken.CreateHttpClient(fixture.ApiKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/products/api/v1/products") { Content = new StringContent("{}") };
        request.Headers.Add("X-Request-Id", "retry-1");

        var response = await client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "BAD_GATEWAY");
        Assert.Equal("retry-1", problem.GetProperty("request_id").GetString());
    }
}
