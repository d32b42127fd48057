using System.Net;
using System.Text.Json;
using Closient.Gateway.Tests.Infrastructure;
using Closient.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Gateway.Tests;

/// <summary>
/// Per-key limits through real HTTP, on a gateway of its own whose clock the test holds (30 s into a
/// UTC minute), so a minute boundary never falls between two requests.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RateLimitTests(GatewayFixture fixture) : IAsyncLifetime
{
    static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 30, TimeSpan.Zero);

    readonly ManualTimeProvider clock = new(Start);
    GatewayHost gateway = null!;

    public Task InitializeAsync()
    {
        gateway = new GatewayHost(fixture.Settings, services => services.AddSingleton<TimeProvider>(clock)).Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    string NewKey(int perMinute = 0)
    {
        var key = ApiKeyFormat.Generate(ApiKeyFormat.Business);
        fixture.Accounts.Knows(ApiKeyFormat.Hash(key), Guid.NewGuid(), ApiKeyFormat.Business, perMinute: perMinute);
        return key;
    }

    static async Task AssertRateLimitedAsync(HttpResponseMessage response, int limit, int retryAfter)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("RATE_LIMITED", problem.GetProperty("error_code").GetString());
        Assert.True(problem.GetProperty("retryable").GetBoolean());
        Assert.Equal(retryAfter, problem.GetProperty("retry_after_seconds").GetInt32());
        Assert.Equal(retryAfter.ToString(), Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.Equal(limit.ToString(), Assert.Single(response.Headers.GetValues("RateLimit-Limit")));
        Assert.Equal("0", Assert.Single(response.Headers.GetValues("RateLimit-Remaining")));
    }

    [Fact]
    public async Task The_301st_request_in_a_minute_answers_429_with_Retry_After()
    {
        using var client = gateway.CreateHttpClient(NewKey());

        for (var i = 1; i <= 300; i++)
        {
            var response = await client.GetAsync("/products/api/v1/products");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"request {i}: {(int)response.StatusCode}");
            Assert.Equal((300 - i).ToString(), Assert.Single(response.Headers.GetValues("RateLimit-Remaining")));
        }

        await AssertRateLimitedAsync(await client.GetAsync("/products/api/v1/products"), limit: 300, retryAfter: 30);
    }

    [Fact]
    public async Task A_keys_own_limit_applies_and_a_new_minute_admits_it_again()
    {
        using var client = gateway.CreateHttpClient(NewKey(perMinute: 3));
        for (var i = 0; i < 3; i++)
            await (await client.GetAsync("/search/api/v1/search")).ReadEchoAsync();

        var refused = await client.GetAsync("/products/api/v1/products");
        await AssertRateLimitedAsync(refused, limit: 3, retryAfter: 30);
        Assert.Equal("3;w=60, 10000;w=86400", Assert.Single(refused.Headers.GetValues("RateLimit-Policy")));

        clock.Advance(TimeSpan.FromSeconds(30));
        var admitted = await client.GetAsync("/products/api/v1/products");
        await admitted.ReadEchoAsync();
        Assert.Equal("2", Assert.Single(admitted.Headers.GetValues("RateLimit-Remaining")));
    }

    [Fact]
    public async Task Keys_are_limited_separately()
    {
        using var first = gateway.CreateHttpClient(NewKey(perMinute: 1));
        using var second = gateway.CreateHttpClient(NewKey(perMinute: 1));

        await (await first.GetAsync("/products/api/v1/products")).ReadEchoAsync();
        await (await second.GetAsync("/products/api/v1/products")).ReadEchoAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.GetAsync("/products/api/v1/products")).StatusCode);
    }
}
