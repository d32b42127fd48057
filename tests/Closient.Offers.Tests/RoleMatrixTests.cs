using System.Net;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Offers.Tests;

/// <summary>
/// Each endpoint against each kind of caller (spec/offers.md §3): writes need ManageOffers (owner,
/// manager, editor), reads need View (every member role). An outsider (owner of another organization),
/// a publishable key of the organization (even with the owner role) and the gateway's anonymous token
/// get 404 NOT_FOUND, never 403 (spec/conventions.md §3.3), and a refused request writes nothing.
/// Every case builds its own organization, store and offer.
/// </summary>
public sealed class RoleMatrixTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    const string Outsider = "outsider", Publishable = "publishable", Anonymous = "anonymous";

    static readonly string[] Everyone = [Roles.Owner, Roles.Manager, Roles.Editor, Roles.Billing, Roles.Viewer, Outsider, Publishable, Anonymous];
    static readonly string[] Members = [Roles.Owner, Roles.Manager, Roles.Editor, Roles.Billing, Roles.Viewer];
    static readonly string[] OfferManagers = [Roles.Owner, Roles.Manager, Roles.Editor];

    sealed record World(Guid Org, Guid Product, Guid Store, string OfferId);

    static string CreateBody(World w, string sku) =>
        $$"""{"product_id": "{{ShortId.Encode(w.Product)}}", "physical_store_id": "{{ShortId.Encode(w.Store)}}", "sku": "{{sku}}", "price": 1.25}""";

    static readonly Dictionary<string, (string[] Allowed, HttpStatusCode Status, Func<HttpClient, World, Task<HttpResponseMessage>> Call)> Endpoints = new()
    {
        ["create"] = (OfferManagers, HttpStatusCode.Created, (c, w) => c.PostJsonAsync(OffersFixture.OrganizationOffers(w.Org), CreateBody(w, "NEW"))),
        ["list"] = (Members, HttpStatusCode.OK, (c, w) => c.GetAsync(OffersFixture.OrganizationOffers(w.Org))),
        ["get"] = (Members, HttpStatusCode.OK, (c, w) => c.GetAsync(OffersFixture.Offer(w.OfferId))),
        ["update"] = (OfferManagers, HttpStatusCode.OK, (c, w) => c.PutJsonAsync(OffersFixture.Offer(w.OfferId), """{"aisle": "12", "price": 2.50}""")),
        ["delete"] = (OfferManagers, HttpStatusCode.NoContent, (c, w) => c.DeleteAsync(OffersFixture.Offer(w.OfferId))),
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
    public async Task Only_the_callers_the_role_table_allows_get_through_the_rest_get_404_and_nothing_is_written(string endpoint, string caller)
    {
        var (allowed, status, call) = Endpoints[endpoint];
        var world = await BuildAsync();
        var offer = await ReadOfferAsync(world);
        var outbox = await fx.OutboxCountAsync();

        var response = await call(Client(caller, world.Org), world);

        if (allowed.Contains(caller))
        {
            await response.ExpectAsync(status);
            return;
        }
        await ProblemAssert.AssertAsync(response, 404, "NOT_FOUND");
        Assert.Equal(1, await fx.OfferCountAsync(world.Org));
        Assert.Equal(offer, await ReadOfferAsync(world));
        Assert.Equal(outbox, await fx.OutboxCountAsync());
    }

    /// <summary>The permission is checked first: a refused caller learns nothing from its bad input either.</summary>
    [Theory]
    [InlineData(Outsider)]
    [InlineData(Publishable)]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Billing)]
    public async Task A_refused_caller_gets_404_even_for_an_invalid_body(string caller)
    {
        var world = await BuildAsync();
        var client = Client(caller, world.Org);

        var create = await client.PostJsonAsync(OffersFixture.OrganizationOffers(world.Org),
            $$"""{"product_id": "{{ShortId.Encode(world.Product)}}", "physical_store_id": "{{ShortId.Encode(world.Store)}}", "status": "sold"}""");
        var missing = await client.PostJsonAsync(OffersFixture.OrganizationOffers(world.Org), "{}");
        var update = await client.PutJsonAsync(OffersFixture.Offer(world.OfferId), """{"status": "sold", "product_id": "nope"}""");

        await ProblemAssert.AssertAsync(create, 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(missing, 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(update, 404, "NOT_FOUND");
        Assert.Equal(1, await fx.OfferCountAsync(world.Org));
    }

    [Theory]
    [InlineData(Outsider)]
    [InlineData(Publishable)]
    public async Task A_refused_caller_gets_404_even_for_a_bad_page(string caller)
    {
        var world = await BuildAsync();

        var response = await Client(caller, world.Org).GetAsync(OffersFixture.OrganizationOffers(world.Org) + "?page=0");

        await ProblemAssert.AssertAsync(response, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task A_member_still_gets_422_for_a_malformed_body_id()
    {
        var world = await BuildAsync();

        var response = await fx.ClientFor(world.Org, Roles.Editor).PostJsonAsync(OffersFixture.OrganizationOffers(world.Org),
            $$"""{"product_id": "nope", "physical_store_id": "{{ShortId.Encode(world.Store)}}"}""");

        await ProblemAssert.AssertAsync(response, 422, "VALIDATION_ERROR", "product_id");
    }

    HttpClient Client(string caller, Guid org) => caller switch
    {
        Outsider => fx.ClientFor(Guid.CreateVersion7(), Roles.Owner),
        Publishable => fx.ClientAs(new Caller(null, Guid.CreateVersion7(), ApiKeyFormat.Publishable,
            new Dictionary<Guid, string> { [org] = Roles.Owner }, [])),
        Anonymous => fx.AnonymousClient(),
        _ => fx.ClientFor(org, caller),
    };

    async Task<World> BuildAsync()
    {
        var (_, product, _) = await fx.SharedAsync();
        var org = Guid.CreateVersion7();
        var store = await fx.SeedStoreAsync(org);
        var world = new World(org, product, store, "");
        var offer = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), CreateBody(world, "EXISTING")))
            .ExpectAsync(HttpStatusCode.Created);
        return world with { OfferId = offer.Str("id") };
    }

    async Task<string> ReadOfferAsync(World w) =>
        (await (await fx.ClientFor(w.Org).GetAsync(OffersFixture.Offer(w.OfferId))).ExpectAsync(HttpStatusCode.OK)).GetRawText();
}
