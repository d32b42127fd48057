using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Http;

namespace Closient.Locations.Tests;

/// <summary>
/// Publication and the events: every version is LocationUpserted; discovery gets LocationPublished while
/// published and LocationRemoved when unpublished or deleted; a delete is also LocationDeleted.
/// </summary>
public sealed class PublicationTests(LocationsFixture fx) : IClassFixture<LocationsFixture>
{
    [Fact]
    public async Task A_new_location_is_published_by_default_and_announced_both_ways()
    {
        var org = LocationsFixture.NewOrganization();

        var created = await fx.CreateAsync(org, new { name = "Default", lat = 1.0, lon = 2.0, currency = "EUR" });

        Assert.True(created.GetProperty("is_published").GetBoolean());
        var id = Id(created);
        var (upserted, _) = await fx.Bus.WaitForAsync<LocationUpserted>(e => e.LocationId == id);
        Assert.True(upserted.IsPublished);
        Assert.Equal("EUR", upserted.Currency);
        Assert.Equal(2.0, upserted.Longitude, 6);
        var (published, _) = await fx.Bus.WaitForAsync<LocationPublished>(e => e.LocationId == id);
        Assert.Equal(upserted.UpdatedAt, published.UpdatedAt);
    }

    [Fact]
    public async Task A_draft_is_announced_only_as_LocationUpserted_and_is_not_nearby()
    {
        var org = LocationsFixture.NewOrganization();
        var (lat, lon) = LocationsFixture.RandomPoint();

        var created = await fx.CreateAsync(org, new { name = "Draft", lat, lon, is_published = false });

        Assert.False(created.GetProperty("is_published").GetBoolean());
        var id = Id(created);
        var (upserted, _) = await fx.Bus.WaitForAsync<LocationUpserted>(e => e.LocationId == id);
        Assert.False(upserted.IsPublished);
        await Closient.Testing.Eventually.TrueAsync(
            async () => await fx.Database.ScalarAsync<long>("SELECT count(*) FROM locations.outbox WHERE sent_at IS NULL") == 0,
            TimeSpan.FromSeconds(10), "the outbox is relayed");
        Assert.DoesNotContain(fx.Bus.Seen<LocationPublished>(), e => e.Message.LocationId == id);
        Assert.DoesNotContain(fx.Bus.Seen<LocationRemoved>(), e => e.Message.LocationId == id);
        Assert.Empty(await NearbyAsync(org, lat, lon));
    }

    [Fact]
    public async Task Unpublishing_and_publishing_again_round_trips_through_search_events_with_increasing_versions()
    {
        var org = LocationsFixture.NewOrganization();
        var (lat, lon) = LocationsFixture.RandomPoint();
        var created = await fx.CreateAsync(org, new { name = "Toggle", lat, lon });
        var id = Id(created);
        var path = $"/locations/api/v1/locations/{created.GetProperty("id").GetString()}";
        var client = fx.ClientFor(org);

        var unpublished = await PostAsync(client, path + "/unpublish");
        Assert.False(unpublished.GetProperty("is_published").GetBoolean());
        Assert.Empty(await NearbyAsync(org, lat, lon));
        var (removed, _) = await fx.Bus.WaitForAsync<LocationRemoved>(e => e.LocationId == id);
        Assert.Equal(unpublished.GetProperty("updated").GetDateTimeOffset(), removed.RemovedAt);

        var republished = await PostAsync(client, path + "/publish");
        Assert.True(republished.GetProperty("is_published").GetBoolean());
        Assert.Single(await NearbyAsync(org, lat, lon));
        var (published, _) = await fx.Bus.WaitForAsync<LocationPublished>(e => e.LocationId == id && e.UpdatedAt > removed.RemovedAt);

        var versions = (await fx.Bus.WaitForAsync<LocationUpserted>(e => e.LocationId == id && e.UpdatedAt == published.UpdatedAt)).Message;
        Assert.True(versions.IsPublished);
        var upserts = fx.Bus.Seen<LocationUpserted>().Where(e => e.Message.LocationId == id).Select(e => (e.Message.UpdatedAt, e.Message.IsPublished)).OrderBy(e => e.UpdatedAt).ToList();
        Assert.Equal([true, false, true], upserts.Select(u => u.IsPublished));
        Assert.Equal(3, upserts.Select(u => u.UpdatedAt).Distinct().Count());
    }

