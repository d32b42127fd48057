using System.Net;
using System.Net.Http.Json;
using Closient.Catalog.Resolution;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Resolution;

/// <summary>
/// Each rules endpoint against each kind of caller. Reads need View (any member role), writes ManageProducts
/// (owner, manager, editor); everyone else (billing and viewer on writes, outsiders, publishable keys, the
/// anonymous token) gets 404 and nothing changes. Without a valid token: 401.
/// </summary>
public sealed class RuleAuthorizationTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    const string Owner = "owner", Manager = "manager", Editor = "editor", Billing = "billing", Viewer = "viewer",
        Outsider = "outsider", Publishable = "publishable", Anonymous = "anonymous";

    static readonly string[] Everyone = [Owner, Manager, Editor, Billing, Viewer, Outsider, Publishable, Anonymous];
    static readonly string[] Members = [Owner, Manager, Editor, Billing, Viewer];
    static readonly string[] RuleEditors = [Owner, Manager, Editor];

    sealed record World(string Org, ResolutionRuleOut Rule);

    static readonly Dictionary<string, (string[] Allowed, int Status, bool Writes, Func<HttpClient, World, Task<HttpResponseMessage>> Call)> Endpoints = new()
    {
        ["list"] = (Members, 200, false, (c, w) => c.GetAsync(Rules.OrgRules(w.Org))),
        ["get"] = (Members, 200, false, (c, w) => c.GetAsync(Rules.Rule(w.Rule.Id))),
        ["create"] = (RuleEditors, 201, true, (c, w) => c.PostJsonAsync(Rules.OrgRules(w.Org), new { scope_type = "ORGANIZATION", order_index = 1, destination_type = "HOSTED_PAGE" })),
        ["patch"] = (RuleEditors, 200, true, (c, w) => c.PatchJsonAsync(Rules.Rule(w.Rule.Id), new { enabled = false })),
        ["delete"] = (RuleEditors, 204, true, (c, w) => c.DeleteAsync(Rules.Rule(w.Rule.Id))),
        ["reorder"] = (RuleEditors, 200, true, (c, w) => c.PostJsonAsync(Rules.Reorder(w.Org), new[] { new { id = w.Rule.Id, order_index = 5 } })),
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
        var (allowed, status, writes, call) = Endpoints[endpoint];
        var org = ShortId.Encode(Guid.CreateVersion7());
        var world = new World(org, await fx.ClientFor(org).CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE" }));

        var response = await call(ClientFor(caller, org), world);

        var isAllowed = allowed.Contains(caller);
        var expected = isAllowed ? status : 404;
        Assert.True(expected == (int)response.StatusCode, $"{endpoint} as {caller}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (!isAllowed) await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(isAllowed && writes ? 2L : 1L, await fx.Database.CountEventsAsync(org));
        if (!(isAllowed && writes))
            Assert.Equivalent(world.Rule, await fx.ClientFor(org).GetRuleAsync(world.Rule.Id), strict: true);
    }

    [Fact]
    public async Task An_outsider_gets_404_before_the_body_is_validated()
    {
        var org = ShortId.Encode(Guid.CreateVersion7());
        var outsider = fx.ClientFor(ShortId.Encode(Guid.CreateVersion7()));

        var create = await outsider.PostJsonAsync(Rules.OrgRules(org), new { scope_type = "NOPE", order_index = -1 });
        var reorder = await outsider.PostJsonAsync(Rules.Reorder(org), new[] { new { id = "bad", order_index = -1 } });
        var malformedOrg = await outsider.GetAsync(Rules.OrgRules("not-an-org"));

        await create.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await reorder.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await malformedOrg.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    public static TheoryData<string, string, string> TokenCases => InvalidTokens.Cross(new TheoryData<string, string>
    {
        { "GET", "list" }, { "POST", "list" }, { "GET", "rule" }, { "PATCH", "rule" }, { "DELETE", "rule" }, { "POST", "reorder" },
    });

    [Theory]
    [MemberData(nameof(TokenCases))]
    public async Task A_request_without_a_valid_token_gets_401_and_changes_nothing(string method, string path, string token)
    {
        var org = Guid.CreateVersion7();
        var orgId = ShortId.Encode(org);
        var rule = await fx.ClientFor(orgId).CreateRuleAsync(orgId, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE" });
        using var client = fx.Factory.CreateClient();
        var url = path switch { "list" => Rules.OrgRules(orgId), "rule" => Rules.Rule(rule.Id), _ => Rules.Reorder(orgId) };
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST" && path == "list") request.Content = JsonContent.Create(new { scope_type = "ORGANIZATION", order_index = 1, destination_type = "HOSTED_PAGE" }, options: Api.Json);
        if (method == "POST" && path == "reorder") request.Content = JsonContent.Create(new[] { new { id = rule.Id, order_index = 3 } }, options: Api.Json);
        if (method == "PATCH") request.Content = JsonContent.Create(new { enabled = false }, options: Api.Json);
        if (InvalidTokens.Make(token, fx.Tokens, Caller.ForOrganization(org, Roles.Owner)) is { } t) request.Headers.Add(InternalToken.Header, t);

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(1L, await fx.Database.CountEventsAsync(orgId));
    }

    [Fact]
    public async Task The_resolver_openapi_document_describes_the_rules_paths()
    {
        using var client = fx.Factory.CreateClient();

        var document = await client.GetStringAsync("/resolver/api/v1/openapi.json");

        Assert.Contains("/resolver/api/v1/organizations/{organization_id}/resolution-rules/reorder", document);
        Assert.Contains("/resolver/api/v1/resolution-rules/{rule_id}", document);
        Assert.DoesNotContain("/products/api/v1/products", document);
    }

    HttpClient ClientFor(string caller, string org) => caller switch
    {
        Outsider => fx.ClientFor(ShortId.Encode(Guid.CreateVersion7()), Roles.Owner),
        Publishable => fx.ClientAs(Caller.ForOrganization(ShortId.TryParse(org, out var id) ? id : Guid.Empty, Roles.Owner, ApiKeyFormat.Publishable)),
        Anonymous => fx.AnonymousClient(),
        _ => fx.ClientFor(org, caller),
    };
}
