using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Http;

namespace Closient.Locations.Tests;

public sealed class LocationsApiTests(LocationsFixture fx) : IClassFixture<LocationsFixture>
{
    [Fact]
    public async Task Creating_a_location_returns_201_and_publishes_LocationPublished()
    {
        var org = LocationsFixture.NewOrganization();
        var (lat, lon) = LocationsFixture.RandomPoint();

        var created = await fx.CreateAsync(org, new { name = "Corner Grocer", address = "12 Main St", lat, lon, currency = "eur", metadata = new { pos = "shopify" } });

        Assert.Equal(22, created.GetProperty("id").GetString()!.Length);
        Assert.Equal(org, created.GetProperty("organization_id").GetString());
        Assert.Equal(lat, created.GetProperty("lat").GetDouble(), 6);
        Assert.Equal("EUR", created.GetProperty("currency").GetString());
        Assert.Equal("shopify", created.GetProperty("metadata").GetProperty("pos").GetString());
        ShortId.TryParse(created.GetProperty("id").GetString(), out var id);
        var (published, _) = await fx.Bus.WaitForAsync<LocationPublished>(e => e.LocationId == id);
        Assert.Equal("Corner Grocer", published.Name);
        Assert.Equal(lon, published.Longitude, 6);
        Assert.Equal("EUR", published.Currency);
        await Closient.Testing.Eventually.TrueAsync(
            async () => await fx.Database.ScalarAsync<long>("SELECT count(*) FROM locations.outbox WHERE sent_at IS NULL") == 0,
            TimeSpan.FromSeconds(10), "the outbox row is marked sent");
    }

