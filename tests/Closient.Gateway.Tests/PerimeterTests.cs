using System.Net;
using Closient.Gateway.Auth;
using Closient.Gateway.Tests.Infrastructure;
using Closient.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Gateway.Tests;

/// <summary>The API-key perimeter through real HTTP: key check, publishable keys, the internal token, rate-limit headers.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PerimeterTests(GatewayFixture fixture)
{
    const string SecretPath = "/products/api/v1/products";
    const string PublicPath = "/search/api/v1/search";
    const string PublishablePath = "/locations/api/v1/public/locations";

    readonly HttpClient anonymous = fixture.Gateway.CreateHttpClient();
    readonly FakeAccounts accounts = fixture.Accounts;

    /// <summary>A new key accounts knows (one per test: the gateway caches answers).</summary>
    string NewKey(string type = ApiKeyFormat.Business, Guid? keyId = null, IReadOnlyDictionary<Guid, string>? organizations = null)
    {
        var key = ApiKeyFormat.Generate(type);
        accounts.Knows(ApiKeyFormat.Hash(key), keyId ?? Guid.NewGuid(), type, organizations: organizations);
        return key;
    }

    Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.TryAddWithoutValidation("X-API-Key", key);
        configure?.Invoke(request);
        return anonymous.SendAsync(request);
    }

    /// <summary>The forwarded internal token, checked with the signing key the gateway shares with the services.</summary>
    async Task<Caller> ForwardedCallerAsync(Echo echo)
    {
        Assert.Null(echo.Header("X-API-Key"));
        var token = echo.Header(InternalToken.Header);
        Assert.False(string.IsNullOrEmpty(token));
        Assert.DoesNotContain(',', token);   // one value: the client's was removed, not appended to
        var caller = await fixture.Tokens.ValidateAsync(token!);
        Assert.NotNull(caller);
        return caller!;
    }

    [Fact]
    public async Task A_secret_endpoint_without_a_key_answers_401_problem()
    {
        var response = await SendAsync(HttpMethod.Get, SecretPath, key: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.False(response.Headers.Contains("RateLimit-Limit"));
    }

    [Fact]
    public async Task A_publishable_endpoint_without_a_key_answers_401_problem()
    {
        var response = await SendAsync(HttpMethod.Get, PublishablePath, key: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    public static TheoryData<string> MalformedKeys()
    {
        var key = ApiKeyFormat.Generate(ApiKeyFormat.Business);
        var badChecksum = key[..^8] + (key[^8..] == "00000000" ? "00000001" : "00000000");
        return new TheoryData<string>
        {
            "not-a-key",
            "csb_short_00000000",
            "xyz" + key[3..],
            badChecksum,
            key.ToUpperInvariant(),
        };
    }

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public async Task A_malformed_or_bad_checksum_key_answers_401_without_asking_accounts(string key)
    {
        var callsBefore = accounts.TotalCalls;

        var onSecret = await SendAsync(HttpMethod.Get, SecretPath, key);
        var onPublic = await SendAsync(HttpMethod.Get, PublicPath, key);

        await ProblemAssert.IsProblemAsync(onSecret, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await ProblemAssert.IsProblemAsync(onPublic, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(callsBefore, accounts.TotalCalls);
        Assert.Equal(0, accounts.CallsFor(ApiKeyFormat.Hash(key)));
    }

    [Fact]
    public async Task An_unknown_key_answers_401_on_secret_and_public_endpoints()
    {
        var key = ApiKeyFormat.Generate(ApiKeyFormat.Business);

        await ProblemAssert.IsProblemAsync(await SendAsync(HttpMethod.Get, SecretPath, key), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await ProblemAssert.IsProblemAsync(await SendAsync(HttpMethod.Get, PublicPath, key), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(1, accounts.CallsFor(ApiKeyFormat.Hash(key)));   // the second answer came from the negative cache
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_after_its_eviction()
    {
        var key = NewKey();
        var hash = ApiKeyFormat.Hash(key);
        await (await SendAsync(HttpMethod.Get, SecretPath, key)).ReadEchoAsync();

        accounts.Forgets(hash);
        fixture.Gateway.Services.GetRequiredService<ApiKeyVerifier>().Evict(hash);   // what ApiKeyRevokedConsumer does

        await ProblemAssert.IsProblemAsync(await SendAsync(HttpMethod.Get, SecretPath, key), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Accounts_failing_answers_503_problem_and_is_not_cached()
    {
        var key = ApiKeyFormat.Generate(ApiKeyFormat.Business);
        var hash = ApiKeyFormat.Hash(key);
        accounts.Fails(hash);

        var response = await SendAsync(HttpMethod.Get, SecretPath, key);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.Business);
        await (await SendAsync(HttpMethod.Get, SecretPath, key)).ReadEchoAsync();
    }

    [Fact]
    public async Task A_publishable_key_on_a_secret_endpoint_answers_403_problem()
    {
        var key = NewKey(ApiKeyFormat.Publishable);

        var response = await SendAsync(HttpMethod.Get, SecretPath, key);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("publishable keys only work on public-read endpoints", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_publishable_key_reaches_the_store_locator()
    {
        var keyId = Guid.NewGuid();
        var key = NewKey(ApiKeyFormat.Publishable, keyId);

        var echo = await (await SendAsync(HttpMethod.Get, PublishablePath, key)).ReadEchoAsync();

        Assert.Equal("locations", echo.Service);
        var caller = await ForwardedCallerAsync(echo);
        Assert.Equal(ApiKeyFormat.Publishable, caller.KeyType);
        Assert.Equal(keyId, caller.ApiKeyId);
    }

    [Theory]
    [InlineData("GET", PublicPath)]
    [InlineData("GET", "/01/09506000134352")]
    [InlineData("GET", "/.well-known/gs1resolver")]
    [InlineData("GET", "/.well-known/api-catalog")]
    [InlineData("GET", "/locations/api/v1/openapi.json")]
    [InlineData("POST", "/search/api/v1/search/session")]
    public async Task A_keyless_request_to_a_public_endpoint_is_forwarded_with_an_anonymous_token(string method, string path)
    {
        var echo = await (await SendAsync(new HttpMethod(method), path, key: null)).ReadEchoAsync();

        var caller = await ForwardedCallerAsync(echo);
        Assert.Equal(Caller.AnonymousKeyType, caller.KeyType);
        Assert.Null(caller.ApiKeyId);
        Assert.Empty(caller.Organizations);
    }

    [Fact]
    public async Task A_keyed_request_is_forwarded_with_a_token_naming_the_caller_and_without_the_key()
    {
        var keyId = Guid.NewGuid();
        var organization = Guid.NewGuid();
        var key = NewKey(ApiKeyFormat.Business, keyId, new Dictionary<Guid, string> { [organization] = Roles.Editor });

        var echo = await (await SendAsync(HttpMethod.Post, "/retailers/api/v1/retailers", key)).ReadEchoAsync();

        var caller = await ForwardedCallerAsync(echo);
        Assert.Equal(keyId, caller.ApiKeyId);
        Assert.Equal(ApiKeyFormat.Business, caller.KeyType);
        Assert.Equal(Roles.Editor, Assert.Single(caller.Organizations, o => o.Key == organization).Value);
    }

    [Fact]
    public async Task A_keyed_request_to_a_public_endpoint_carries_the_callers_token()
    {
        var keyId = Guid.NewGuid();
        var key = NewKey(ApiKeyFormat.User, keyId);

        var echo = await (await SendAsync(HttpMethod.Get, PublicPath, key)).ReadEchoAsync();

        Assert.Equal(keyId, (await ForwardedCallerAsync(echo)).ApiKeyId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_token_the_client_sends_is_replaced(bool keyed)
    {
        // Well signed with the real key and claiming an owner: still not trusted from outside.
        var forged = fixture.Tokens.Issue(Caller.ForOrganization(Guid.NewGuid(), Roles.Owner), DateTimeOffset.UtcNow);
        var key = keyed ? NewKey() : null;

        var response = await SendAsync(HttpMethod.Get, PublicPath, key, r => r.Headers.Add(InternalToken.Header, forged));

        var echo = await response.ReadEchoAsync();
        Assert.NotEqual(forged, echo.Header(InternalToken.Header));
        var caller = await ForwardedCallerAsync(echo);
        Assert.Equal(keyed ? ApiKeyFormat.Business : Caller.AnonymousKeyType, caller.KeyType);
        Assert.Empty(caller.Organizations);
    }

    [Fact]
    public async Task A_keyed_response_carries_the_rate_limit_headers_and_an_unthrottled_keyless_one_does_not()
    {
        var key = NewKey();

        var keyed = await SendAsync(HttpMethod.Get, SecretPath, key);
        var keyless = await SendAsync(HttpMethod.Get, "/01/09521101530018", key: null); // scans are not throttled

        await keyed.ReadEchoAsync();
        Assert.Equal("300;w=60, 10000;w=86400", Assert.Single(keyed.Headers.GetValues("RateLimit-Policy")));
        Assert.Equal("300", Assert.Single(keyed.Headers.GetValues("RateLimit-Limit")));
        Assert.Equal("299", Assert.Single(keyed.Headers.GetValues("RateLimit-Remaining")));
        Assert.InRange(int.Parse(Assert.Single(keyed.Headers.GetValues("RateLimit-Reset"))), 1, 60);
        Assert.Equal("300", Assert.Single(keyed.Headers.GetValues("X-RateLimit-Limit")));
        Assert.Equal("299", Assert.Single(keyed.Headers.GetValues("X-RateLimit-Remaining")));
        Assert.True(long.Parse(Assert.Single(keyed.Headers.GetValues("X-RateLimit-Reset"))) > DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1);
        Assert.False(keyed.Headers.Contains("Retry-After"));

        await keyless.ReadEchoAsync();
        Assert.False(keyless.Headers.Contains("RateLimit-Limit"));
    }

    [Fact]
    public async Task A_keyed_gateway_error_carries_the_rate_limit_headers_too()
    {
        var response = await fixture.Broken.CreateHttpClient(fixture.ApiKey).GetAsync("/products/api/v1/products");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "BAD_GATEWAY");
        Assert.Single(response.Headers.GetValues("RateLimit-Remaining"));
    }

    [Fact]
    public async Task A_cors_preflight_passes_without_a_key_as_an_anonymous_caller()
    {
        var response = await SendAsync(HttpMethod.Options, SecretPath, key: null, r =>
        {
            r.Headers.Add("Origin", "https://shop.example");
            r.Headers.Add("Access-Control-Request-Method", "POST");
            r.Headers.Add(InternalToken.Header, "forged");
        });

        var echo = await response.ReadEchoAsync();
        Assert.Equal("OPTIONS", echo.Method);
        Assert.Equal(Caller.AnonymousKeyType, (await ForwardedCallerAsync(echo)).KeyType);
    }

    [Fact]
    public async Task A_plain_OPTIONS_request_is_not_a_preflight_and_needs_a_key()
    {
        var response = await SendAsync(HttpMethod.Options, SecretPath, key: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Theory]
    [InlineData("GET", "/internal/api/v1/api-keys/verify")]
    [InlineData("POST", "/internal/api/v1/api-keys/verify")]
    [InlineData("GET", "/INTERNAL/anything")]
    public async Task Internal_paths_are_never_routed(string method, string path)
    {
        var callsBefore = accounts.TotalCalls;

        var response = await SendAsync(new HttpMethod(method), path, fixture.ApiKey);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(callsBefore, accounts.TotalCalls);
    }
}
