using System.Net;
using System.Text.Json;
using Closient.Contracts.Locations;
using Closient.Locations.Republish;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Closient.Locations.Tests.Republish;

/// <summary>
/// <c>republish</c>: per location, the LocationUpserted of its current version, then LocationPublished when published or
/// LocationRemoved (at that version) when not: what the writes published. Deleted locations are gone and not re-published.
/// </summary>
public sealed class RepublishTests(LocationsFixture fx) : IClassFixture<LocationsFixture>
{
    sealed record Row(Guid Id, string MessageType, string Payload);

    NpgsqlDataSource Db => fx.Factory.Services.GetRequiredService<NpgsqlDataSource>();
    Outbox Outbox => fx.Factory.Services.GetRequiredService<Outbox>();

    async Task<Guid> MarkAsync() => await fx.Database.ScalarAsync<Guid?>("SELECT id FROM locations.outbox ORDER BY id DESC LIMIT 1") ?? Guid.Empty;

    async Task<IReadOnlyList<Row>> RowsAfterAsync(Guid mark) =>
        await fx.Database.QueryAsync<Row>("SELECT id, message_type, payload::text AS payload FROM locations.outbox WHERE id > @mark ORDER BY id", new { mark });

    static List<T> Payloads<T>(IEnumerable<Row> rows) =>
        rows.Where(r => r.MessageType == typeof(T).FullName).Select(r => JsonSerializer.Deserialize<T>(r.Payload)!).ToList();

    static Guid Id(JsonElement e)
    {
        Assert.True(ShortId.TryParse(e.GetProperty("id").GetString(), out var id));
        return id;
    }

    [Fact]
    public async Task Each_location_is_written_as_the_events_of_its_current_version()
    {
        var org = LocationsFixture.NewOrganization();
        var client = fx.ClientFor(org);
        var open = Id(await fx.CreateAsync(org, new { name = "Open", lat = 10.5, lon = 20.25, currency = "EUR", phone = "+1 555 0100" }));
        var draft = Id(await fx.CreateAsync(org, new { name = "Draft", lat = 11.0, lon = 21.0, is_published = false }));
        var closedJson = await fx.CreateAsync(org, new { name = "Closed", lat = 12.0, lon = 22.0 });
        var closed = Id(closedJson);
        var gone = await fx.CreateAsync(org, new { name = "Gone", lat = 13.0, lon = 23.0 });
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsync($"/locations/api/v1/locations/{closedJson.GetProperty("id").GetString()}/unpublish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await client.DeleteAsync($"/locations/api/v1/locations/{gone.GetProperty("id").GetString()}")).StatusCode);
        var livePublished = (await fx.Bus.WaitForAsync<LocationPublished>(e => e.LocationId == open)).Message;
        var liveRemoved = (await fx.Bus.WaitForAsync<LocationRemoved>(e => e.LocationId == closed)).Message;
        var liveUpserts = new Dictionary<Guid, LocationUpserted>();
        foreach (var (id, published) in new[] { (open, true), (draft, false), (closed, false) })
            liveUpserts[id] = (await fx.Bus.WaitForAsync<LocationUpserted>(e => e.LocationId == id && e.IsPublished == published)).Message;
        await fx.Bus.WaitForAsync<LocationDeleted>(e => e.LocationId == Id(gone));

        var mark = await MarkAsync();
        var output = new StringWriter();
        var done = await Republisher.RunAsync(Db, Outbox, LocationsRepublish.Kinds.Single(), null, batchSize: 2, output, CancellationToken.None);

        var rows = await RowsAfterAsync(mark);
        var count = await fx.Database.ScalarAsync<long>("SELECT count(*) FROM locations.locations");
        Assert.Equal(count, done);
        Assert.Equal(2 * count, rows.Count);
        var upserts = Payloads<LocationUpserted>(rows);
        Assert.Equal(count, upserts.Select(u => u.LocationId).Distinct().Count());
        foreach (var (id, live) in liveUpserts)
            Assert.Equal(live, upserts.Single(u => u.LocationId == id));
        Assert.Equal(livePublished, Payloads<LocationPublished>(rows).Single(p => p.LocationId == open));
        Assert.Equal(liveRemoved, Payloads<LocationRemoved>(rows).Single(r => r.LocationId == closed));
        // A draft was never announced to discovery; its tombstone at its version is what a stale copy needs.
        Assert.Equal(new LocationRemoved(draft, liveUpserts[draft].OrganizationId, liveUpserts[draft].UpdatedAt),
            Payloads<LocationRemoved>(rows).Single(r => r.LocationId == draft));
        Assert.DoesNotContain(upserts, u => u.LocationId == Id(gone));
        Assert.Empty(Payloads<LocationDeleted>(rows));
        Assert.Contains($"republished {count}/{count} locations (last id ", output.ToString());
    }

    [Fact]
    public async Task A_run_resumes_after_an_id()
    {
        var org = LocationsFixture.NewOrganization();
        for (var i = 0; i < 3; i++) await fx.CreateAsync(org, new { name = $"Resumed {i}", lat = 1.0 + i, lon = 2.0 });
        var ids = await fx.Database.QueryAsync<Guid>("SELECT id FROM locations.locations ORDER BY id");

        var mark = await MarkAsync();
        await Republisher.RunAsync(Db, Outbox, LocationsRepublish.Kinds.Single(), ids[^2], batchSize: 1000, TextWriter.Null, CancellationToken.None);

        var rows = await RowsAfterAsync(mark);
        Assert.Equal([ids[^1]], Payloads<LocationUpserted>(rows).Select(u => u.LocationId));
        Assert.Equal([ids[^1]], Payloads<LocationPublished>(rows).Select(u => u.LocationId));
    }
}
