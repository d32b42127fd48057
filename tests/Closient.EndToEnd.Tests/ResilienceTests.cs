using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using Dapper;
using Npgsql;

namespace Closient.EndToEnd.Tests;

/// <summary>
/// Kill services mid-flow: the publisher (offers) right after it committed offers whose events may
/// still sit in its outbox, and the consumer (search) while events are queued for it. No event is
/// lost (the outbox relays after restart, the queue holds events for the consumer) and none is
/// applied twice (the inbox drops redeliveries, even ones whose payload differs).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ResilienceTests(SystemFixture system)
{
    readonly GatewayClient _api = new(system.Gateway);

    [Fact]
    public async Task Killing_the_publisher_and_the_consumer_mid_flow_loses_no_event_and_applies_none_twice()
    {
        var org = system.OrganizationId;
        var (lat, lon) = TestData.RandomPoint();
        var product = await _api.CreateProductAsync(TestData.NewGtin13(), org, "Kombucha Ginger 330ml");
        var productId = product.GetProperty("id").GetString()!;
        var store = await _api.CreateLocationAsync(org, "Resilient Foods", lat, lon);
        var storeId = store.GetProperty("id").GetString()!;
        await _api.CreateOfferAsync(org, productId, storeId, "SKU-0", 3.00m, 10);

        await KillAsync("search-api");
        for (var i = 1; i <= 10; i++)
        {
            await _api.CreateOfferAsync(org, productId, storeId, $"SKU-{i}", 3.00m + i, 10);
            if (i == 5) await KillAsync("offers-api");
        }
        await KillAsync("offers-api");

        var hits = await Eventually.ValueAsync(async () =>
        {
            try
            {
                var found = GatewayClient.HitsAt(await _api.SearchAsync("kombucha", lat, lon, 2), storeId);
                return found.Count == 11 ? found : null;
            }
            catch (Xunit.Sdk.XunitException) { return null; } // search restarting behind the gateway
        }, TimeSpan.FromSeconds(90), "all 11 offers reach search after both services were killed");
        Assert.Equal(11, hits.Select(h => h.GetProperty("offer").GetProperty("id").GetString()).Distinct().Count());

        ShortId.TryParse(storeId, out var storeUuid);
        await using var db = new NpgsqlConnection(system.DatabaseAdmin);
        var events = (await db.QueryAsync<(Guid Id, string Payload)>(
            "SELECT id, payload::text FROM offers.outbox WHERE message_type LIKE '%.OfferUpserted' AND payload->>'LocationId' = @store",
            new { store = storeUuid.ToString() })).ToList();
        Assert.Equal(11, events.Count);
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM offers.outbox WHERE sent_at IS NULL"));
        Assert.Equal(11, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM search.inbox WHERE message_id = ANY(@ids)",
            new { ids = events.Select(e => e.Id).ToArray() }));

        // Redeliver every event under its original MessageId with a different price: the inbox must drop them all.
        foreach (var (id, payload) in events)
        {
            var evt = JsonSerializer.Deserialize<OfferUpserted>(payload)!;
            await system.Bus.PublishAsync(evt with { PriceAmount = 999.99m, UpdatedAt = DateTimeOffset.UtcNow }, id);
        }
        var sentinel = await _api.CreateOfferAsync(org, productId, storeId, "SKU-sentinel", 1.00m, 1);
        var after = await Eventually.ValueAsync(async () =>
        {
            var found = GatewayClient.HitsAt(await _api.SearchAsync("kombucha", lat, lon, 2), storeId);
            return found.Any(h => h.GetProperty("offer").GetProperty("id").GetString() == sentinel.GetProperty("id").GetString()) ? found : null;
        }, TimeSpan.FromSeconds(30), "an event published after the duplicates is applied");
        Assert.DoesNotContain(after, h => h.GetProperty("offer").GetProperty("price").GetProperty("amount").GetString() == "999.99");
    }

    /// <summary>SIGKILLs a service (no graceful shutdown) and waits until the AppHost has restarted it healthy.</summary>
    async Task KillAsync(string resource)
    {
        var before = await system.ResourceAsync(resource);
        var pid = before.GetProperty("pid").GetInt32();
        using (var process = Process.GetProcessById(pid)) process.Kill();
        await Eventually.TrueAsync(async () =>
        {
            var state = await system.ResourceAsync(resource);
            return state.GetProperty("pid").ValueKind == JsonValueKind.Number && state.GetProperty("pid").GetInt32() != pid
                && state.GetProperty("state").GetString() == "healthy";
        }, TimeSpan.FromSeconds(60), $"{resource} is restarted after being killed");
    }
}
