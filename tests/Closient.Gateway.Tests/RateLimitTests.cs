using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Gateway.Auth;
using Closient.Gateway.RateLimiting;
using Closient.Gateway.Tests.Infrastructure;
using Closient.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Gateway.Tests;

/// <summary>
/// Per-key limits, and the per-address throttles of keyless public calls, through real HTTP on a gateway
/// of its own whose clock the test holds (30 s into a UTC minute), so a minute boundary never falls
/// between two requests; and the keyless limiter's windows directly.
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

    // Keyless calls to the throttled public endpoints, per client address (spec/conventions.md §6).

    static Task<HttpResponseMessage> OpenSessionAsync(HttpClient client) =>
        client.PostAsJsonAsync("/search/api/v1/search/session", new { query = "milk" });

    [Fact]
    public async Task The_31st_keyless_session_in_a_minute_from_one_address_is_429_with_the_throttles_headers()
    {
        using var client = gateway.CreateHttpClient();
        for (var i = 1; i <= 30; i++)
        {
            var response = await OpenSessionAsync(client);
            await response.ReadEchoAsync();
            Assert.Equal("30;w=60", Assert.Single(response.Headers.GetValues("RateLimit-Policy")));
            Assert.Equal((30 - i).ToString(), Assert.Single(response.Headers.GetValues("RateLimit-Remaining")));
        }

        var refused = await OpenSessionAsync(client);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("RATE_LIMITED", problem.GetProperty("error_code").GetString());
        Assert.Equal(30, problem.GetProperty("retry_after_seconds").GetInt32());
        Assert.Contains("keyless calls from your address", problem.GetProperty("detail").GetString());
        Assert.Equal("30", Assert.Single(refused.Headers.GetValues("Retry-After")));

        clock.Advance(TimeSpan.FromSeconds(30)); // the next UTC minute
        await (await OpenSessionAsync(client)).ReadEchoAsync();
    }

    [Fact]
    public async Task A_call_with_a_key_counts_against_the_key_not_the_address()
    {
        using var anonymous = gateway.CreateHttpClient();
        for (var i = 0; i < 30; i++) await (await OpenSessionAsync(anonymous)).ReadEchoAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await OpenSessionAsync(anonymous)).StatusCode);

        var key = ApiKeyFormat.Generate(ApiKeyFormat.User);
        fixture.Accounts.Knows(ApiKeyFormat.Hash(key), Guid.NewGuid(), ApiKeyFormat.User);
        using var keyed = gateway.CreateHttpClient(key);
        var response = await OpenSessionAsync(keyed);
        await response.ReadEchoAsync();
        Assert.Equal("300;w=60, 10000;w=86400", Assert.Single(response.Headers.GetValues("RateLimit-Policy")));
    }

    [Fact]
    public async Task Unthrottled_public_endpoints_carry_no_rate_limit_headers()
    {
        using var client = gateway.CreateHttpClient();
        for (var i = 0; i < 40; i++)
        {
            var response = await client.PostAsJsonAsync("/locations/api/v1/public/widget-events", new { type = "view" });
            await response.ReadEchoAsync();
            Assert.False(response.Headers.Contains("RateLimit-Policy"));
        }
    }

    static EndpointRule Rule(string method, string path) => PublicEndpoints.Match(method, new PathString(path))!;

    [Fact]
    public void The_readiness_check_allows_10_a_minute_and_30_an_hour_and_reports_the_tighter_window()
    {
        var limiter = new AnonymousRateLimiter(clock);
        var rule = Rule("POST", "/content/api/v1/learn/readiness-check");
        var address = IPAddress.Parse("203.0.113.7");
        Assert.Equal("10;w=60, 30;w=3600", rule.AnonymousPolicyHeader);

        for (var minute = 0; minute < 3; minute++)
        {
            for (var i = 0; i < 10; i++) Assert.True(limiter.TryAcquire(rule, address)!.Value.Allowed);
            var refused = limiter.TryAcquire(rule, address)!.Value;
            Assert.False(refused.Allowed);
            // Minute by minute until the hour's 30 are used up; then the hour is the tighter window.
            Assert.Equal(minute < 2 ? 60 : 3600, refused.WindowSeconds);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var hourly = limiter.TryAcquire(rule, address)!.Value;
        Assert.False(hourly.Allowed);
        Assert.Equal(30, hourly.Limit);
        Assert.Equal(3600 - 210, hourly.RetryAfterSeconds); // now 12:03:30; the UTC hour ends at 13:00
        Assert.True(limiter.TryAcquire(rule, IPAddress.Parse("203.0.113.8"))!.Value.Allowed); // another address
    }

    [Fact]
    public void IPv6_clients_count_per_64_block_and_mapped_IPv4_as_IPv4()
    {
        Assert.Equal(AnonymousRateLimiter.ClientOf(IPAddress.Parse("2001:db8:1:2::1")), AnonymousRateLimiter.ClientOf(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.NotEqual(AnonymousRateLimiter.ClientOf(IPAddress.Parse("2001:db8:1:2::1")), AnonymousRateLimiter.ClientOf(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("198.51.100.4", AnonymousRateLimiter.ClientOf(IPAddress.Parse("::ffff:198.51.100.4")));

        var limiter = new AnonymousRateLimiter(clock);
        var rule = Rule("GET", "/resolver/api/v1/verify/01/09521101530018/21/SN1");
        for (var i = 0; i < 60; i++) Assert.True(limiter.TryAcquire(rule, IPAddress.Parse($"2001:db8:1:2::{i + 1:x}"))!.Value.Allowed);
        Assert.False(limiter.TryAcquire(rule, IPAddress.Parse("2001:db8:1:2::abcd"))!.Value.Allowed);
    }

    [Fact]
    public void Ended_windows_are_swept_and_endpoints_without_a_throttle_are_not_tracked()
    {
        var limiter = new AnonymousRateLimiter(clock);
        Assert.Null(limiter.TryAcquire(Rule("POST", "/locations/api/v1/public/widget-events"), IPAddress.Loopback));
        var search = Rule("GET", "/search/api/v1/search");
        for (var i = 0; i < 100; i++) limiter.TryAcquire(search, IPAddress.Parse($"192.0.2.{i}"));
        Assert.Equal(100, limiter.TrackedClients);

        clock.Advance(TimeSpan.FromMinutes(2));
        limiter.TryAcquire(search, IPAddress.Parse("192.0.2.200"));
        Assert.Equal(1, limiter.TrackedClients);
    }
}
