using System.Net.Http.Json;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;

namespace Closient.Accounts.Tests;

/// <summary>Every endpoint needs a valid internal token; without one it answers 401 UNAUTHORIZED and does nothing.</summary>
public sealed class AuthenticationTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    const string Org = "/account/api/v1/organizations/2222222222222222222222";

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/account/api/v1/whoami" },
        { "GET", "/account/api/v1/organizations" },
        { "POST", "/account/api/v1/organizations" },
        { "GET", Org },
        { "PUT", Org },
        { "DELETE", Org },
        { "GET", Org + "/members" },
        { "POST", Org + "/members" },
        { "GET", Org + "/members/2222222222222222222222" },
        { "PUT", Org + "/members/2222222222222222222222" },
        { "DELETE", Org + "/members/2222222222222222222222" },
        { "GET", Org + "/api-keys" },
        { "POST", Org + "/api-keys" },
        { "GET", Org + "/api-keys/2222222222222222222222" },
        { "PATCH", Org + "/api-keys/2222222222222222222222" },
        { "DELETE", Org + "/api-keys/2222222222222222222222" },
        { "POST", "/internal/api/v1/api-keys/verify" },
    };

    public static TheoryData<string, string, string> Cases => InvalidTokens.Cross(Endpoints);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_request_without_a_valid_token_gets_401(string method, string path, string token)
    {
        using var client = fx.Factory.CreateClient();

        var response = await client.SendAsync(Request(method, path, InvalidTokens.Make(token, fx.Tokens, Owner())));

        await ProblemAssert.AssertAsync(response, 401, "UNAUTHORIZED");
    }

    [Fact]
    public async Task An_org_creation_without_a_token_writes_nothing()
    {
        using var client = fx.Factory.CreateClient();
        var name = "Unauthenticated " + Guid.NewGuid();

        await client.PostAsJsonAsync("/account/api/v1/organizations", new { name, country = "US" });

        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM accounts.organizations WHERE name = @name", new { name }));
    }

    [Fact]
    public async Task The_openapi_document_is_public_and_omits_the_internal_endpoint()
    {
        using var client = fx.Factory.CreateClient();

        var document = await client.GetStringAsync("/account/api/v1/openapi.json");

        Assert.Contains("/account/api/v1/organizations/{org_id}/members", document);
        Assert.Contains("/account/api/v1/whoami", document);
        Assert.DoesNotContain("/internal/", document);
    }

    static Caller Owner() => new(Guid.CreateVersion7(), null, ApiKeyFormat.User, new Dictionary<Guid, string>(), []);

    static HttpRequestMessage Request(string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = JsonContent.Create(new { name = "x", country = "US" });
        if (token is not null) request.Headers.Add(InternalToken.Header, token);
        return request;
    }
}
