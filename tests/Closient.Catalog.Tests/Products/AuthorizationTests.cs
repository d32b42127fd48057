using System.Net;
using System.Net.Http.Json;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Products;

/// <summary>Every products endpoint needs a valid internal token; without one it answers 401 UNAUTHORIZED and writes nothing.</summary>
public sealed class AuthenticationTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "" },
        { "GET", "?organization_id={org}" },
        { "GET", "/{gtin}" },
        { "PATCH", "/{gtin}" },
    };

    public static TheoryData<string, string, string> Cases => InvalidTokens.Cross(Endpoints);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task A_request_without_a_valid_token_gets_401(string method, string path, string token) =>
        AssertRefusedAsync(method, path, org => InvalidTokens.Make(token, fx.Tokens, Caller.ForOrganization(org, Roles.Owner)));

    /// <summary>Sends <paramref name="method"/> with a token from <paramref name="token"/> (for the organization that owns a fresh product), expects 401, and checks nothing changed.</summary>
    async Task AssertRefusedAsync(string method, string path, Func<Guid, string?> token)
    {
        var org = Guid.NewGuid();
        var existing = await fx.ClientFor(org.ToString()).CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = ShortId.Encode(org), product_name = "Before" });
        var gtin = method == "POST" ? TestGtins.To14(TestGtins.New13()) : existing.Gtin;
        using var client = fx.Factory.CreateClient();
        var request = new HttpRequestMessage(new HttpMethod(method), Api.Products + path.Replace("{org}", ShortId.Encode(org)).Replace("{gtin}", gtin));
        if (method == "POST") request.Content = JsonContent.Create(new { gtin, organization_id = ShortId.Encode(org), product_name = "After" }, options: Api.Json);
        if (method == "PATCH") request.Content = JsonContent.Create(new { product_name = "After" }, options: Api.Json);
        if (token(org) is { } t) request.Headers.Add(InternalToken.Header, t);

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.products WHERE product_name = 'After'"));
        Assert.Equal(method == "POST" ? 0L : 1L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.outbox WHERE payload->>'Gtin' = @gtin AND message_type = 'Closient.Contracts.Catalog.ProductUpserted'", new { gtin }));
    }

    [Fact]
    public async Task Health_and_the_openapi_document_need_no_token()
    {
        using var client = fx.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/products/api/v1/openapi.json")).StatusCode);
    }
}

