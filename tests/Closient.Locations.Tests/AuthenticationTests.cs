using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Locations.Tests;

/// <summary>Every endpoint needs a valid internal token; without one it answers 401 UNAUTHORIZED and does nothing.</summary>
public sealed class AuthenticationTests(LocationsFixture fx) : IClassFixture<LocationsFixture>
{
    const string Org = "/locations/api/v1/organizations/2222222222222222222222/locations";
    const string Location = "/locations/api/v1/locations/2222222222222222222222";

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", Org },
        { "GET", Org },
        { "GET", Location },
        { "PATCH", Location },
        { "DELETE", Location },
        { "GET", "/locations/api/v1/locations?lat=0&lon=0&radius=5" },
        { "POST", Location + "/publish" },
        { "POST", Location + "/unpublish" },
        { "GET", "/locations/api/v1/public/locations?lat=0&lon=0" },
        { "POST", "/locations/api/v1/public/widget-events" },
    };

    public static TheoryData<string, string, string> Cases => InvalidTokens.Cross(Endpoints);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_request_without_a_valid_token_gets_401(string method, string path, string token)
    {
        using var client = fx.Factory.CreateClient();

        var response = await client.SendAsync(Request(method, path, InvalidTokens.Make(token, fx.Tokens, OwnerOf("2222222222222222222222"))));

        await ProblemAssert.AssertAsync(response, 401, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Requests_without_a_valid_token_write_nothing()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org, new { name = "Original", lat = 1.0, lon = 1.0 });
        var location = $"/locations/api/v1/locations/{created.GetProperty("id").GetString()}";
        var outbox = await OutboxCountAsync();
        var forged = new InternalToken(InternalToken.NewSigningKey()).Issue(OwnerOf(org), DateTimeOffset.UtcNow);
        using var client = fx.Factory.CreateClient();

        foreach (var token in new[] { null, "not.a.jwt", forged })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Request("POST", $"/locations/api/v1/organizations/{org}/locations", token))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Request("PATCH", location, token))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Request("DELETE", location, token))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Request("POST", location + "/unpublish", token))).StatusCode);
        }

        var stored = await fx.ClientFor(org).GetFromJsonAsync<JsonElement>(location);
        Assert.Equal("Original", stored.GetProperty("name").GetString());
        Assert.True(stored.GetProperty("is_published").GetBoolean());
        ShortId.TryParse(org, out var orgId);
        Assert.Equal(1, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM locations.locations WHERE organization_id = @orgId", new { orgId }));
        Assert.Equal(outbox, await OutboxCountAsync());
    }

    [Fact]
    public async Task Health_and_the_openapi_document_stay_anonymous()
    {
        using var client = fx.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        var document = await client.GetStringAsync("/locations/api/v1/openapi.json");
        Assert.Contains("/locations/api/v1/organizations/", document);
    }

    Task<long> OutboxCountAsync() => fx.Database.ScalarAsync<long>("SELECT count(*) FROM locations.outbox");

    static Caller OwnerOf(string org)
    {
        ShortId.TryParse(org, out var id);
        return Caller.ForOrganization(id, Roles.Owner);
    }

    static HttpRequestMessage Request(string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PATCH")
            request.Content = JsonContent.Create(new { name = "Changed", lat = 2.0, lon = 2.0 });
        if (token is not null) request.Headers.Add(InternalToken.Header, token);
        return request;
    }
}
