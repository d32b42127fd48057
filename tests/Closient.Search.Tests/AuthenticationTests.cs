using System.Net.Http.Json;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;

namespace Closient.Search.Tests;

/// <summary>
/// Every endpoint needs a valid internal token, the public ones included (the gateway sends its
/// anonymous token there); without one it answers 401 UNAUTHORIZED and writes nothing.
/// </summary>
public sealed class AuthenticationTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    const string SessionPath = "/search/api/v1/search/session";

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", SessionPath },
        { "GET", SessionPath + "/doesnotexistdoesnotexistdoesnot1" },
        { "GET", "/search/api/v1/local?q=milk&lat=1&lon=1" },
    };

    public static TheoryData<string, string, string> Cases => InvalidTokens.Cross(Endpoints);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_request_without_a_valid_token_gets_401(string method, string path, string token)
    {
        using var client = fx.Factory.CreateClient();

        var response = await client.SendAsync(Request(method, path, InvalidTokens.Make(token, fx.Tokens, User())));

        await ProblemAssert.AssertAsync(response, 401, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Local_search_refuses_the_anonymous_token_because_it_is_not_a_public_endpoint()
    {
        var response = await fx.Anonymous.GetAsync("/search/api/v1/local?q=milk&lat=1&lon=1");

        await ProblemAssert.AssertAsync(response, 401, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Local_search_refuses_the_anonymous_token_before_validating_the_query()
    {
        var response = await fx.Anonymous.GetAsync("/search/api/v1/local?q=&lat=north&lon=1");

        await ProblemAssert.AssertAsync(response, 401, "UNAUTHORIZED");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not.a.jwt")]
    [InlineData("forged")]
    public async Task A_refused_session_open_writes_nothing(string? token)
    {
        using var client = fx.Factory.CreateClient();
        var query = "unauthenticated " + Guid.NewGuid();
        if (token == "forged") token = new InternalToken(InternalToken.NewSigningKey()).Issue(Caller.Anonymous, DateTimeOffset.UtcNow);
        var request = new HttpRequestMessage(HttpMethod.Post, SessionPath)
        {
            Content = JsonContent.Create(new { query, latitude = 1, longitude = 1 }),
        };
        if (token is not null) request.Headers.Add(InternalToken.Header, token);

        var response = await client.SendAsync(request);

        await ProblemAssert.AssertAsync(response, 401, "UNAUTHORIZED");
        Assert.Equal(0, await fx.Database.ScalarAsync<int>("SELECT count(*)::int FROM search.sessions WHERE base_query = @query", new { query }));
    }

    [Fact]
    public async Task The_openapi_document_and_health_stay_public()
    {
        using var client = fx.Factory.CreateClient();

        var document = await client.GetStringAsync("/search/api/v1/openapi.json");
        var health = await client.GetAsync("/alive");

        Assert.Contains("/search/api/v1/search/session", document);
        Assert.Contains("/search/api/v1/local", document);
        Assert.True(health.IsSuccessStatusCode, $"/alive: {(int)health.StatusCode}");
    }

    static Caller User() => new(Guid.CreateVersion7(), Guid.CreateVersion7(), ApiKeyFormat.User, new Dictionary<Guid, string>(), []);

    static HttpRequestMessage Request(string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = JsonContent.Create(new { query = "milk", latitude = 1, longitude = 1 });
        if (token is not null) request.Headers.Add(InternalToken.Header, token);
        return request;
    }
}