/// <summary>
/// Each endpoint against each kind of caller: a csb key of the organization with each role, an owner of
/// another organization (outsider), a publishable cpk key of the organization and the gateway's anonymous
/// token. Allowed callers get 2xx; the rest get 404, never 403 (spec/conventions.md §3.3), and nothing is written.
/// </summary>
public sealed class RoleMatrixTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    const string Owner = "owner", Manager = "manager", Editor = "editor", Billing = "billing", Viewer = "viewer",
        Outsider = "outsider", Publishable = "publishable", Anonymous = "anonymous";

    static readonly string[] Everyone = [Owner, Manager, Editor, Billing, Viewer, Outsider, Publishable, Anonymous];
    static readonly string[] SecretKeys = [Owner, Manager, Editor, Billing, Viewer, Outsider];
    static readonly string[] Members = [Owner, Manager, Editor, Billing, Viewer];
    static readonly string[] ProductEditors = [Owner, Manager, Editor];

    /// <summary>An organization with a claimed product, an unclaimed product and a GTIN nobody has created yet.</summary>
    sealed record World(Guid Org, ProductOut Claimed, ProductOut Unclaimed, string NewGtin)
    {
        public string OrgId => ShortId.Encode(Org);
    }

    enum Effect { Creates, Reads, Patches }

    static readonly Dictionary<string, (string[] Allowed, int Status, Effect Effect, Func<HttpClient, World, Task<HttpResponseMessage>> Call)> Endpoints = new()
    {
        ["create claimed"] = (ProductEditors, 201, Effect.Creates,
            (c, w) => c.PostJsonAsync(Api.Products, new { gtin = w.NewGtin, organization_id = w.OrgId, product_name = "Changed" })),
        ["create unclaimed"] = (SecretKeys, 201, Effect.Creates,
            (c, w) => c.PostJsonAsync(Api.Products, new { gtin = w.NewGtin, product_name = "Changed" })),
        ["read"] = (SecretKeys, 200, Effect.Reads, (c, w) => c.GetAsync($"{Api.Products}/{w.Claimed.Gtin}")),
        ["read unclaimed"] = (SecretKeys, 200, Effect.Reads, (c, w) => c.GetAsync($"{Api.Products}/{w.Unclaimed.Gtin}")),
        ["patch"] = (ProductEditors, 200, Effect.Patches,
            (c, w) => c.PatchJsonAsync($"{Api.Products}/{w.Claimed.Gtin}", new { product_name = "Changed" })),
        // Unclaimed products have no owner to vouch for an edit: nobody may patch them yet (README "Authorization").
        ["patch unclaimed"] = ([], 200, Effect.Patches,
            (c, w) => c.PatchJsonAsync($"{Api.Products}/{w.Unclaimed.Gtin}", new { product_name = "Changed" })),
        ["list"] = (Members, 200, Effect.Reads, (c, w) => c.GetAsync($"{Api.Products}?organization_id={w.OrgId}")),
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
        var (allowed, status, effect, call) = Endpoints[endpoint];
        var world = await BuildAsync();

        var response = await call(ClientFor(caller, world.Org), world);

        var body = await response.Content.ReadAsStringAsync();
        var isAllowed = allowed.Contains(caller);
        var expected = isAllowed ? status : 404;
        Assert.True(expected == (int)response.StatusCode, $"{endpoint} as {caller}: expected {expected}, got {(int)response.StatusCode} {body}");
        if (!isAllowed) await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var changed = await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.products WHERE product_name = 'Changed' AND gtin = ANY(@gtins)",
            new { gtins = new[] { world.NewGtin, world.Claimed.Gtin, world.Unclaimed.Gtin } });
        var events = await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.outbox WHERE payload->>'Gtin' = ANY(@gtins) AND message_type = 'Closient.Contracts.Catalog.ProductUpserted'",
            new { gtins = new[] { world.NewGtin, world.Claimed.Gtin, world.Unclaimed.Gtin } });
        var wrote = isAllowed && effect is Effect.Creates or Effect.Patches;
        Assert.Equal(wrote ? 1L : 0L, changed);
        Assert.Equal(wrote ? 3L : 2L, events);
        if (!wrote)
        {
            var claimed = await (await fx.ClientFor(world.OrgId).GetAsync($"{Api.Products}/{world.Claimed.Gtin}")).ReadAsync<ProductOut>();
            Assert.Equal(world.Claimed.Modified, claimed.Modified);
        }
    }

    [Fact]
    public async Task An_outsider_claiming_for_an_organization_gets_404_before_the_body_is_validated()
    {
        var org = ShortId.Encode(Guid.NewGuid());
        var outsider = fx.ClientFor(ShortId.Encode(Guid.NewGuid()));

        var response = await outsider.PostJsonAsync(Api.Products, new { gtin = "not-a-gtin", organization_id = org, country_of_origin = "ZZ" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_malformed_organization_id_is_still_a_422_for_an_outsider()
    {
        var outsider = fx.ClientFor(ShortId.Encode(Guid.NewGuid()));

        var create = await outsider.PostJsonAsync(Api.Products, new { gtin = TestGtins.New13(), organization_id = "not-an-id" });
        var list = await outsider.GetAsync($"{Api.Products}?organization_id=not-an-id");

        await create.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "organization_id");
        await list.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "organization_id");
    }

    [Fact]
    public async Task An_outsider_listing_with_a_bad_page_gets_404_not_422()
    {
        var outsider = fx.ClientFor(ShortId.Encode(Guid.NewGuid()));

        var response = await outsider.GetAsync($"{Api.Products}?organization_id={ShortId.Encode(Guid.NewGuid())}&page=0");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_user_key_may_read_and_contribute_an_unclaimed_product()
    {
        var user = fx.ClientAs(new Caller(Guid.CreateVersion7(), Guid.CreateVersion7(), ApiKeyFormat.User, new Dictionary<Guid, string>(), []));

        var created = await user.CreateProductAsync(new { gtin = TestGtins.New13(), product_name = "Crowd" });
        var read = await user.GetAsync($"{Api.Products}/{created.Gtin}");

        Assert.False(created.IsClaimed);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    HttpClient ClientFor(string caller, Guid org) => caller switch
    {
        Outsider => fx.ClientFor(ShortId.Encode(Guid.NewGuid()), Roles.Owner),
        Publishable => fx.ClientAs(Caller.ForOrganization(org, Roles.Owner, ApiKeyFormat.Publishable)),
        Anonymous => fx.AnonymousClient(),
        _ => fx.ClientFor(ShortId.Encode(org), caller),
    };

    async Task<World> BuildAsync()
    {
        var org = Guid.NewGuid();
        var owner = fx.ClientFor(ShortId.Encode(org));
        var claimed = await owner.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = ShortId.Encode(org), product_name = "Original" });
        var unclaimed = await owner.CreateProductAsync(new { gtin = TestGtins.New13(), product_name = "Original" });
        return new World(org, claimed, unclaimed, TestGtins.To14(TestGtins.New13()));
    }
}
