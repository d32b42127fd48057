using System.Text.Json.Nodes;
using Closient.Contracts.Catalog;
using Closient.Contracts.Offers;
using Closient.Search.Rebuild;
using Closient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Closient.Search.Tests.SearchDriver;

namespace Closient.Search.Tests.Rebuild;

/// <summary>
/// <c>rebuild</c> empties the read model; the owners' re-published current state (new MessageIds, the same versions,
/// in any order) fills it back to what it was, and the same re-publish over a full read model changes nothing.
/// </summary>
public sealed class RebuildTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    readonly SearchDriver _local = new(fx);
    readonly CatalogDriver _catalog = new(fx);

    NpgsqlDataSource Db => fx.Factory.Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>Every live row of the read model, as JSON (tombstones of hard-deleted offers and stores are not re-published, so they are left out).</summary>
    Task<IReadOnlyList<string>> SnapshotAsync() => fx.Database.QueryAsync<string>("""
        SELECT 'products ' || to_jsonb(t)::text FROM (SELECT * FROM search.products ORDER BY id) t
        UNION ALL SELECT 'brands ' || to_jsonb(t)::text FROM (SELECT * FROM search.brands ORDER BY id) t
        UNION ALL SELECT 'retailers ' || to_jsonb(t)::text FROM (SELECT * FROM search.retailers ORDER BY id) t
        UNION ALL SELECT 'stores ' || to_jsonb(t)::text FROM (SELECT * FROM search.stores WHERE removed_at IS NULL ORDER BY id) t
        UNION ALL SELECT 'offers ' || to_jsonb(t)::text FROM (SELECT * FROM search.offers WHERE removed_at IS NULL ORDER BY id) t
        """);

    async Task ReplayAsync(IEnumerable<object> events)
    {
        var ids = new List<Guid>();
        // Dynamic dispatch: the bus publishes under the event's own type, not object.
        foreach (var e in events) ids.Add((Guid)await fx.Bus.PublishAsync((dynamic)e));
        foreach (var id in ids) await fx.Consumed.WaitAsync(id);
    }

    [Fact]
    public async Task A_wiped_read_model_is_refilled_by_the_republished_state_and_answers_as_before()
    {
        var w = CatalogDriver.Word();
        var here = Point.Random();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var product = await _local.ProductAsync($"{w} Cider", updatedAt: t0);
        var store = await _local.StoreAsync(here, updatedAt: t0);
        var offer = await _local.OfferAsync(product, store, price: 3.25m, updatedAt: t0.AddMinutes(1));
        var dropped = await _local.OfferAsync(product, store, price: 9m, updatedAt: t0.AddMinutes(1));
        await _local.PublishAsync(new OfferRemoved(dropped.OfferId, dropped.OrganizationId, dropped.ProductId, dropped.PhysicalStoreId,
            t0.AddMinutes(2), LocationId: dropped.LocationId), dropped.OfferId);
        var brand = CatalogDriver.Brand($"{w} Orchard", updatedAt: t0);
        var goneBrand = CatalogDriver.Brand($"{w} Gone", updatedAt: t0) with { DeletedAt = t0.AddMinutes(1), UpdatedAt = t0.AddMinutes(1) };
        var retailer = CatalogDriver.Retailer($"{w} Market", "grocery");
        await _catalog.ConsumedAsync(brand);
        await _catalog.ConsumedAsync(CatalogDriver.Brand($"{w} Gone", updatedAt: t0) with { BrandId = goneBrand.BrandId });
        await _catalog.ConsumedAsync(goneBrand);
        await _catalog.ConsumedAsync(retailer);
        await _local.WaitForOfferAsync($"{w} cider", here, offer.OfferId);
        await _local.WaitUntilGoneAsync($"{w} cider", here, dropped.OfferId);
        var localBefore = (await _local.LocalAsync($"{w} cider", here))["results"]!.ToJsonString();
        var catalogBefore = (await _catalog.SearchAsync(w))["data"]!.ToJsonString();
        Assert.Equal(3, CatalogDriver.Data(await _catalog.SearchAsync(w)).Count);
        var before = await SnapshotAsync();
        // What the owners' republish sends: the current state of what still exists (the dropped offer is gone from offers).
        object[] current = [product, store, offer, brand, goneBrand, retailer];

        // Over a full read model: the same versions change nothing.
        await ReplayAsync(current);
        Assert.Equal(before, await SnapshotAsync());

        var dryRun = new StringWriter();
        var counted = await ReadModelRebuild.RunAsync(Db, dryRun: true, dryRun, CancellationToken.None);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Contains("dry run: nothing was changed.", dryRun.ToString());

        var output = new StringWriter();
        var removed = await ReadModelRebuild.RunAsync(Db, dryRun: false, output, CancellationToken.None);
        Assert.Equal(counted, removed);
        Assert.True(removed["offers"] >= 2 && removed["inbox"] > 0);
        foreach (var table in ReadModelRebuild.Tables)
            Assert.Equal(0L, await fx.Database.ScalarAsync<long>($"SELECT count(*) FROM search.{table}"));
        Assert.Empty(Hits(await _local.LocalAsync($"{w} cider", here)));
        Assert.Empty(CatalogDriver.Data(await _catalog.SearchAsync(w)));
        var lines = output.ToString();
        Assert.Contains($"removed {removed["offers"]:N0} rows from search.offers", lines);
        Assert.Contains("dotnet run --project services/Closient.Offers -- republish", lines);

        // The republished state, in the worst order (offers before their store and product), refills it.
        await ReplayAsync(current.Reverse());
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(localBefore, (await _local.LocalAsync($"{w} cider", here))["results"]!.ToJsonString());
        Assert.Equal(catalogBefore, (await _catalog.SearchAsync(w))["data"]!.ToJsonString());

        // And a second run of it is a no-op again.
        await ReplayAsync(current);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_command_rejects_unknown_arguments()
    {
        var error = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            Assert.Equal(2, await ReadModelRebuild.RunCommandAsync(["--force"]));
            Assert.Equal(2, await ReadModelRebuild.RunCommandAsync(["--dry-run", "--dry-run"]));
        }
        finally
        {
            Console.SetError(error);
        }
        Assert.Contains(ReadModelRebuild.Usage, captured.ToString());
    }
}
