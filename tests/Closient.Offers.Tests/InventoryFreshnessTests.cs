using System.Net;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Offers.Tests;

/// <summary>stale_inventory: the last inventory sync is more than 48 hours old, on the service's clock, on every offer output.</summary>
public sealed class InventoryFreshnessTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    [Fact]
    public async Task A_synced_offer_turns_stale_after_48_hours_and_fresh_again_with_the_next_sync()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = fx.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var (_, product, _) = await fx.SharedAsync();
        var org = Guid.CreateVersion7();
        var store = await fx.SeedStoreAsync(org);
        using var client = factory.CreateDefaultClient(new InternalTokenHandler(fx.Tokens, Caller.ForOrganization(org, Roles.Owner)));

        var created = await (await client.PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{product}}", "physical_store_id": "{{store}}", "source": "pos_sync", "quantity_on_hand": 3}""")).ExpectAsync(HttpStatusCode.Created);
        var manual = await (await client.PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{product}}", "physical_store_id": "{{store}}", "sku": "NO-STOCK"}""")).ExpectAsync(HttpStatusCode.Created);
        var path = OffersFixture.Offer(created.Str("id"));
        clock.Advance(TimeSpan.FromHours(47));
        var at47 = await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromHours(2));
        var at49 = await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        var listed = await (await client.GetAsync(OffersFixture.OrganizationOffers(org))).ExpectAsync(HttpStatusCode.OK);
        var aisleOnly = await (await client.PutJsonAsync(path, """{"aisle": "4"}""")).ExpectAsync(HttpStatusCode.OK);
        var synced = await (await client.PutJsonAsync(path, """{"quantity_on_hand": 2}""")).ExpectAsync(HttpStatusCode.OK);
        ShortId.TryParse(created.Str("id"), out var offerId);
        var (staleEvent, _) = await fx.Bus.WaitForAsync<OfferUpserted>(e => e.OfferId == offerId && e.StaleInventory);

        Assert.Equal(clock.GetUtcNow().AddHours(-49).ToUnixTimeMilliseconds(), created.GetProperty("last_inventory_sync").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.False(created.GetProperty("stale_inventory").GetBoolean());
        Assert.False(at47.GetProperty("stale_inventory").GetBoolean());
        Assert.True(at49.GetProperty("stale_inventory").GetBoolean());
        var byId = listed.GetProperty("data").EnumerateArray().ToDictionary(o => o.Str("id"));
        Assert.True(byId[created.Str("id")].GetProperty("stale_inventory").GetBoolean());
        Assert.False(byId[manual.Str("id")].GetProperty("stale_inventory").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, manual.GetProperty("last_inventory_sync").ValueKind);
        Assert.True(aisleOnly.GetProperty("stale_inventory").GetBoolean());
        Assert.Equal(created.GetProperty("last_inventory_sync").GetDateTimeOffset(), staleEvent.LastInventorySync);
        Assert.False(synced.GetProperty("stale_inventory").GetBoolean());
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), synced.GetProperty("last_inventory_sync").GetDateTimeOffset().ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task An_integration_may_state_when_it_last_synced_but_not_in_the_future()
    {
        var (org, product, store) = await fx.SharedAsync();
        var threeDaysAgo = DateTimeOffset.UtcNow.AddDays(-3);

        var replayed = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{product}}", "physical_store_id": "{{store}}", "sku": "REPLAY", "quantity_on_hand": 1, "last_inventory_sync": "{{threeDaysAgo:O}}"}"""))
            .ExpectAsync(HttpStatusCode.Created);
        var future = await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{product}}", "physical_store_id": "{{store}}", "sku": "FUTURE", "last_inventory_sync": "{{DateTimeOffset.UtcNow.AddHours(1):O}}"}""");
        var noOffset = await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{product}}", "physical_store_id": "{{store}}", "sku": "LOCAL", "last_inventory_sync": "2026-01-01T10:00:00"}""");

        Assert.True(replayed.GetProperty("stale_inventory").GetBoolean());
        Assert.Equal(threeDaysAgo.ToUnixTimeMilliseconds(), replayed.GetProperty("last_inventory_sync").GetDateTimeOffset().ToUnixTimeMilliseconds());
        await ProblemAssert.AssertAsync(future, 422, "VALIDATION_ERROR", "last_inventory_sync");
        await ProblemAssert.AssertAsync(noOffset, 422, "VALIDATION_ERROR", "last_inventory_sync");
    }
}
