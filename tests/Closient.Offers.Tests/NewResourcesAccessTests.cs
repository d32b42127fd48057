using System.Net;
using System.Text;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Offers.Tests;

/// <summary>
/// Retailers, stores, online offers and promotions against each kind of caller: reads need View (every
/// member role), writes ManageOffers (owner, manager, editor); an outsider, a publishable key of the
/// organization and the anonymous token get 404 NOT_FOUND, never 403, and nothing is written.
/// </summary>
public sealed class NewResourcesAccessTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    const string Outsider = "outsider", Publishable = "publishable", Anonymous = "anonymous";
    static readonly string[] Everyone = [Roles.Owner, Roles.Manager, Roles.Editor, Roles.Billing, Roles.Viewer, Outsider, Publishable, Anonymous];
    static readonly string[] Members = [Roles.Owner, Roles.Manager, Roles.Editor, Roles.Billing, Roles.Viewer];
    static readonly string[] Managers = [Roles.Owner, Roles.Manager, Roles.Editor];

    sealed record World(Guid Org, string Retailer, string Store, string OnlineStore, string Offer, string OnlineOffer, string Promotion, Guid Location);

    static readonly Dictionary<string, (bool Write, HttpStatusCode Status, Func<HttpClient, World, Task<HttpResponseMessage>> Call)> Endpoints = new()
    {
        ["create retailer"] = (true, HttpStatusCode.Created, (c, w) => c.PostJsonAsync(OffersFixture.Org(w.Org) + "/retailers", """{"name": "New"}""")),
        ["list retailers"] = (false, HttpStatusCode.OK, (c, w) => c.GetAsync(OffersFixture.Org(w.Org) + "/retailers")),
        ["get retailer"] = (false, HttpStatusCode.OK, (c, w) => c.GetAsync($"/retailers/api/v1/retailers/{w.Retailer}")),
        ["patch retailer"] = (true, HttpStatusCode.OK, (c, w) => c.PatchAsync($"/retailers/api/v1/retailers/{w.Retailer}", Json("""{"category": "x"}"""))),
        ["delete retailer"] = (true, HttpStatusCode.Conflict, (c, w) => c.DeleteAsync($"/retailers/api/v1/retailers/{w.Retailer}")),
        ["list physical stores"] = (false, HttpStatusCode.OK, (c, w) => c.GetAsync(OffersFixture.Org(w.Org) + "/physical-stores")),
        ["get physical store"] = (false, HttpStatusCode.OK, (c, w) => c.GetAsync($"/retailers/api/v1/physical-stores/{w.Store}")),
        ["patch physical store"] = (true, HttpStatusCode.OK, (c, w) => c.PatchAsync($"/retailers/api/v1/physical-stores/{w.Store}", Json("""{"name": "x"}"""))),
        ["delete physical store"] = (true, HttpStatusCode.Conflict, (c, w) => c.DeleteAsync($"/retailers/api/v1/physical-stores/{w.Store}")),
        ["create online store"] = (true, HttpStatusCode.Created, (c, w) => c.PostJsonAsync(OffersFixture.Org(w.Org) + "/online-stores",
            $$"""{"retailer_id": "{{w.Retailer}}", "name": "Web", "currency": "USD"}""")),
        ["get online store"] = (false, HttpStatusCode.OK, (c, w) => c.GetAsync($"/retailers/api/v1/online-stores/{w.OnlineStore}")),
        ["list online offers"] = (false, HttpStatusCode.OK, (c, w) => c.GetAsync(OffersFixture.Org(w.Org) + "/online-offers")),
        ["get online offer"] = (false, HttpStatusCode.OK, (c, w) => c.GetAsync($"/retailers/api/v1/online-offers/{w.OnlineOffer}")),
        ["update online offer"] = (true, HttpStatusCode.OK, (c, w) => c.PutJsonAsync($"/retailers/api/v1/online-offers/{w.OnlineOffer}", """{"sku": "x"}""")),
        ["list promotions"] = (false, HttpStatusCode.OK, (c, w) => c.GetAsync($"/retailers/api/v1/in-store-offers/{w.Offer}/promotions")),
        ["create promotion"] = (true, HttpStatusCode.Created, (c, w) => c.PostJsonAsync($"/retailers/api/v1/in-store-offers/{w.Offer}/promotions",
            """{"promotional_price": 1, "start_date": "2026-01-01", "end_date": "2026-01-31"}""")),
        ["update promotion"] = (true, HttpStatusCode.OK, (c, w) => c.PutJsonAsync($"/retailers/api/v1/in-store-promotions/{w.Promotion}", """{"description": "x"}""")),
        ["delete promotion"] = (true, HttpStatusCode.NoContent, (c, w) => c.DeleteAsync($"/retailers/api/v1/in-store-promotions/{w.Promotion}")),
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
        var (write, status, call) = Endpoints[endpoint];
        var world = await BuildAsync();
        var outbox = await fx.OutboxCountAsync();
        var state = await StateAsync(world.Org);

        var response = await call(Client(caller, world.Org), world);

        if ((write ? Managers : Members).Contains(caller))
        {
            await response.ExpectAsync(status);
            return;
        }
        await ProblemAssert.AssertAsync(response, 404, "NOT_FOUND");
        Assert.Equal(outbox, await fx.OutboxCountAsync());
        Assert.Equal(state, await StateAsync(world.Org));
    }

    /// <summary>Everything the organization has, as text: a refused call must leave it unchanged.</summary>
    Task<string> StateAsync(Guid org) => fx.Database.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT string_agg(concat(name, category, updated_at, deleted_at), ',' ORDER BY id) FROM offers.retailers WHERE organization_id = @org),
            (SELECT string_agg(concat(name, updated_at), ',' ORDER BY id) FROM offers.physical_stores WHERE organization_id = @org),
            (SELECT string_agg(concat(name, updated_at), ',' ORDER BY id) FROM offers.online_stores WHERE organization_id = @org),
            (SELECT string_agg(concat(sku, updated_at), ',' ORDER BY id) FROM offers.online_offers WHERE organization_id = @org),
            (SELECT string_agg(concat(description, updated_at), ',' ORDER BY id) FROM offers.promotions WHERE organization_id = @org))
        """, new { org });

    HttpClient Client(string caller, Guid org) => caller switch
    {
        Outsider => fx.ClientFor(Guid.CreateVersion7(), Roles.Owner),
        Publishable => fx.ClientAs(new Caller(null, Guid.CreateVersion7(), ApiKeyFormat.Publishable, new Dictionary<Guid, string> { [org] = Roles.Owner }, [])),
        Anonymous => fx.AnonymousClient(),
        _ => fx.ClientFor(org, caller),
    };

    async Task<World> BuildAsync()
    {
        var (_, product, _) = await fx.SharedAsync();
        var org = Guid.CreateVersion7();
        var client = fx.ClientFor(org);
        var retailer = (await (await client.PostJsonAsync(OffersFixture.Org(org) + "/retailers", """{"name": "Mine"}""")).ExpectAsync(HttpStatusCode.Created)).Str("id");
        ShortId.TryParse(retailer, out var retailerId);
        var location = await fx.SeedLocationAsync(org);
        var store = await fx.CreateStoreAsync(org, location, retailerId);
        var onlineStore = await fx.SeedOnlineStoreAsync(org);
        var offer = (await (await client.PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{product}}", "physical_store_id": "{{store}}", "price": 3}""")).ExpectAsync(HttpStatusCode.Created)).Str("id");
        var onlineOffer = (await (await client.PostJsonAsync(OffersFixture.Org(org) + "/online-offers",
            $$"""{"product_id": "{{product}}", "online_store_id": "{{onlineStore}}"}""")).ExpectAsync(HttpStatusCode.Created)).Str("id");
        var promotion = (await (await client.PostJsonAsync($"/retailers/api/v1/in-store-offers/{offer}/promotions",
            """{"promotional_price": 2, "start_date": "2026-01-01", "end_date": "2026-12-31"}""")).ExpectAsync(HttpStatusCode.Created)).Str("id");
        return new World(org, retailer, ShortId.Encode(store), ShortId.Encode(onlineStore), offer, onlineOffer, promotion, location);
    }

    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
