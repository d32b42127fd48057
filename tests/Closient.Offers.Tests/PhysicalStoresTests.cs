using System.Net;
using System.Text;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Offers.Tests;

/// <summary>Physical stores: offers-owned, one per location of the same organization, currency defaulting to the location's.</summary>
public sealed class PhysicalStoresTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    static string Stores(Guid org) => OffersFixture.Org(org) + "/physical-stores";
    static string Store(string id) => $"/retailers/api/v1/physical-stores/{id}";
    static string Body(Guid location, Guid? retailer = null, string extra = "") =>
        $$"""{"retailer_id": "{{ShortId.Encode(retailer ?? OffersFixture.CanonicalRetailer)}}", "location_id": "{{ShortId.Encode(location)}}"{{extra}}}""";

    [Fact]
    public async Task A_store_takes_the_location_name_and_currency_unless_given_and_one_location_has_one_store()
    {
        var org = Guid.CreateVersion7();
        var yen = await fx.SeedLocationAsync(org, "JPY");
        var euro = await fx.SeedLocationAsync(org, "EUR", isPublished: false);

        var response = await fx.ClientFor(org, Roles.Editor).PostJsonAsync(Stores(org), Body(yen));
        var store = await response.ExpectAsync(HttpStatusCode.Created);
        var named = await (await fx.ClientFor(org).PostJsonAsync(Stores(org), Body(euro, extra: """, "name": "Harbour", "currency": "usd", "metadata": {"pos_id": "7"}""")))
            .ExpectAsync(HttpStatusCode.Created);
        var duplicate = await fx.ClientFor(org).PostJsonAsync(Stores(org), Body(yen));

        Assert.Equal(Store(store.Str("id")), response.Headers.Location?.OriginalString);
        Assert.Equal("Main St", store.Str("name"));
        Assert.Equal("JPY", store.Str("currency"));
        Assert.Equal(ShortId.Encode(yen), store.Str("location_id"));
        Assert.Equal(ShortId.Encode(OffersFixture.CanonicalRetailer), store.Str("retailer_id"));
        Assert.True(store.GetProperty("is_active").GetBoolean());
        Assert.Equal("Harbour", named.Str("name"));
        Assert.Equal("USD", named.Str("currency"));
        Assert.Equal("7", named.GetProperty("metadata").Str("pos_id"));
        await ProblemAssert.AssertAsync(duplicate, 422, "VALIDATION_ERROR", "location_id");
    }

    [Fact]
    public async Task Another_organization_location_or_retailer_and_unknown_ones_are_404()
    {
        var org = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        var otherLocation = await fx.SeedLocationAsync(other);
        var otherRetailer = await (await fx.ClientFor(other).PostJsonAsync(OffersFixture.Org(other) + "/retailers", """{"name": "Theirs"}"""))
            .ExpectAsync(HttpStatusCode.Created);
        ShortId.TryParse(otherRetailer.Str("id"), out var otherRetailerId);
        var location = await fx.SeedLocationAsync(org);

        var foreignLocation = await fx.ClientFor(org).PostJsonAsync(Stores(org), Body(otherLocation));
        var unknownLocation = await fx.ClientFor(org).PostJsonAsync(Stores(org), Body(Guid.CreateVersion7()));
        var foreignRetailer = await fx.ClientFor(org).PostJsonAsync(Stores(org), Body(location, otherRetailerId));
        var badIds = await fx.ClientFor(org).PostJsonAsync(Stores(org), """{"retailer_id": "x", "currency": "dollars"}""");
        var outsider = await fx.ClientFor(other).PostJsonAsync(Stores(org), Body(location));

        await ProblemAssert.AssertAsync(foreignLocation, 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(unknownLocation, 404, "NOT_FOUND");
        Assert.Contains("retailer_id", (await ProblemAssert.AssertAsync(foreignRetailer, 404, "NOT_FOUND")).Str("detail"));
        var problem = await ProblemAssert.AssertAsync(badIds, 422, "VALIDATION_ERROR");
        Assert.Equal(["currency", "location_id", "retailer_id"], problem.ProblemFields().Order());
        await ProblemAssert.AssertAsync(outsider, 404, "NOT_FOUND");
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM offers.physical_stores WHERE organization_id = @org", new { org }));
    }

    [Fact]
    public async Task Stores_are_read_listed_filtered_and_patched_by_their_organization_only()
    {
        var org = Guid.CreateVersion7();
        var firstLocation = await fx.SeedLocationAsync(org);
        var first = ShortId.Encode(await fx.CreateStoreAsync(org, firstLocation));
        var second = ShortId.Encode(await fx.SeedStoreAsync(org));

        var all = await (await fx.ClientFor(org, Roles.Viewer).GetAsync(Stores(org))).ExpectAsync(HttpStatusCode.OK);
        var byLocation = await (await fx.ClientFor(org).GetAsync(Stores(org) + $"?location_id={ShortId.Encode(firstLocation)}")).ExpectAsync(HttpStatusCode.OK);
        var badFilter = await fx.ClientFor(org).GetAsync(Stores(org) + "?retailer_id=nope");
        var patched = await (await fx.ClientFor(org).PatchAsync(Store(first), Json("""{"currency": "CAD", "is_active": false, "name": "Renamed"}""")))
            .ExpectAsync(HttpStatusCode.OK);
        var moveLocation = await fx.ClientFor(org).PatchAsync(Store(first), Json($$"""{"location_id": "{{Guid.CreateVersion7()}}"}"""));
        var viewerPatch = await fx.ClientFor(org, Roles.Viewer).PatchAsync(Store(first), Json("""{"name": "Viewer"}"""));
        var outsiderGet = await fx.ClientFor(Guid.CreateVersion7()).GetAsync(Store(first));

        Assert.Equal([first, second], all.GetProperty("data").EnumerateArray().Select(s => s.Str("id")));
        Assert.Equal([first], byLocation.GetProperty("data").EnumerateArray().Select(s => s.Str("id")));
        await ProblemAssert.AssertAsync(badFilter, 422, "VALIDATION_ERROR", "retailer_id");
        Assert.Equal(("CAD", false, "Renamed"), (patched.Str("currency"), patched.GetProperty("is_active").GetBoolean(), patched.Str("name")));
        await ProblemAssert.AssertAsync(moveLocation, 422, "VALIDATION_ERROR", "location_id");
        await ProblemAssert.AssertAsync(viewerPatch, 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(outsiderGet, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task A_store_with_offers_cannot_be_deleted_and_a_deleted_store_takes_no_offers()
    {
        var (_, product, _) = await fx.SharedAsync();
        var org = Guid.CreateVersion7();
        var store = await fx.SeedStoreAsync(org);
        var offer = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{product}}", "physical_store_id": "{{store}}"}""")).ExpectAsync(HttpStatusCode.Created);

        var conflict = await fx.ClientFor(org).DeleteAsync(Store(ShortId.Encode(store)));
        await (await fx.ClientFor(org).DeleteAsync(OffersFixture.Offer(offer.Str("id")))).ExpectAsync(HttpStatusCode.NoContent);
        var outsider = await fx.ClientFor(Guid.CreateVersion7()).DeleteAsync(Store(ShortId.Encode(store)));
        await (await fx.ClientFor(org).DeleteAsync(Store(ShortId.Encode(store)))).ExpectAsync(HttpStatusCode.NoContent);
        var offerAfter = await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{product}}", "physical_store_id": "{{store}}"}""");

        await ProblemAssert.AssertAsync(conflict, 409, "CONFLICT");
        await ProblemAssert.AssertAsync(outsider, 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(offerAfter, 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(await fx.ClientFor(org).GetAsync(Store(ShortId.Encode(store))), 404, "NOT_FOUND");
    }

    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
