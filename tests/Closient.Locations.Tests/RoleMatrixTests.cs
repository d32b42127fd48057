using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Locations.Tests;

/// <summary>
/// Each endpoint against each kind of caller: csb keys with each role in the location's organization,
/// an outsider (owner of another organization), a publishable key of the organization and the gateway's
/// anonymous token. Allowed callers get 2xx; the rest get 404, never 403 (spec/conventions.md §3.3),
/// and nothing is written. Stores are managed by whoever manages offers (Permission.ManageOffers).
/// Every case builds its own organization and location.
/// </summary>
public sealed class RoleMatrixTests(LocationsFixture fx) : IClassFixture<LocationsFixture>
{
    const string Owner = "owner", Manager = "manager", Editor = "editor", Billing = "billing", Viewer = "viewer",
        Outsider = "outsider", Publishable = "publishable", Anonymous = "anonymous";

    static readonly string[] Everyone = [Owner, Manager, Editor, Billing, Viewer, Outsider, Publishable, Anonymous];
    static readonly string[] Members = [Owner, Manager, Editor, Billing, Viewer];
    static readonly string[] StoreManagers = [Owner, Manager, Editor];
    static readonly string[] SecretKeys = [Owner, Manager, Editor, Billing, Viewer, Outsider];
    static readonly string[] AnyKey = [Owner, Manager, Editor, Billing, Viewer, Outsider, Publishable];

    sealed record World(string Org, string LocationId, double Lat, double Lon)
    {
        public string Collection => $"/locations/api/v1/organizations/{Org}/locations";
        public string Location => $"/locations/api/v1/locations/{LocationId}";
    }

    static readonly Dictionary<string, (string[] Allowed, int Status, Func<HttpClient, World, Task<HttpResponseMessage>> Call)> Endpoints = new()
    {
        ["create location"] = (StoreManagers, 201, (c, w) => c.PostAsJsonAsync(w.Collection, new { name = "New store", lat = w.Lat, lon = w.Lon })),
        ["list locations"] = (Members, 200, (c, w) => c.GetAsync(w.Collection)),
        ["get location"] = (Members, 200, (c, w) => c.GetAsync(w.Location)),
        ["update location"] = (StoreManagers, 200, (c, w) => c.PatchAsJsonAsync(w.Location, new { name = "Renamed" })),
        ["delete location"] = (StoreManagers, 204, (c, w) => c.DeleteAsync(w.Location)),
        ["nearby locations"] = (SecretKeys, 200, (c, w) => c.GetAsync(FormattableString.Invariant($"/locations/api/v1/locations?lat={w.Lat}&lon={w.Lon}&radius=1"))),
        ["unpublish location"] = (StoreManagers, 200, (c, w) => c.PostAsync(w.Location + "/unpublish", null)),
        ["publish location"] = (StoreManagers, 200, (c, w) => c.PostAsync(w.Location + "/publish", null)),
        ["public store locator"] = (AnyKey, 200, (c, w) => c.GetAsync(FormattableString.Invariant($"/locations/api/v1/public/locations?lat={w.Lat}&lon={w.Lon}"))),
        ["widget beacon"] = (Everyone, 204, (c, w) => c.PostAsJsonAsync("/locations/api/v1/public/widget-events", new { @event = "widget_load" })),
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
    public async Task Only_the_callers_the_role_table_allows_get_through_the_rest_get_404_and_write_nothing(string endpoint, string caller)
    {
        var (allowed, status, call) = Endpoints[endpoint];
        var world = await BuildAsync();
        var before = await SnapshotAsync(world);

        var response = await call(Client(caller, world.Org), world);

        var body = await response.Content.ReadAsStringAsync();
        var permitted = allowed.Contains(caller);
        var expected = permitted ? status : 404;
        Assert.True(expected == (int)response.StatusCode, $"{endpoint} as {caller}: expected {expected}, got {(int)response.StatusCode} {body}");
        if (permitted) return;
        Assert.Contains("NOT_FOUND", body);
        Assert.Equal(before, await SnapshotAsync(world));
    }

    [Fact]
    public async Task Nearby_is_a_cross_organization_read_for_any_secret_key()
    {
        var world = await BuildAsync();
        var user = new Caller(Guid.CreateVersion7(), null, ApiKeyFormat.User, new Dictionary<Guid, string>(), []);
        var query = FormattableString.Invariant($"/locations/api/v1/locations?lat={world.Lat}&lon={world.Lon}&radius=1");

        foreach (var client in new[] { Client(Outsider, world.Org), fx.ClientAs(user) })
        {
            var result = await client.GetFromJsonAsync<JsonElement>(query);
            var found = Assert.Single(result.GetProperty("data").EnumerateArray());
            Assert.Equal(world.LocationId, found.GetProperty("id").GetString());
            Assert.Equal(world.Org, found.GetProperty("organization_id").GetString());
        }
    }

    [Fact]
    public async Task A_refused_caller_gets_404_before_the_body_is_validated()
    {
        var world = await BuildAsync();
        var invalid = new { name = "", lat = 500, lon = 0 };

        foreach (var caller in new[] { Billing, Viewer, Outsider, Publishable, Anonymous })
        {
            var client = Client(caller, world.Org);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync(world.Collection, invalid)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync(world.Location, invalid)).StatusCode);
        }
        var owner = Client(Owner, world.Org);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await owner.PostAsJsonAsync(world.Collection, invalid)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await owner.PatchAsJsonAsync(world.Location, invalid)).StatusCode);
    }

    [Fact]
    public async Task A_malformed_organization_id_is_still_422_for_anyone()
    {
        foreach (var caller in Everyone)
        {
            var client = Client(caller, LocationsFixture.NewOrganization());
            await Closient.Testing.ProblemAssert.AssertAsync(
                await client.PostAsJsonAsync("/locations/api/v1/organizations/not-an-id/locations", new { name = "x", lat = 0, lon = 0 }),
                422, "VALIDATION_ERROR", "organization_id");
            await Closient.Testing.ProblemAssert.AssertAsync(
                await client.GetAsync("/locations/api/v1/organizations/not-an-id/locations"), 422, "VALIDATION_ERROR", "organization_id");
        }
    }

    HttpClient Client(string caller, string org) => caller switch
    {
        Outsider => fx.ClientFor(LocationsFixture.NewOrganization(), Roles.Owner),
        Publishable => fx.ClientAs(Caller.ForOrganization(Id(org), Roles.Owner, ApiKeyFormat.Publishable)),
        Anonymous => fx.AnonymousClient(),
        _ => fx.ClientFor(org, caller),
    };

    async Task<World> BuildAsync()
    {
        var org = LocationsFixture.NewOrganization();
        var (lat, lon) = LocationsFixture.RandomPoint();
        var created = await fx.CreateAsync(org, new { name = "Original", lat, lon });
        return new World(org, created.GetProperty("id").GetString()!, lat, lon);
    }

    /// <summary>What a refused call must not change: the organization's rows (names included) and the outbox.</summary>
    async Task<string> SnapshotAsync(World world)
    {
        var names = await fx.Database.QueryAsync<string>(
            "SELECT name || '@' || updated_at::text FROM locations.locations WHERE organization_id = @org ORDER BY id", new { org = Id(world.Org) });
        var outbox = await fx.Database.ScalarAsync<long>("SELECT count(*) FROM locations.outbox");
        return $"{string.Join(',', names)} | outbox {outbox}";
    }

    static Guid Id(string shortId)
    {
        ShortId.TryParse(shortId, out var id);
        return id;
    }
}
