using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Testing;

namespace Closient.EndToEnd.Tests;

/// <summary>The security perimeter of the running system: API keys at the gateway, internal tokens at every service.</summary>
[Collection(SystemCollection.Name)]
public sealed class PerimeterTests(SystemFixture system)
{
    public static TheoryData<string?> InvalidKeys => new()
    {
        null,
        "not-a-key",
        "csb_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEf_00000000", // well formed, wrong checksum
        Closient.ServiceDefaults.Auth.ApiKeyFormat.Generate("csb"), // valid checksum, unknown to accounts
    };

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task A_request_without_a_valid_key_gets_401_from_the_gateway(string? key)
    {
        using var client = system.GatewayWith(key);

        var response = await client.GetAsync($"/retailers/api/v1/organizations/{system.OrganizationId}/in-store-offers");

        await ProblemAssert.AssertAsync(response, 401, "UNAUTHORIZED");
    }

    [Theory]
    [InlineData("catalog-api", "/products/api/v1/products/04006381333931")]
    [InlineData("offers-api", "/retailers/api/v1/organizations/2222222222222222222222/in-store-offers")]
    [InlineData("locations-api", "/locations/api/v1/organizations/2222222222222222222222/locations")]
    [InlineData("search-api", "/search/api/v1/local?q=milk&lat=0&lon=0")]
    [InlineData("accounts-api", "/account/api/v1/whoami")]
    public async Task A_request_that_bypasses_the_gateway_gets_401_from_the_service(string resource, string path)
    {
        var endpoint = (await system.ResourceAsync(resource)).GetProperty("endpoint").GetString()!;
        using var direct = new HttpClient { BaseAddress = new Uri(endpoint) };
        direct.DefaultRequestHeaders.Add("X-API-Key", system.Keys["CLOSIENT_API_KEY"]); // a key is not a token

        var response = await direct.GetAsync(path);

        await ProblemAssert.AssertAsync(response, 401, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_keyed_response_carries_the_rate_limit_headers()
    {
        using var client = system.GatewayWith(system.Keys["CLOSIENT_API_KEY"]); // the bootstrapped key: default limits
        var response = await client.GetAsync("/account/api/v1/whoami");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("300;w=60, 10000;w=86400", Assert.Single(response.Headers.GetValues("RateLimit-Policy")));
        Assert.True(int.Parse(Assert.Single(response.Headers.GetValues("RateLimit-Remaining"))) < 300);
        var whoami = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(whoami.GetProperty("organizations").EnumerateArray(), o => o.GetProperty("id").GetString() == system.OrganizationId);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_across_the_gateway_within_one_second()
    {
        var created = await system.Gateway.PostAsJsonAsync($"/account/api/v1/organizations/{system.OrganizationId}/api-keys",
            new { name = "short-lived", role = "editor" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await created.Content.ReadFromJsonAsync<JsonElement>();
        using var client = system.GatewayWith(key.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/api/v1/whoami")).StatusCode); // now cached by the gateway

        var deleted = await system.Gateway.DeleteAsync($"/account/api/v1/organizations/{system.OrganizationId}/api-keys/{key.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/account/api/v1/whoami")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the revoked key is refused");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"revocation took {clock.ElapsedMilliseconds} ms");
    }
}
