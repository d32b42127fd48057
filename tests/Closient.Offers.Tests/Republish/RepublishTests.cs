using System.Net;
using System.Text.Json;
using Closient.Contracts.Offers;
using Closient.Offers.Republish;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Closient.Offers.Tests.Republish;

/// <summary><c>republish</c>: one outbox row per organization's retailer and per offer, equal to what the writes published; batched and resumable.</summary>
public sealed class RepublishTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    sealed record Row(Guid Id, string MessageType, string Payload);

    NpgsqlDataSource Db => fx.Factory.Services.GetRequiredService<NpgsqlDataSource>();
    Outbox Outbox => fx.Factory.Services.GetRequiredService<Outbox>();
    static RepublishKind Kind(string name) => OffersRepublish.Kinds(TimeProvider.System).Single(k => k.Name == name);

    async Task<Guid> MarkAsync() => await fx.Database.ScalarAsync<Guid?>("SELECT id FROM offers.outbox ORDER BY id DESC LIMIT 1") ?? Guid.Empty;

    async Task<IReadOnlyList<Row>> RowsAfterAsync(Guid mark) =>
        await fx.Database.QueryAsync<Row>("SELECT id, message_type, payload::text AS payload FROM offers.outbox WHERE id > @mark ORDER BY id", new { mark });

    static IEnumerable<T> Payloads<T>(IEnumerable<Row> rows) =>
        rows.Where(r => r.MessageType == typeof(T).FullName).Select(r => JsonSerializer.Deserialize<T>(r.Payload)!);

    static Guid Id(JsonElement e)
    {
        Assert.True(ShortId.TryParse(e.Str("id"), out var id));
        return id;
    }

    [Fact]
    public async Task Retailers_and_offers_are_written_once_each_as_the_events_the_writes_published()
    {
        var org = Guid.CreateVersion7();
        var client = fx.ClientFor(org);
        var retailer = Id(await (await client.PostJsonAsync(OffersFixture.Org(org) + "/retailers",
            """{"name": "Corner Grocer", "website": "https://corner.example.com", "category": "grocery", "marketplace_regions": ["US", "CA"]}"""))
            .ExpectAsync(HttpStatusCode.Created));
        var store = await fx.CreateStoreAsync(org, await fx.SeedLocationAsync(org), retailer);
        var online = await fx.SeedOnlineStoreAsync(org);
        var offers = new List<Guid>();
        foreach (var sku in new[] { "A-1", "A-2", "A-3" })
            offers.Add(Id(await (await client.PostJsonAsync(OffersFixture.OrganizationOffers(org), $$"""
                {"product_id": "{{ShortId.Encode(await fx.SeedProductAsync())}}", "physical_store_id": "{{ShortId.Encode(store)}}", "sku": "{{sku}}", "price": 2.49}
                """)).ExpectAsync(HttpStatusCode.Created)));
        var onlineOffer = Id(await (await client.PostJsonAsync(OffersFixture.Org(org) + "/online-offers", $$"""
            {"product_id": "{{ShortId.Encode(await fx.SeedProductAsync())}}", "online_store_id": "{{ShortId.Encode(online)}}", "sku": "W-1", "url": "https://shop.example.com/p/1", "price_amount": 1299}
            """)).ExpectAsync(HttpStatusCode.Created));
        await (await client.DeleteAsync(OffersFixture.Offer(ShortId.Encode(offers[2])))).ExpectAsync(HttpStatusCode.NoContent);
        var liveRetailer = (await fx.Bus.WaitForAsync<RetailerCreated>(e => e.RetailerId == retailer)).Message;
        var liveOffers = new List<OfferUpserted>();
        foreach (var id in offers.Take(2).Append(onlineOffer))
            liveOffers.Add((await fx.Bus.WaitForAsync<OfferUpserted>(e => e.OfferId == id)).Message);
        await fx.Bus.WaitForAsync<OfferRemoved>(e => e.OfferId == offers[2]);

        var mark = await MarkAsync();
        var output = new StringWriter();
        foreach (var kind in OffersRepublish.Kinds(TimeProvider.System))
            await Republisher.RunAsync(Db, Outbox, kind, null, batchSize: 2, output, CancellationToken.None);

        var rows = await RowsAfterAsync(mark);
        var retailers = Payloads<RetailerCreated>(rows).ToList();
        var upserts = Payloads<OfferUpserted>(rows).ToList();
        Assert.Equal(await fx.Database.ScalarAsync<long>("SELECT count(*) FROM offers.retailers WHERE organization_id IS NOT NULL"), retailers.Count);
        Assert.Equal(await fx.Database.ScalarAsync<long>("SELECT (SELECT count(*) FROM offers.in_store_offers) + (SELECT count(*) FROM offers.online_offers)"),
            upserts.Count);
        Assert.Equal(rows.Count, retailers.Count + upserts.Count);
        Assert.Equal(upserts.Count, upserts.Select(u => u.OfferId).Distinct().Count());
        var again = retailers.Single(r => r.RetailerId == retailer);
        Assert.Equal(liveRetailer with { MarketplaceRegions = [] }, again with { MarketplaceRegions = [] });
        Assert.Equal(["US", "CA"], again.MarketplaceRegions);
        foreach (var live in liveOffers)
            Assert.Equal(live, upserts.Single(u => u.OfferId == live.OfferId));
        Assert.DoesNotContain(upserts, u => u.OfferId == offers[2]);
        Assert.Empty(Payloads<OfferRemoved>(rows));
        var lines = output.ToString();
        var inStore = await fx.Database.ScalarAsync<long>("SELECT count(*) FROM offers.in_store_offers");
        Assert.Contains($"republishing {inStore} in_store_offers", lines);
        Assert.Contains($"republished {inStore}/{inStore} in_store_offers (last id ", lines);
    }

    [Fact]
    public async Task A_run_resumes_after_an_id_in_batches()
    {
        var (org, product, store) = await fx.SharedAsync();
        for (var i = 0; i < 3; i++)
            await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), $$"""
                {"product_id": "{{ShortId.Encode(product)}}", "physical_store_id": "{{ShortId.Encode(store)}}", "sku": "R-{{Guid.NewGuid():N}}"}
                """)).ExpectAsync(HttpStatusCode.Created);
        var ids = await fx.Database.QueryAsync<Guid>("SELECT id FROM offers.in_store_offers ORDER BY id");

        var mark = await MarkAsync();
        var output = new StringWriter();
        var done = await Republisher.RunAsync(Db, Outbox, Kind("in_store_offers"), ids[0], batchSize: 1, output, CancellationToken.None);

        Assert.Equal(ids.Skip(1).Order(), Payloads<OfferUpserted>(await RowsAfterAsync(mark)).Select(u => u.OfferId).Order());
        Assert.Equal(ids.Count - 1, done);
        Assert.Equal(ids.Count - 1, output.ToString().Split('\n').Count(l => l.StartsWith("republished ")));
    }
}
