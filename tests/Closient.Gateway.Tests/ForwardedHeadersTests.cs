using Closient.Gateway.Tests.Infrastructure;

namespace Closient.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ForwardedHeadersTests(GatewayFixture fixture)
{
    readonly HttpClient client = fixture.CreateClient();

    [Fact]
    public async Task The_service_sees_the_callers_address_scheme_and_host()
    {
        var echo = await (await client.GetAsync("/locations/api/v1/locations")).ReadEchoAsync();

        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
        Assert.Equal(fixture.Gateway.Address.Authority, echo.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task Forwarded_headers_sent_by_the_caller_are_replaced_not_trusted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/locations/api/v1/locations");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var echo = await (await client.SendAsync(request)).ReadEchoAsync();

        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
        Assert.Equal(fixture.Gateway.Address.Authority, echo.Header("X-Forwarded-Host"));
    }
}
