using System.Net;
using Closient.Catalog.Resolution;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Resolution;

public sealed class ReorderRulesTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = ShortId.Encode(Guid.CreateVersion7());
    HttpClient? ownerClient;
    HttpClient owner => ownerClient ??= fx.ClientFor(org);

    Task<ResolutionRuleOut> OrganizationRuleAsync(int index) =>
        owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = index, destination_type = "CUSTOM_URL", custom_url = $"https://r{index}.example" });

    async Task<List<string>> ListIdsAsync() =>
        (await (await owner.GetAsync(Rules.OrgRules(org))).ReadAsync<Paged<ResolutionRuleOut>>()).Data.Select(r => r.Id).ToList();

    [Fact]
    public async Task Two_rules_swap_places_in_one_request()
    {
        var a = await OrganizationRuleAsync(0);
        var b = await OrganizationRuleAsync(1);
        var c = await OrganizationRuleAsync(2);

        var response = await owner.PostJsonAsync(Rules.Reorder(org), new[] { new { id = a.Id, order_index = 1 }, new { id = b.Id, order_index = 0 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var moved = await response.ReadAsync<List<ResolutionRuleOut>>();
        Assert.Equal([(b.Id, 0), (a.Id, 1)], moved.Select(r => (r.Id, r.OrderIndex)));
        Assert.All(moved, r => Assert.True(r.Modified > a.Modified));
        Assert.Equal([b.Id, a.Id, c.Id], await ListIdsAsync());
        Assert.Equal(2L, await fx.Database.CountEventsAsync(org, "reordered"));
    }

    [Fact]
    public async Task A_rotation_across_scopes_returns_the_listed_rules_in_evaluation_order()
    {
        var gtin = await owner.ClaimProductAsync(org);
        var p0 = await owner.CreateRuleAsync(org, new { scope_type = "PRODUCT", scope_id = gtin, order_index = 0, destination_type = "HOSTED_PAGE" });
        var p1 = await owner.CreateRuleAsync(org, new { scope_type = "PRODUCT", scope_id = gtin, order_index = 1, destination_type = "HOSTED_PAGE" });
        var p2 = await owner.CreateRuleAsync(org, new { scope_type = "PRODUCT", scope_id = gtin, order_index = 2, destination_type = "HOSTED_PAGE" });
        var o0 = await OrganizationRuleAsync(0);

        var response = await owner.PostJsonAsync(Rules.Reorder(org), new[]
        {
            new { id = o0.Id, order_index = 10 }, new { id = p0.Id, order_index = 2 }, new { id = p1.Id, order_index = 0 }, new { id = p2.Id, order_index = 1 },
        });

        var moved = await response.ReadAsync<List<ResolutionRuleOut>>();
        Assert.Equal([(p1.Id, 0), (p2.Id, 1), (p0.Id, 2), (o0.Id, 10)], moved.Select(r => (r.Id, r.OrderIndex)));
    }

    [Fact]
    public async Task Rules_listed_at_their_current_place_are_returned_but_not_rewritten()
    {
        var a = await OrganizationRuleAsync(0);

        var response = await owner.PostJsonAsync(Rules.Reorder(org), new[] { new { id = Rules.IdOf(a).ToString(), order_index = 0 } });

        var moved = await response.ReadAsync<List<ResolutionRuleOut>>();
        Assert.Equal(a.Modified, Assert.Single(moved).Modified);
        Assert.Equal(0L, await fx.Database.CountEventsAsync(org, "reordered"));
    }

    [Fact]
    public async Task One_rule_of_another_organization_is_a_404_and_nothing_changes()
    {
        var a = await OrganizationRuleAsync(0);
        var b = await OrganizationRuleAsync(1);
        var otherOrg = ShortId.Encode(Guid.CreateVersion7());
        var foreign = await fx.ClientFor(otherOrg).CreateRuleAsync(otherOrg, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE" });

        var response = await owner.PostJsonAsync(Rules.Reorder(org), new[]
        {
            new { id = a.Id, order_index = 1 }, new { id = b.Id, order_index = 0 }, new { id = foreign.Id, order_index = 9 },
        });
        var unknown = await owner.PostJsonAsync(Rules.Reorder(org), new[] { new { id = a.Id, order_index = 5 }, new { id = ShortId.Encode(Guid.CreateVersion7()), order_index = 6 } });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal([a.Id, b.Id], await ListIdsAsync());
        Assert.Equivalent(a, await owner.GetRuleAsync(a.Id), strict: true);
        Assert.Equivalent(foreign, await fx.ClientFor(otherOrg).GetRuleAsync(foreign.Id), strict: true);
        Assert.Equal(0L, await fx.Database.CountEventsAsync(org, "reordered"));
    }

    [Fact]
    public async Task A_place_still_held_by_an_unlisted_rule_is_a_409_and_nothing_changes()
    {
        var a = await OrganizationRuleAsync(0);
        var b = await OrganizationRuleAsync(1);
        var c = await OrganizationRuleAsync(2);

        var response = await owner.PostJsonAsync(Rules.Reorder(org), new[] { new { id = a.Id, order_index = 2 }, new { id = c.Id, order_index = 3 }, new { id = b.Id, order_index = 0 } });
        var blocked = await owner.PostJsonAsync(Rules.Reorder(org), new[] { new { id = c.Id, order_index = 1 }, new { id = a.Id, order_index = 0 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await blocked.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal([b.Id, a.Id, c.Id], await ListIdsAsync());
        Assert.Equal(3L, await fx.Database.CountEventsAsync(org, "reordered"));
    }

    [Fact]
    public async Task Duplicates_in_the_body_are_a_422()
    {
        var a = await OrganizationRuleAsync(0);
        var b = await OrganizationRuleAsync(1);

        var sameId = await owner.PostJsonAsync(Rules.Reorder(org), new[] { new { id = a.Id, order_index = 3 }, new { id = Rules.IdOf(a).ToString(), order_index = 4 } });
        var samePlace = await owner.PostJsonAsync(Rules.Reorder(org), new[] { new { id = a.Id, order_index = 3 }, new { id = b.Id, order_index = 3 } });

        await sameId.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "[1].id");
        await samePlace.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "[1].order_index");
        Assert.Equal([a.Id, b.Id], await ListIdsAsync());
        Assert.Equal(0L, await fx.Database.CountEventsAsync(org, "reordered"));
    }

    [Theory]
    [InlineData("[]", "body")]
    [InlineData("""[{"id": "nope", "order_index": 1}]""", "[0].id")]
    [InlineData("""[{"order_index": 1}]""", "[0].id")]
    [InlineData("""[{"id": "22222222222222222222AB", "order_index": -1}]""", "[0].order_index")]
    [InlineData("""[{"id": "22222222222222222222AB"}]""", "[0].order_index")]
    [InlineData("[null]", "[0]")]
    public async Task A_malformed_body_is_a_422(string json, string field)
    {
        var response = await owner.PostRawAsync(Rules.Reorder(org), json);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task A_body_that_is_not_a_list_is_refused()
    {
        var response = await owner.PostRawAsync(Rules.Reorder(org), """{"id": "x", "order_index": 1}""");

        Assert.True((int)response.StatusCode is 400 or 422, $"got {(int)response.StatusCode}");
    }
}
