using System.Net.Http.Json;
using System.Text.Json;
using Closient.Contracts.Accounts;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Locations.Tests;

/// <summary>The publishable-key store locator: one organization's published stores, nearest first.</summary>
public sealed class PublicLocatorTests(LocationsFixture fx) : IClassFixture<LocationsFixture>
{
    const string Path = "/locations/api/v1/public/locations";

    [Fact]
    public async Task A_publishable_key_sees_its_organizations_published_stores_nearest_first_with_the_organization()
    {
        var org = LocationsFixture.NewOrganization();
        var other = LocationsFixture.NewOrganization();
        var (lat, lon) = LocationsFixture.RandomPoint();
        await fx.Bus.PublishAsync(new OrganizationCreated(IdOf(org), "Corner Grocers Inc.", "US", false, DateTimeOffset.UtcNow));
        var far = await fx.CreateAsync(org, new { name = "Far (40 km)", lat = lat + 0.36, lon, phone = "555 0100", website = "https://far.example" });
        await fx.CreateAsync(org, new { name = "Near (1 km)", lat = lat + 0.009, lon, address = "1 Near Rd" });
        await fx.CreateAsync(org, new { name = "Out of the default radius (60 km)", lat = lat + 0.54, lon });
        await fx.CreateAsync(org, new { name = "Draft (0 km)", lat, lon, is_published = false });
        await fx.CreateAsync(other, new { name = "Someone else's (0 km)", lat, lon });
        var client = Publishable(org);
        await Eventually.TrueAsync(async () => (await LocateAsync(client, lat, lon)).GetProperty("organization").GetProperty("name").GetString() != "",
            TimeSpan.FromSeconds(15), "the organization's name arrives from OrganizationCreated");

        var result = await LocateAsync(client, lat, lon);

        Assert.Equal(["locations", "organization"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal(org, result.GetProperty("organization").GetProperty("id").GetString());
        Assert.Equal("Corner Grocers Inc.", result.GetProperty("organization").GetProperty("name").GetString());
        var locations = result.GetProperty("locations").EnumerateArray().ToList();
        Assert.Equal(["Near (1 km)", "Far (40 km)"], locations.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal(["id", "name", "address", "lat", "lon", "distance_km", "phone", "website"], locations[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal(far.GetProperty("id").GetString(), locations[1].GetProperty("id").GetString());
        Assert.Equal("555 0100", locations[1].GetProperty("phone").GetString());
        Assert.Equal("https://far.example", locations[1].GetProperty("website").GetString());
        Assert.Equal("1 Near Rd", locations[0].GetProperty("address").GetString());
        Assert.InRange(locations[0].GetProperty("distance_km").GetDouble(), 0.95, 1.05);
        Assert.InRange(locations[1].GetProperty("distance_km").GetDouble(), 39, 41);

        var top = await LocateAsync(client, lat, lon, "&limit=1");
        Assert.Equal(["Near (1 km)"], top.GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        var wide = await LocateAsync(client, lat, lon, "&radius=5000");
        Assert.Equal(3, wide.GetProperty("locations").GetArrayLength());
        var tight = await LocateAsync(client, lat, lon, "&radius=0.5");
        Assert.Empty(tight.GetProperty("locations").EnumerateArray());
    }

    [Fact]
    public async Task An_organization_the_service_has_not_heard_of_has_an_empty_name()
    {
        var org = LocationsFixture.NewOrganization();
        var (lat, lon) = LocationsFixture.RandomPoint();

        var result = await LocateAsync(Publishable(org), lat, lon);

        Assert.Equal(org, result.GetProperty("organization").GetProperty("id").GetString());
        Assert.Equal("", result.GetProperty("organization").GetProperty("name").GetString());
        Assert.Empty(result.GetProperty("locations").EnumerateArray());
    }

    [Fact]
    public async Task A_publishable_key_cannot_reach_another_organizations_stores()
    {
        var org = LocationsFixture.NewOrganization();
        var other = LocationsFixture.NewOrganization();
        var (lat, lon) = LocationsFixture.RandomPoint();
        await fx.CreateAsync(other, new { name = "Theirs", lat, lon });

        var response = await Publishable(org).GetAsync(Query(lat, lon, $"&organization_id={other}"));

        await ProblemAssert.AssertAsync(response, 404, "NOT_FOUND");
        var own = await LocateAsync(Publishable(org), lat, lon, $"&organization_id={org}");
        Assert.Empty(own.GetProperty("locations").EnumerateArray());
    }

    [Fact]
    public async Task Secret_keys_get_their_single_organization_or_name_one_and_the_anonymous_token_gets_404()
    {
        var org = LocationsFixture.NewOrganization();
        var (lat, lon) = LocationsFixture.RandomPoint();
        await fx.CreateAsync(org, new { name = "Shop", lat, lon });
        var user = new Caller(Guid.CreateVersion7(), null, ApiKeyFormat.User,
            new Dictionary<Guid, string> { [IdOf(org)] = Roles.Viewer, [Guid.CreateVersion7()] = Roles.Owner }, []);

        var own = await LocateAsync(fx.ClientFor(org, Roles.Viewer), lat, lon);
        Assert.Equal(["Shop"], own.GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        await ProblemAssert.AssertAsync(await fx.ClientAs(user).GetAsync(Query(lat, lon)), 422, "VALIDATION_ERROR", "organization_id");
        var named = await LocateAsync(fx.ClientAs(user), lat, lon, $"&organization_id={org}");
        Assert.Single(named.GetProperty("locations").EnumerateArray());
        var outsider = await LocateAsync(fx.ClientFor(LocationsFixture.NewOrganization()), lat, lon, $"&organization_id={org}");
        Assert.Single(outsider.GetProperty("locations").EnumerateArray());
        await ProblemAssert.AssertAsync(await fx.AnonymousClient().GetAsync(Query(lat, lon)), 404, "NOT_FOUND");
    }

    [Theory]
    [InlineData("lon=0", "lat")]
    [InlineData("lat=0", "lon")]
    [InlineData("lat=90.5&lon=0", "lat")]
    [InlineData("lat=0&lon=0&radius=0", "radius")]
    [InlineData("lat=0&lon=0&radius=20001", "radius")]
    [InlineData("lat=0&lon=0&limit=0", "limit")]
    [InlineData("lat=0&lon=0&limit=101", "limit")]
    [InlineData("lat=0&lon=0&limit=2.5", "limit")]
    [InlineData("lat=0&lon=0&limit=ten", "limit")]
    [InlineData("lat=0&lon=0&organization_id=%27%20OR%201=1", "organization_id")]
    public async Task Bad_queries_get_422_naming_the_field(string query, string field)
    {
        var response = await Publishable(LocationsFixture.NewOrganization()).GetAsync($"{Path}?{query}");

        await ProblemAssert.AssertAsync(response, 422, "VALIDATION_ERROR", field);
    }

    HttpClient Publishable(string org) => fx.ClientAs(Caller.ForOrganization(IdOf(org), Roles.ReadOnly, ApiKeyFormat.Publishable));

    static string Query(double lat, double lon, string extra = "") => FormattableString.Invariant($"{Path}?lat={lat}&lon={lon}{extra}");

    static async Task<JsonElement> LocateAsync(HttpClient client, double lat, double lon, string extra = "") =>
        await client.GetFromJsonAsync<JsonElement>(Query(lat, lon, extra));

    static Guid IdOf(string shortId)
    {
        ShortId.TryParse(shortId, out var id);
        return id;
    }
}
