using System.Net;
using System.Text.Json;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using Dapper;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Closient.Offers.Tests;

/// <summary>Promotions (spec/offers.md §5): time windows, the cheapest running one is the effective price.</summary>
public sealed class PromotionsTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    static string Promotions(string offerId) => $"/retailers/api/v1/in-store-offers/{offerId}/promotions";
    static string Promotion(string id) => $"/retailers/api/v1/in-store-promotions/{id}";

    async Task<(Guid Org, string OfferId)> OfferAsync(string price = "10.00")
    {
        var (_, product, _) = await fx.SharedAsync();
        var org = Guid.CreateVersion7();
        var store = await fx.SeedStoreAsync(org);
        var offer = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{product}}", "physical_store_id": "{{store}}", "price": "{{price}}"}""")).ExpectAsync(HttpStatusCode.Created);
        return (org, offer.Str("id"));
    }

    static string Window(string price, TimeSpan from, TimeSpan to, string extra = "") =>
        $$"""{"promotional_price": "{{price}}", "start_date": "{{DateTimeOffset.UtcNow.Add(from):O}}", "end_date": "{{DateTimeOffset.UtcNow.Add(to):O}}"{{extra}}}""";

    async Task<JsonElement> GetOfferAsync(Guid org, string offerId) =>
        await (await fx.ClientFor(org).GetAsync(OffersFixture.Offer(offerId))).ExpectAsync(HttpStatusCode.OK);

    [Fact]
    public async Task The_cheapest_running_active_promotion_is_the_effective_price_and_the_offer_is_republished()
    {
        var (org, offerId) = await OfferAsync();
        ShortId.TryParse(offerId, out var offerUuid);
        var client = fx.ClientFor(org);

        var sale = await (await client.PostJsonAsync(Promotions(offerId), Window("8.00", TimeSpan.FromHours(-1), TimeSpan.FromDays(1),
            """, "promotion_type": "SALE", "description": "Spring sale" """))).ExpectAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync(Promotions(offerId), Window("7.00", TimeSpan.FromHours(-1), TimeSpan.FromDays(1), """, "is_active": false""")))
            .ExpectAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync(Promotions(offerId), Window("6.00", TimeSpan.FromDays(1), TimeSpan.FromDays(2))))
            .ExpectAsync(HttpStatusCode.Created);
        var bogo = await (await client.PostJsonAsync(Promotions(offerId), Window("0", TimeSpan.FromHours(-2), TimeSpan.FromHours(2), """, "promotion_type": "BOGO" """)))
            .ExpectAsync(HttpStatusCode.Created);
        var withBogo = await GetOfferAsync(org, offerId);
        var (evt, _) = await fx.Bus.WaitForAsync<OfferUpserted>(e => e.OfferId == offerUuid && e.EffectivePriceMinor == 0);
        await (await client.DeleteAsync(Promotion(bogo.Str("id")))).ExpectAsync(HttpStatusCode.NoContent);
        var withSale = await GetOfferAsync(org, offerId);
        var all = await (await fx.ClientFor(org, Roles.Viewer).GetAsync(Promotions(offerId))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("8.00", sale.Str("promotional_price"));
        Assert.Equal(800, sale.GetProperty("promotional_price_amount").GetInt64());
        Assert.Equal("USD", sale.Str("currency"));
        Assert.Equal(offerId, sale.Str("offer_id"));
        Assert.Equal(sale.Str("id"), sale.Str("short_id"));
        Assert.True(sale.GetProperty("is_running").GetBoolean());
        Assert.Equal("0.00", withBogo.GetProperty("effective_price").Str("amount"));
        Assert.Equal("10.00", withBogo.GetProperty("price").Str("amount"));
        Assert.Equal(1000, evt.PriceAmountMinor);
        Assert.Equal("8.00", withSale.GetProperty("effective_price").Str("amount"));
        Assert.Equal(800, withSale.GetProperty("effective_price_amount").GetInt64());
        Assert.Equal(JsonValueKind.Array, all.ValueKind);
        Assert.Equal(3, all.GetArrayLength());
    }

    [Fact]
    public async Task A_window_must_end_after_it_starts_in_the_api_and_in_the_database()
    {
        var (org, offerId) = await OfferAsync();
        ShortId.TryParse(offerId, out var offerUuid);

        var backwards = await fx.ClientFor(org).PostJsonAsync(Promotions(offerId), Window("5", TimeSpan.FromDays(2), TimeSpan.FromDays(1)));
        var missing = await fx.ClientFor(org).PostJsonAsync(Promotions(offerId), """{"promotion_type": "HALF_OFF", "promotional_price": -1}""");
        var tooPrecise = await fx.ClientFor(org).PostJsonAsync(Promotions(offerId), Window("5.555", TimeSpan.Zero, TimeSpan.FromDays(1)));
        var sameDay = await (await fx.ClientFor(org).PostJsonAsync(Promotions(offerId),
            """{"promotional_price": 5, "start_date": "2026-03-01", "end_date": "2026-03-01"}""")).ExpectAsync(HttpStatusCode.Created);

        await ProblemAssert.AssertAsync(backwards, 422, "VALIDATION_ERROR", "end_date");
        var problem = await ProblemAssert.AssertAsync(missing, 422, "VALIDATION_ERROR");
        Assert.Equal(["end_date", "promotion_type", "promotional_price", "start_date"], problem.ProblemFields().Order());
        await ProblemAssert.AssertAsync(tooPrecise, 422, "VALIDATION_ERROR", "promotional_price");
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), sameDay.GetProperty("start_date").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).AddTicks(-10), sameDay.GetProperty("end_date").GetDateTimeOffset());

        await using var conn = new NpgsqlConnection(fx.Database.ConnectionString);
        var e = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("""
            INSERT INTO offers.promotions (id, organization_id, in_store_offer_id, promotional_price, start_date, end_date, promotion_type, created_at, updated_at)
            VALUES (gen_random_uuid(), @org, @offerUuid, 1, now(), now(), 'SALE', now(), now())
            """, new { org, offerUuid }));
        Assert.Equal("promotions_window", e.ConstraintName);
    }

    [Fact]
    public async Task Updates_are_partial_the_offer_cannot_change_and_others_get_404()
    {
        var (org, offerId) = await OfferAsync();
        var (_, otherOffer) = await OfferAsync();
        var promotion = await (await fx.ClientFor(org).PostJsonAsync(Promotions(offerId), Window("9", TimeSpan.FromHours(-1), TimeSpan.FromDays(1))))
            .ExpectAsync(HttpStatusCode.Created);
        var path = Promotion(promotion.Str("id"));

        var updated = await (await fx.ClientFor(org, Roles.Editor).PutJsonAsync(path, """{"promotional_price": "7.5", "is_active": false}"""))
            .ExpectAsync(HttpStatusCode.OK);
        var moved = await fx.ClientFor(org).PutJsonAsync(path, $$"""{"offer_id": "{{otherOffer}}"}""");
        var inverted = await fx.ClientFor(org).PutJsonAsync(path, $$"""{"end_date": "{{DateTimeOffset.UtcNow.AddDays(-3):O}}"}""");
        var viewer = await fx.ClientFor(org, Roles.Viewer).PutJsonAsync(path, """{"description": "x"}""");
        var outsiderList = await fx.ClientFor(Guid.CreateVersion7()).GetAsync(Promotions(offerId));
        var wrongKind = await fx.ClientFor(org).DeleteAsync($"/retailers/api/v1/online-promotions/{promotion.Str("id")}");

        Assert.Equal(("7.50", false, false), (updated.Str("promotional_price"), updated.GetProperty("is_active").GetBoolean(), updated.GetProperty("is_running").GetBoolean()));
        Assert.Equal(promotion.Str("start_date"), updated.Str("start_date"));
        await ProblemAssert.AssertAsync(moved, 422, "VALIDATION_ERROR", "offer_id");
        await ProblemAssert.AssertAsync(inverted, 422, "VALIDATION_ERROR", "end_date");
        await ProblemAssert.AssertAsync(viewer, 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(outsiderList, 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(wrongKind, 404, "NOT_FOUND");
        Assert.Equal("10.00", (await GetOfferAsync(org, offerId)).GetProperty("effective_price").Str("amount"));
    }

    [Fact]
    public async Task Deleting_an_offer_deletes_its_promotions()
    {
        var (org, offerId) = await OfferAsync();
        var promotion = await (await fx.ClientFor(org).PostJsonAsync(Promotions(offerId), Window("9", TimeSpan.FromHours(-1), TimeSpan.FromDays(1))))
            .ExpectAsync(HttpStatusCode.Created);
        ShortId.TryParse(promotion.Str("id"), out var promotionId);

        await (await fx.ClientFor(org).DeleteAsync(OffersFixture.Offer(offerId))).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM offers.promotions WHERE id = @promotionId", new { promotionId }));
        await ProblemAssert.AssertAsync(await fx.ClientFor(org).DeleteAsync(Promotion(promotion.Str("id"))), 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Online_offers_have_promotions_too()
    {
        var org = Guid.CreateVersion7();
        var store = await fx.SeedOnlineStoreAsync(org, "JPY");
        var (_, product, _) = await fx.SharedAsync();
        var offer = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.Org(org) + "/online-offers",
            $$"""{"product_id": "{{product}}", "online_store_id": "{{store}}", "price": 1200}""")).ExpectAsync(HttpStatusCode.Created);

        var promotion = await (await fx.ClientFor(org).PostJsonAsync($"/retailers/api/v1/online-offers/{offer.Str("id")}/promotions",
            Window("999", TimeSpan.FromHours(-1), TimeSpan.FromDays(1)))).ExpectAsync(HttpStatusCode.Created);
        var read = await (await fx.ClientFor(org).GetAsync($"/retailers/api/v1/online-offers/{offer.Str("id")}")).ExpectAsync(HttpStatusCode.OK);
        await (await fx.ClientFor(org).DeleteAsync($"/retailers/api/v1/online-promotions/{promotion.Str("id")}")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(("999", "JPY"), (promotion.Str("promotional_price"), promotion.Str("currency")));
        Assert.Equal(999, read.GetProperty("effective_price_amount").GetInt64());
    }

    [Fact]
    public async Task A_promotion_stops_counting_when_its_window_ends_on_the_service_clock()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = fx.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var (org, offerId) = await OfferAsync();
        using var client = factory.CreateDefaultClient(new InternalTokenHandler(fx.Tokens, Caller.ForOrganization(org, Roles.Owner)));
        await (await client.PostJsonAsync(Promotions(offerId), Window("4", TimeSpan.FromHours(-1), TimeSpan.FromHours(1)))).ExpectAsync(HttpStatusCode.Created);

        var during = await (await client.GetAsync(OffersFixture.Offer(offerId))).ExpectAsync(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromHours(2));
        var after = await (await client.GetAsync(OffersFixture.Offer(offerId))).ExpectAsync(HttpStatusCode.OK);
        var listed = await (await client.GetAsync(Promotions(offerId))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("4.00", during.GetProperty("effective_price").Str("amount"));
        Assert.Equal("10.00", after.GetProperty("effective_price").Str("amount"));
        Assert.False(listed[0].GetProperty("is_running").GetBoolean());
    }

    [Fact]
    public async Task The_sweeper_republishes_an_offer_when_a_promotion_window_opens_and_when_it_closes()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = fx.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var (org, offerId) = await OfferAsync();
        ShortId.TryParse(offerId, out var offerUuid);
        using var client = factory.CreateDefaultClient(new InternalTokenHandler(fx.Tokens, Caller.ForOrganization(org, Roles.Owner)));
        await (await client.PostJsonAsync(Promotions(offerId), Window("6", TimeSpan.FromHours(1), TimeSpan.FromHours(2)))).ExpectAsync(HttpStatusCode.Created);
        var sweeper = factory.Services.GetRequiredService<Closient.Offers.Promotions.PromotionSweeper>();
        var events = () => fx.Bus.Seen<OfferUpserted>().Where(e => e.Message.OfferId == offerUuid).Select(e => e.Message).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(events().Count == 2), TimeSpan.FromSeconds(20), "the create and the promotion's republication");

        await sweeper.SweepAsync(default); // nothing of this offer is due: its promotion has not started
        var quiet = events().Count;
        clock.Advance(TimeSpan.FromMinutes(90));
        await sweeper.SweepAsync(default);
        var (opened, _) = await fx.Bus.WaitForAsync<OfferUpserted>(e => e.OfferId == offerUuid && e.EffectivePriceMinor == 600);
        var again = await sweeper.SweepAsync(default);
        clock.Advance(TimeSpan.FromHours(1));
        await sweeper.SweepAsync(default);
        var (closed, _) = await fx.Bus.WaitForAsync<OfferUpserted>(e => e.OfferId == offerUuid && e.EffectivePriceMinor == 1000 && e.UpdatedAt > opened.UpdatedAt);

        Assert.Equal(2, quiet);
        Assert.Equal(1000, events()[1].EffectivePriceMinor);
        Assert.Equal(1000, opened.PriceAmountMinor);
        Assert.True(closed.UpdatedAt > opened.UpdatedAt);
        Assert.Equal(0, again); // a swept offer is not due again until another window boundary
    }
}