    [Fact]
    public async Task Publish_and_unpublish_are_idempotent_and_write_nothing_when_nothing_changes()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org, new { name = "Steady", lat = 5.0, lon = 5.0 });
        var path = $"/locations/api/v1/locations/{created.GetProperty("id").GetString()}";
        var client = fx.ClientFor(org);
        var outbox = await OutboxAsync();

        var again = await PostAsync(client, path + "/publish");

        Assert.True(again.GetProperty("is_published").GetBoolean());
        Assert.Equal(created.GetProperty("updated").GetDateTimeOffset(), again.GetProperty("updated").GetDateTimeOffset());
        Assert.Equal(outbox, await OutboxAsync());

        var first = await PostAsync(client, path + "/unpublish");
        var afterFirst = await OutboxAsync();
        var second = await PostAsync(client, path + "/unpublish");
        Assert.False(second.GetProperty("is_published").GetBoolean());
        Assert.Equal(first.GetProperty("updated").GetDateTimeOffset(), second.GetProperty("updated").GetDateTimeOffset());
        Assert.Equal(afterFirst, await OutboxAsync());
    }

    [Fact]
    public async Task Patching_is_published_false_removes_the_location_from_discovery()
    {
        var org = LocationsFixture.NewOrganization();
        var (lat, lon) = LocationsFixture.RandomPoint();
        var created = await fx.CreateAsync(org, new { name = "Patched", lat, lon });
        var id = Id(created);

        var response = await fx.ClientFor(org).PatchAsJsonAsync($"/locations/api/v1/locations/{created.GetProperty("id").GetString()}", new { is_published = false, name = "Hidden" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await fx.Bus.WaitForAsync<LocationRemoved>(e => e.LocationId == id);
        var (upserted, _) = await fx.Bus.WaitForAsync<LocationUpserted>(e => e.LocationId == id && e.Name == "Hidden");
        Assert.False(upserted.IsPublished);
        Assert.Empty(await NearbyAsync(org, lat, lon));
    }

    [Fact]
    public async Task Changing_a_draft_announces_only_LocationUpserted()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org, new { name = "Draft", lat = 1.0, lon = 1.0, is_published = false });
        var id = Id(created);

        var response = await fx.ClientFor(org).PatchAsJsonAsync($"/locations/api/v1/locations/{created.GetProperty("id").GetString()}", new { name = "Draft 2" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await fx.Bus.WaitForAsync<LocationUpserted>(e => e.LocationId == id && e.Name == "Draft 2");
        Assert.Equal(2, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM locations.outbox WHERE payload->>'LocationId' = @id", new { id = id.ToString() }));
    }

    [Fact]
    public async Task Deleting_announces_LocationDeleted_and_LocationRemoved_after_the_last_version()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org, new { name = "Gone", lat = 1.0, lon = 1.0, is_published = false });
        var id = Id(created);

        Assert.Equal(HttpStatusCode.NoContent, (await fx.ClientFor(org).DeleteAsync($"/locations/api/v1/locations/{created.GetProperty("id").GetString()}")).StatusCode);

        var (deleted, _) = await fx.Bus.WaitForAsync<LocationDeleted>(e => e.LocationId == id);
        var (removed, _) = await fx.Bus.WaitForAsync<LocationRemoved>(e => e.LocationId == id);
        Assert.Equal(deleted.DeletedAt, removed.RemovedAt);
        Assert.True(deleted.DeletedAt > created.GetProperty("updated").GetDateTimeOffset());
        Assert.Equal(ShortIdOf(org), deleted.OrganizationId);
    }

    [Fact]
    public async Task Publishing_needs_ManageOffers_and_a_refused_caller_changes_nothing()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org, new { name = "Guarded", lat = 1.0, lon = 1.0 });
        var path = $"/locations/api/v1/locations/{created.GetProperty("id").GetString()}/unpublish";

        foreach (var client in new[] { fx.ClientFor(org, "viewer"), fx.ClientFor(org, "billing"), fx.ClientFor(LocationsFixture.NewOrganization()) })
            await Closient.Testing.ProblemAssert.AssertAsync(await client.PostAsync(path, null), 404, "NOT_FOUND");
        await Closient.Testing.ProblemAssert.AssertAsync(await fx.ClientFor(org).PostAsync("/locations/api/v1/locations/not-an-id/publish", null), 404, "NOT_FOUND");

        var stored = await fx.ClientFor(org).GetFromJsonAsync<JsonElement>($"/locations/api/v1/locations/{created.GetProperty("id").GetString()}");
        Assert.True(stored.GetProperty("is_published").GetBoolean());
    }

    async Task<List<JsonElement>> NearbyAsync(string org, double lat, double lon)
    {
        var result = await fx.ClientFor(org).GetFromJsonAsync<JsonElement>(FormattableString.Invariant($"/locations/api/v1/locations?lat={lat}&lon={lon}&radius=1"));
        return result.GetProperty("data").EnumerateArray().ToList();
    }

    static async Task<JsonElement> PostAsync(HttpClient client, string path)
    {
        var response = await client.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    Task<long> OutboxAsync() => fx.Database.ScalarAsync<long>("SELECT count(*) FROM locations.outbox");

    static Guid Id(JsonElement location) => ShortIdOf(location.GetProperty("id").GetString()!);

    static Guid ShortIdOf(string id)
    {
        ShortId.TryParse(id, out var guid);
        return guid;
    }
}
