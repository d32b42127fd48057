using System.Net;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Offers.Tests;

/// <summary>Retailers (spec/offers.md §2): canonical ones read-only for every key, org-private ones CRUD with soft delete.</summary>
public sealed class RetailersTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    static string Retailers(Guid org) => OffersFixture.Org(org) + "/retailers";
    static string Retailer(string id) => $"/retailers/api/v1/retailers/{id}";
    static readonly string Walmart = ShortId.Encode(OffersFixture.CanonicalRetailer);

    async Task<System.Text.Json.JsonElement> CreateAsync(Guid org, string body = """{"name": "Corner Grocer"}""") =>
        await (await fx.ClientFor(org).PostJsonAsync(Retailers(org), body)).ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task An_organization_creates_a_private_retailer_and_RetailerCreated_is_published()
    {
        var org = Guid.CreateVersion7();

        var response = await fx.ClientFor(org).PostJsonAsync(Retailers(org), """
            {"name": " Corner Grocer ", "website": "https://corner.example.com", "gln": "4006381333931", "category": "grocery",
             "marketplace_regions": ["us", "CA", "US"], "metadata": {"pos": "shopify"}}
            """);
        var retailer = await response.ExpectAsync(HttpStatusCode.Created);
        ShortId.TryParse(retailer.Str("id"), out var id);
        var (evt, _) = await fx.Bus.WaitForAsync<RetailerCreated>(e => e.RetailerId == id);

        Assert.Equal(Retailer(retailer.Str("id")), response.Headers.Location?.OriginalString);
        Assert.Equal("Corner Grocer", retailer.Str("name"));
        Assert.Equal("https://corner.example.com", retailer.Str("website"));
        Assert.Equal("4006381333931", retailer.Str("gln"));
        Assert.Equal(["US", "CA"], retailer.GetProperty("marketplace_regions").EnumerateArray().Select(r => r.GetString()));
        Assert.False(retailer.GetProperty("is_canonical").GetBoolean());
        Assert.Equal(ShortId.Encode(org), retailer.Str("organization_id"));
        Assert.True(retailer.GetProperty("is_active").GetBoolean());
        Assert.False(retailer.GetProperty("is_physical").GetBoolean());
        Assert.False(retailer.GetProperty("is_online").GetBoolean());
        Assert.Equal("shopify", retailer.GetProperty("metadata").Str("pos"));
        Assert.Equal(org, evt.OrganizationId);
        Assert.Equal("Corner Grocer", evt.Name);
        Assert.Equal("4006381333931", evt.Gln);
        Assert.Equal(["US", "CA"], evt.MarketplaceRegions);
    }

    [Theory]
    [InlineData("""{"website": "x"}""", "name")]
    [InlineData("""{"name": "A", "gln": "4006381333932"}""", "gln")]
    [InlineData("""{"name": "A", "gln": "12345"}""", "gln")]
    [InlineData("""{"name": "A", "website": "ftp://example.com"}""", "website")]
    [InlineData("""{"name": "A", "marketplace_regions": ["USA"]}""", "marketplace_regions")]
    [InlineData("""{"name": "A", "is_active": "yes"}""", "is_active")]
    public async Task Bad_fields_are_422_and_nothing_is_written(string body, string field)
    {
        var org = Guid.CreateVersion7();

        var problem = await (await fx.ClientFor(org).PostJsonAsync(Retailers(org), body)).ExpectAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains(problem.ProblemFields(), f => f.Contains(field));
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM offers.retailers WHERE organization_id = @org", new { org }));
    }

    [Fact]
    public async Task Members_read_their_retailers_others_get_404_and_lists_hold_only_the_organization_own()
    {
        var org = Guid.CreateVersion7();
        var mine = await CreateAsync(org);
        await CreateAsync(Guid.CreateVersion7(), """{"name": "Someone else"}""");

        var asViewer = await (await fx.ClientFor(org, Roles.Viewer).GetAsync(Retailer(mine.Str("id")))).ExpectAsync(HttpStatusCode.OK);
        var outsider = await fx.ClientFor(Guid.CreateVersion7()).GetAsync(Retailer(mine.Str("id")));
        var list = await (await fx.ClientFor(org, Roles.Billing).GetAsync(Retailers(org))).ExpectAsync(HttpStatusCode.OK);
        var outsiderList = await fx.ClientFor(Guid.CreateVersion7()).GetAsync(Retailers(org));

        Assert.Equal(mine.GetRawText(), asViewer.GetRawText());
        await ProblemAssert.AssertAsync(outsider, 404, "NOT_FOUND");
        Assert.Equal([mine.Str("id")], list.GetProperty("data").EnumerateArray().Select(r => r.Str("id")));
        await ProblemAssert.AssertAsync(outsiderList, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Canonical_retailers_are_readable_with_any_secret_key_and_never_writable()
    {
        var anyone = fx.ClientFor(Guid.CreateVersion7(), Roles.Viewer);
        var owner = fx.ClientFor(Guid.CreateVersion7());

        var list = await (await anyone.GetAsync("/retailers/api/v1/retailers?page_size=100")).ExpectAsync(HttpStatusCode.OK);
        var walmart = await (await anyone.GetAsync(Retailer(Walmart))).ExpectAsync(HttpStatusCode.OK);
        var patch = await owner.PatchAsync(Retailer(Walmart), new StringContent("""{"name": "Mine now"}""", System.Text.Encoding.UTF8, "application/json"));
        var delete = await owner.DeleteAsync(Retailer(Walmart));
        var anonymous = await fx.AnonymousClient().GetAsync(Retailer(Walmart));
        var publishable = await fx.ClientAs(new Caller(null, Guid.CreateVersion7(), ApiKeyFormat.Publishable, new Dictionary<Guid, string>(), []))
            .GetAsync("/retailers/api/v1/retailers");

        Assert.Contains(list.GetProperty("data").EnumerateArray(), r => r.Str("name") == "Amazon" && r.GetProperty("is_canonical").GetBoolean());
        Assert.All(list.GetProperty("data").EnumerateArray(), r => Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("organization_id").ValueKind));
        Assert.Equal("Walmart", walmart.Str("name"));
        await ProblemAssert.AssertAsync(patch, 409, "CONFLICT");
        await ProblemAssert.AssertAsync(delete, 409, "CONFLICT");
        await ProblemAssert.AssertAsync(anonymous, 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(publishable, 404, "NOT_FOUND");
        Assert.Equal("Walmart", (await (await anyone.GetAsync(Retailer(Walmart))).ExpectAsync(HttpStatusCode.OK)).Str("name"));
    }

    [Fact]
    public async Task A_patch_changes_only_the_sent_fields_and_merges_metadata_and_needs_ManageOffers()
    {
        var org = Guid.CreateVersion7();
        var created = await CreateAsync(org, """{"name": "Old", "category": "grocery", "metadata": {"a": "1", "b": "2"}}""");
        var path = Retailer(created.Str("id"));

        var refused = await fx.ClientFor(org, Roles.Viewer).PatchAsync(path, Json("""{"name": "Viewer"}"""));
        var updated = await (await fx.ClientFor(org, Roles.Editor).PatchAsync(path, Json("""{"name": "New", "metadata": {"a": null, "c": "3"}}""")))
            .ExpectAsync(HttpStatusCode.OK);
        var invalid = await fx.ClientFor(org).PatchAsync(path, Json("""{"name": ""}"""));

        await ProblemAssert.AssertAsync(refused, 404, "NOT_FOUND");
        Assert.Equal("New", updated.Str("name"));
        Assert.Equal("grocery", updated.Str("category"));
        Assert.Equal(["b", "c"], updated.GetProperty("metadata").EnumerateObject().Select(p => p.Name).Order());
        await ProblemAssert.AssertAsync(invalid, 422, "VALIDATION_ERROR", "name");
        Assert.Equal("New", (await (await fx.ClientFor(org).GetAsync(path)).ExpectAsync(HttpStatusCode.OK)).Str("name"));
    }

    [Fact]
    public async Task Delete_is_soft_refused_while_stores_remain_and_a_deleted_retailer_takes_no_stores()
    {
        var org = Guid.CreateVersion7();
        var withStore = await CreateAsync(org, """{"name": "Has a store"}""");
        ShortId.TryParse(withStore.Str("id"), out var withStoreId);
        await fx.CreateStoreAsync(org, await fx.SeedLocationAsync(org), withStoreId);
        var empty = await CreateAsync(org, """{"name": "Empty"}""");
        ShortId.TryParse(empty.Str("id"), out var emptyId);

        var physical = await (await fx.ClientFor(org).GetAsync(Retailer(withStore.Str("id")))).ExpectAsync(HttpStatusCode.OK);
        var conflict = await fx.ClientFor(org).DeleteAsync(Retailer(withStore.Str("id")));
        var outsider = await fx.ClientFor(Guid.CreateVersion7()).DeleteAsync(Retailer(empty.Str("id")));
        await (await fx.ClientFor(org).DeleteAsync(Retailer(empty.Str("id")))).ExpectAsync(HttpStatusCode.NoContent);
        var afterDelete = await fx.ClientFor(org).GetAsync(Retailer(empty.Str("id")));
        var storeOnDeleted = await fx.ClientFor(org).PostJsonAsync(OffersFixture.Org(org) + "/physical-stores",
            $$"""{"retailer_id": "{{empty.Str("id")}}", "location_id": "{{await fx.SeedLocationAsync(org)}}"}""");

        Assert.True(physical.GetProperty("is_physical").GetBoolean());
        await ProblemAssert.AssertAsync(conflict, 409, "CONFLICT");
        await ProblemAssert.AssertAsync(outsider, 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(afterDelete, 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(storeOnDeleted, 404, "NOT_FOUND");
        Assert.NotNull(await fx.Database.ScalarAsync<DateTimeOffset?>("SELECT deleted_at FROM offers.retailers WHERE id = @emptyId", new { emptyId }));
        var list = await (await fx.ClientFor(org).GetAsync(Retailers(org))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([withStore.Str("id")], list.GetProperty("data").EnumerateArray().Select(r => r.Str("id")));
    }

    static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
