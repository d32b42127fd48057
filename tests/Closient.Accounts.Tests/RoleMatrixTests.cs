using System.Net.Http.Json;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Accounts.Tests;

/// <summary>
/// Each endpoint against each kind of caller: members with each role, an outsider (a real user of
/// another organization) and a publishable key of the organization. Allowed callers get 2xx; the
/// rest get 404, never 403 (spec/conventions.md §3.3). Every case builds its own organization.
/// </summary>
public sealed class RoleMatrixTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    const string Owner = "owner", Manager = "manager", Editor = "editor", Billing = "billing", Viewer = "viewer",
        Outsider = "outsider", Publishable = "publishable";

    static readonly string[] Everyone = [Owner, Manager, Editor, Billing, Viewer, Outsider, Publishable];
    static readonly string[] Users = [Owner, Manager, Editor, Billing, Viewer, Outsider];
    static readonly string[] Members = [Owner, Manager, Editor, Billing, Viewer];
    static readonly string[] Managers = [Owner, Manager];

    sealed record World(Guid Org, Dictionary<string, HttpClient> Clients, string TargetMember, string Key)
    {
        public string Path => $"/account/api/v1/organizations/{ShortId.Encode(Org)}";
    }

    static readonly Dictionary<string, (string[] Allowed, int Status, Func<HttpClient, World, Task<HttpResponseMessage>> Call)> Endpoints = new()
    {
        ["whoami"] = (Users, 200, (c, _) => c.GetAsync("/account/api/v1/whoami")),
        ["list organizations"] = (Users, 200, (c, _) => c.GetAsync("/account/api/v1/organizations")),
        ["create organization"] = (Users, 201, (c, _) => c.PostAsJsonAsync("/account/api/v1/organizations", new { name = "New", country = "DE" })),
        ["get organization"] = (Members, 200, (c, w) => c.GetAsync(w.Path)),
        ["update organization"] = (Managers, 200, (c, w) => c.PutAsJsonAsync(w.Path, new { name = "Renamed" })),
        ["delete organization"] = ([Owner], 204, (c, w) => c.DeleteAsync(w.Path)),
        ["list members"] = (Members, 200, (c, w) => c.GetAsync(w.Path + "/members")),
        ["add member"] = (Managers, 201, (c, w) => c.PostAsJsonAsync(w.Path + "/members", new { email = AccountsFixture.NewEmail() })),
        ["get member"] = (Members, 200, (c, w) => c.GetAsync($"{w.Path}/members/{w.TargetMember}")),
        ["update member"] = (Managers, 200, (c, w) => c.PutAsJsonAsync($"{w.Path}/members/{w.TargetMember}", new { role = "billing" })),
        ["remove member"] = (Managers, 204, (c, w) => c.DeleteAsync($"{w.Path}/members/{w.TargetMember}")),
        ["list api keys"] = (Managers, 200, (c, w) => c.GetAsync(w.Path + "/api-keys")),
        ["create api key"] = (Managers, 201, (c, w) => c.PostAsJsonAsync(w.Path + "/api-keys", new { name = "ci" })),
        ["get api key"] = (Managers, 200, (c, w) => c.GetAsync($"{w.Path}/api-keys/{w.Key}")),
        ["update api key"] = (Managers, 200, (c, w) => c.PatchAsJsonAsync($"{w.Path}/api-keys/{w.Key}", new { name = "renamed" })),
        ["delete api key"] = (Managers, 204, (c, w) => c.DeleteAsync($"{w.Path}/api-keys/{w.Key}")),
        ["verify api key"] = ([], 200, (c, _) => c.PostAsJsonAsync("/internal/api/v1/api-keys/verify", new { key_hash = new string('a', 64) })),
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
    public async Task Only_the_callers_the_role_table_allows_get_through_the_rest_get_404(string endpoint, string caller)
    {
        var (allowed, status, call) = Endpoints[endpoint];
        var world = await BuildAsync();

        var response = await call(world.Clients[caller], world);

        var body = await response.Content.ReadAsStringAsync();
        var expected = allowed.Contains(caller) ? status : 404;
        Assert.True(expected == (int)response.StatusCode, $"{endpoint} as {caller}: expected {expected}, got {(int)response.StatusCode} {body}");
    }

    async Task<World> BuildAsync()
    {
        var owner = await fx.BootstrapAsync();
        var org = owner.OrganizationId;
        var ownerClient = fx.Owner(owner);
        var clients = new Dictionary<string, HttpClient> { [Owner] = ownerClient };
        foreach (var role in new[] { Manager, Editor, Billing, Viewer })
        {
            var member = await fx.AddMemberAsync(ownerClient, org, AccountsFixture.NewEmail(role), role);
            clients[role] = fx.UserClient(AccountsFixture.IdOf(member, "user_id"), org, role);
        }
        var other = await fx.BootstrapAsync(organization: "Elsewhere");
        clients[Outsider] = fx.Owner(other);
        clients[Publishable] = fx.ClientAs(new Caller(null, Guid.CreateVersion7(), ApiKeyFormat.Publishable,
            new Dictionary<Guid, string> { [org] = Roles.ReadOnly }, []));

        var target = await fx.AddMemberAsync(ownerClient, org, AccountsFixture.NewEmail("target"), Editor);
        var key = await fx.CreateKeyAsync(ownerClient, org, new { name = "existing" });
        return new World(org, clients, target.GetProperty("id").GetString()!, key.GetProperty("id").GetString()!);
    }
}