    [Fact]
    public async Task A_location_can_be_read_by_a_shortuuid_or_a_uuid()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org, new { name = "Store", lat = 10.5, lon = 20.25 });
        var shortId = created.GetProperty("id").GetString()!;
        ShortId.TryParse(shortId, out var uuid);

        var byShort = await fx.ClientFor(org).GetFromJsonAsync<JsonElement>($"/locations/api/v1/locations/{shortId}");
        var byUuid = await fx.ClientFor(org).GetFromJsonAsync<JsonElement>($"/locations/api/v1/locations/{uuid}");

        Assert.Equal(shortId, byShort.GetProperty("id").GetString());
        Assert.Equal(shortId, byUuid.GetProperty("id").GetString());
        Assert.Equal("USD", byShort.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Patching_keeps_omitted_fields_and_merges_metadata()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org,
            new { name = "Old", address = "1 Road", lat = 1.0, lon = 2.0, metadata = new { a = "1", b = "2" } });
        var id = created.GetProperty("id").GetString();

        var response = await fx.ClientFor(org).PatchAsJsonAsync($"/locations/api/v1/locations/{id}", new { name = "New", metadata = new Dictionary<string, string?> { ["a"] = "", ["c"] = "3" } });
        var patched = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("New", patched.GetProperty("name").GetString());
        Assert.Equal("1 Road", patched.GetProperty("address").GetString());
        Assert.Equal(1.0, patched.GetProperty("lat").GetDouble(), 6);
        var metadata = patched.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { ["b"] = "2", ["c"] = "3" }, metadata);
    }

    [Fact]
    public async Task Each_change_publishes_a_strictly_newer_version()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org, new { name = "v0", lat = 1.0, lon = 1.0 });
        var id = created.GetProperty("id").GetString();
        ShortId.TryParse(id, out var uuid);

        foreach (var name in new[] { "v1", "v2", "v3" })
            Assert.Equal(HttpStatusCode.OK, (await fx.ClientFor(org).PatchAsJsonAsync($"/locations/api/v1/locations/{id}", new { name })).StatusCode);

        var versions = new List<DateTimeOffset>();
        foreach (var name in new[] { "v0", "v1", "v2", "v3" })
            versions.Add((await fx.Bus.WaitForAsync<LocationPublished>(e => e.LocationId == uuid && e.Name == name)).Message.UpdatedAt);
        Assert.Equal(versions.OrderBy(v => v).Distinct(), versions);
        var stored = await fx.ClientFor(org).GetFromJsonAsync<JsonElement>($"/locations/api/v1/locations/{id}");
        Assert.Equal(versions[^1], stored.GetProperty("updated").GetDateTimeOffset());
    }

    [Fact]
    public async Task Deleting_a_location_returns_204_publishes_LocationRemoved_and_then_404()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org, new { name = "Closing", lat = 3.0, lon = 4.0 });
        var id = created.GetProperty("id").GetString();
        ShortId.TryParse(id, out var uuid);

        var deleted = await fx.ClientFor(org).DeleteAsync($"/locations/api/v1/locations/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await fx.Bus.WaitForAsync<LocationRemoved>(e => e.LocationId == uuid);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.ClientFor(org).GetAsync($"/locations/api/v1/locations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.ClientFor(org).DeleteAsync($"/locations/api/v1/locations/{id}")).StatusCode);
    }

    [Fact]
    public async Task Listing_filters_by_exact_metadata_values()
    {
        var org = LocationsFixture.NewOrganization();
        await fx.CreateAsync(org, new { name = "North", lat = 1.0, lon = 1.0, metadata = new { region = "north", pos = "shopify" } });
        await fx.CreateAsync(org, new { name = "South", lat = 2.0, lon = 1.0, metadata = new { region = "south", pos = "shopify" } });
        await fx.CreateAsync(org, new { name = "Plain", lat = 3.0, lon = 1.0 });
        var client = fx.ClientFor(org);

        async Task<string[]> NamesAsync(string filter) =>
            (await client.GetFromJsonAsync<JsonElement>($"/locations/api/v1/organizations/{org}/locations?{filter}"))
                .GetProperty("data").EnumerateArray().Select(l => l.GetProperty("name").GetString()!).Order().ToArray();

        Assert.Equal(["North", "South"], await NamesAsync("metadata[pos]=shopify"));
        Assert.Equal(["South"], await NamesAsync("metadata[pos]=shopify&metadata[region]=south"));
        Assert.Empty(await NamesAsync("metadata[region]=South"));
        Assert.Equal(["North", "Plain", "South"], await NamesAsync("page=1"));
        var tooLong = await client.GetAsync($"/locations/api/v1/organizations/{org}/locations?metadata[{new string('k', 41)}]=x");
        await Closient.Testing.ProblemAssert.AssertAsync(tooLong, 422, "VALIDATION_ERROR", $"metadata[{new string('k', 41)}]");
    }

    [Fact]
    public async Task Listing_an_organizations_locations_is_paginated()
    {
        var org = LocationsFixture.NewOrganization();
        for (var i = 0; i < 3; i++) await fx.CreateAsync(org, new { name = $"Store {i}", lat = 5.0 + i, lon = 6.0 });

        var page = await fx.ClientFor(org).GetFromJsonAsync<JsonElement>($"/locations/api/v1/organizations/{org}/locations?page=2&page_size=2");

        Assert.Single(page.GetProperty("data").EnumerateArray());
        var pagination = page.GetProperty("pagination");
        Assert.Equal(3, pagination.GetProperty("total_count").GetInt32());
        Assert.Equal(2, pagination.GetProperty("total_pages").GetInt32());
        Assert.False(pagination.GetProperty("has_next").GetBoolean());
        Assert.True(pagination.GetProperty("has_previous").GetBoolean());
    }

    [Fact]
    public async Task Nearby_returns_locations_within_the_radius_nearest_first_with_distance()
    {
        var (lat, lon) = LocationsFixture.RandomPoint();
        var org = LocationsFixture.NewOrganization();
        await fx.CreateAsync(org, new { name = "Far (3 km)", lat = lat + 0.027, lon });
        await fx.CreateAsync(org, new { name = "Near (1 km)", lat = lat + 0.009, lon });
        await fx.CreateAsync(org, new { name = "Out of range (60 km)", lat = lat + 0.54, lon });

        var result = await fx.ClientFor(org).GetFromJsonAsync<JsonElement>(FormattableString.Invariant($"/locations/api/v1/locations?lat={lat}&lon={lon}&radius=5"));
        var locations = result.GetProperty("data").EnumerateArray().ToList();

        Assert.Equal(2, result.GetProperty("pagination").GetProperty("total_count").GetInt64());
        Assert.Equal(["Near (1 km)", "Far (3 km)"], locations.Select(l => l.GetProperty("name").GetString()));
        Assert.InRange(locations[0].GetProperty("distance_km").GetDouble(), 0.95, 1.05);
        Assert.InRange(locations[1].GetProperty("distance_km").GetDouble(), 2.9, 3.1);
    }

    [Theory]
    [InlineData("lat=91&lon=0", "lat")]
    [InlineData("lat=0&lon=-181", "lon")]
    [InlineData("lat=abc&lon=0", "lat")]
    [InlineData("lon=0", "lat")]
    [InlineData("lat=0&lon=0&radius=0", "radius")]
    [InlineData("lat=0&lon=0&radius=-5", "radius")]
    [InlineData("lat=0&lon=0&radius=50000", "radius")]
    [InlineData("lat=0&lon=0&page_size=101", "page_size")]
    [InlineData("lat=0&lon=0&page=0", "page")]
    [InlineData("lat=NaN&lon=0", "lat")]
    public async Task Nearby_with_bad_coordinates_returns_422_naming_the_field(string query, string field)
    {
        var response = await fx.ClientFor(LocationsFixture.NewOrganization()).GetAsync($"/locations/api/v1/locations?{query}");

        await Closient.Testing.ProblemAssert.AssertAsync(response, 422, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task Nearby_pages_are_stable_and_count_every_published_location_in_range()
    {
        var (lat, lon) = LocationsFixture.RandomPoint();
        var org = LocationsFixture.NewOrganization();
        for (var i = 1; i <= 5; i++)
            await fx.CreateAsync(org, new { name = $"Store {i}", lat = lat + 0.001 * i, lon });
        await fx.CreateAsync(org, new { name = "Draft", lat, lon, is_published = false });
        var client = fx.ClientFor(org);

        async Task<JsonElement> PageAsync(int page) =>
            await client.GetFromJsonAsync<JsonElement>(FormattableString.Invariant($"/locations/api/v1/locations?lat={lat}&lon={lon}&radius=2&page={page}&page_size=2"));

        var pages = new[] { await PageAsync(1), await PageAsync(2), await PageAsync(3), await PageAsync(4) };

        Assert.Equal(["Store 1", "Store 2", "Store 3", "Store 4", "Store 5"],
            pages.SelectMany(p => p.GetProperty("data").EnumerateArray()).Select(l => l.GetProperty("name").GetString()));
        var pagination = pages[0].GetProperty("pagination");
        Assert.Equal(5, pagination.GetProperty("total_count").GetInt64());
        Assert.Equal(3, pagination.GetProperty("total_pages").GetInt32());
        Assert.True(pagination.GetProperty("has_next").GetBoolean());
        Assert.False(pages[2].GetProperty("pagination").GetProperty("has_next").GetBoolean());
        Assert.Empty(pages[3].GetProperty("data").EnumerateArray());
    }
}
