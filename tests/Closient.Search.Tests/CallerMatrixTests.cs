using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closient.ServiceDefaults.Auth;

namespace Closient.Search.Tests;

/// <summary>
/// Search has no organization-scoped resources, so the role table reduces to the kind of caller:
/// every member role, an outsider organization's key, a publishable key, a user key and the
/// gateway's anonymous token all reach the public session endpoints; local search takes any key
/// (csb, csu, cpk) but not the anonymous token (401). Nothing is ever 404 for a role.
/// </summary>
public sealed class CallerMatrixTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    const string SessionPath = "/search/api/v1/search/session";
    const string Owner = "owner", Manager = "manager", Editor = "editor", Billing = "billing", Viewer = "viewer",
        Outsider = "outsider", Publishable = "publishable", User = "user", Anonymous = "anonymous";

    static readonly string[] Everyone = [Owner, Manager, Editor, Billing, Viewer, Outsider, Publishable, User, Anonymous];
    static readonly string[] KeyCallers = [Owner, Manager, Editor, Billing, Viewer, Outsider, Publishable, User];

    static readonly Dictionary<string, (string[] Allowed, int Status, Func<HttpClient, string, Task<HttpResponseMessage>> Call)> Endpoints = new()
    {
        ["open session"] = (Everyone, 201, (c, _) => c.PostAsJsonAsync(SessionPath, new { query = "oat milk", latitude = 1, longitude = 1 })),
        ["get session"] = (Everyone, 200, (c, session) => c.GetAsync($"{SessionPath}/{session}")),
        ["follow up"] = (Everyone, 200, (c, session) => c.PostAsJsonAsync($"{SessionPath}/{session}/query", new { query = "but cheaper" })),
        ["refine"] = (Everyone, 200, (c, session) => c.PostAsJsonAsync($"{SessionPath}/{session}/refine", new { query = "in red" })),
        ["remove constraint"] = (Everyone, 200, (c, session) => c.DeleteAsync($"{SessionPath}/{session}/constraints/color")),
        ["clear constraints"] = (Everyone, 200, (c, session) => c.DeleteAsync($"{SessionPath}/{session}/constraints")),
        ["end session"] = (Everyone, 204, (c, session) => c.DeleteAsync($"{SessionPath}/{session}")),
        ["local search"] = (KeyCallers, 200, (c, _) => c.GetAsync("/search/api/v1/local?q=oat%20milk&lat=1&lon=1")),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Endpoints.Keys)
            foreach (var caller in Everyone)
                data.Add(endpoint, caller);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_caller_the_endpoint_accepts_gets_through_the_rest_get_401(string endpoint, string caller)
    {
        var (allowed, status, call) = Endpoints[endpoint];
        var org = Guid.CreateVersion7();
        var session = await OpenAsync(fx.Anonymous);
        using var client = fx.ClientAs(CallerOf(caller, org));
        var before = await SessionCountAsync();

        var response = await call(client, session);

        var body = await response.Content.ReadAsStringAsync();
        var expected = allowed.Contains(caller) ? status : 401;
        Assert.True(expected == (int)response.StatusCode, $"{endpoint} as {caller}: expected {expected}, got {(int)response.StatusCode} {body}");
        if (expected == 401) Assert.Equal(before, await SessionCountAsync());
    }

    [Fact]
    public async Task A_session_opened_with_a_user_key_records_the_user()
    {
        var user = Guid.CreateVersion7();
        using var client = fx.ClientAs(new Caller(user, Guid.CreateVersion7(), ApiKeyFormat.User, new Dictionary<Guid, string>(), []));

        var session = await OpenAsync(client);

        Assert.Equal(user, await UserIdOfAsync(session));
    }

    [Theory]
    [InlineData(Anonymous)]
    [InlineData(Owner)]
    [InlineData(Publishable)]
    public async Task A_session_opened_without_a_user_has_no_user(string caller)
    {
        using var client = fx.ClientAs(CallerOf(caller, Guid.CreateVersion7()));

        var session = await OpenAsync(client);

        Assert.Null(await UserIdOfAsync(session));
    }

    [Fact]
    public async Task Anyone_with_the_session_id_can_read_a_user_session()
    {
        using var owner = fx.ClientAs(CallerOf(User, Guid.CreateVersion7()));
        var session = await OpenAsync(owner);

        var response = await fx.Anonymous.GetAsync($"{SessionPath}/{session}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    static Caller CallerOf(string kind, Guid org) => kind switch
    {
        Outsider => Caller.ForOrganization(Guid.CreateVersion7(), Roles.Owner),
        Publishable => Caller.ForOrganization(org, Roles.ReadOnly, ApiKeyFormat.Publishable),
        User => new Caller(Guid.CreateVersion7(), Guid.CreateVersion7(), ApiKeyFormat.User, new Dictionary<Guid, string> { [org] = Roles.Viewer }, []),
        Anonymous => Caller.Anonymous,
        _ => Caller.ForOrganization(org, kind),
    };

    async Task<string> OpenAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync(SessionPath, new { query = "oat milk", latitude = 1, longitude = 1 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["session_id"]!.GetValue<string>();
    }

    Task<long> SessionCountAsync() => fx.Database.ScalarAsync<long>("SELECT count(*) FROM search.sessions");

    Task<Guid?> UserIdOfAsync(string session) =>
        fx.Database.ScalarAsync<Guid?>("SELECT user_id FROM search.sessions WHERE id = @session", new { session });
}
