using System.Net;
using Closient.Catalog.Resolution;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Resolution;

public sealed class RuleCrudTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    // xUnit builds the class per test: each test acts for a fresh organization through its owner's csb key.
    readonly string org = ShortId.Encode(Guid.CreateVersion7());
    HttpClient? ownerClient;
    HttpClient owner => ownerClient ??= fx.ClientFor(org);

    [Fact]
    public async Task Creating_a_rule_returns_201_with_every_field_and_a_location()
    {
        var gtin = await owner.ClaimProductAsync(org);

        var response = await owner.PostJsonAsync(Rules.OrgRules(org), new
        {
            scope_type = "PRODUCT", scope_id = gtin[1..], order_index = 3, enabled = false,
            destination_type = "CUSTOM_URL", custom_url = "https://brand.example/b2b?x=1", on_custom_url_dead = "FALLBACK_TO_HOSTED",
            absolute_start_at = "2026-01-01T00:00:00+01:00", absolute_end_at = "2026-12-31T23:00:00Z",
            annual_start_mmdd = "11-01", annual_end_mmdd = "02-29", days_of_week = new[] { 4, 0, 0, 2 },
            time_of_day_start = "09:00", time_of_day_end = "17:30:15", timezone = "Europe/Berlin",
            link_type = "https://gs1.org/voc/pip", location_countries = new[] { "us", "CA", "US" },
            location_regions = new[] { "us-tx" }, location_cities = new[] { " Austin " },
            metadata = new Dictionary<string, string> { ["campaign"] = "spring" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rule = await response.ReadAsync<ResolutionRuleOut>();
        Assert.Equal(Rules.Rule(rule.Id), response.Headers.Location?.OriginalString);
        Assert.Matches("^[2-9A-HJ-NP-Za-km-z]{22}$", rule.Id);
        Assert.Equal(("PRODUCT", gtin, 3, false), (rule.ScopeType, rule.ScopeId, rule.OrderIndex, rule.Enabled));
        Assert.Equal(org, rule.OrganizationId);
        Assert.NotNull(rule.ProductId);
        Assert.Equal(("CUSTOM_URL", "https://brand.example/b2b?x=1", "FALLBACK_TO_HOSTED"), (rule.DestinationType, rule.CustomUrl, rule.OnCustomUrlDead));
        Assert.Equal(DateTimeOffset.Parse("2025-12-31T23:00:00Z"), rule.AbsoluteStartAt);
        Assert.Equal(TimeSpan.Zero, rule.AbsoluteStartAt!.Value.Offset);
        Assert.Equal(DateTimeOffset.Parse("2026-12-31T23:00:00Z"), rule.AbsoluteEndAt);
        Assert.Equal(("11-01", "02-29"), (rule.AnnualStartMmdd, rule.AnnualEndMmdd));
        Assert.Equal([0, 2, 4], rule.DaysOfWeek);
        Assert.Equal(("09:00:00", "17:30:15", "Europe/Berlin"), (rule.TimeOfDayStart, rule.TimeOfDayEnd, rule.Timezone));
        Assert.Equal("gs1:pip", rule.LinkType);
        Assert.Equal(["US", "CA"], rule.LocationCountries);
        Assert.Equal(["US-TX"], rule.LocationRegions);
        Assert.Equal(["Austin"], rule.LocationCities);
        Assert.Equal("spring", rule.Metadata["campaign"]);
        Assert.Equal(rule.Created, rule.Modified);
        Assert.Equivalent(rule, await owner.GetRuleAsync(rule.Id), strict: true);
    }

    [Fact]
    public async Task A_minimal_rule_gets_the_defaults()
    {
        var rule = await owner.CreateRuleAsync(org, new { scope_type = "organization", order_index = 0, destination_type = "hosted_page" });

        Assert.Equal(("ORGANIZATION", (string?)null, (string?)null, true), (rule.ScopeType, rule.ScopeId, rule.ProductId, rule.Enabled));
        Assert.Equal(("HOSTED_PAGE", (string?)null, "SKIP_RULE"), (rule.DestinationType, rule.CustomUrl, rule.OnCustomUrlDead));
        Assert.Null(rule.AbsoluteStartAt);
        Assert.Null(rule.AnnualStartMmdd);
        Assert.Null(rule.TimeOfDayStart);
        Assert.Null(rule.Timezone);
        Assert.Null(rule.LinkType);
        Assert.Empty(rule.DaysOfWeek);
        Assert.Empty(rule.LocationCountries);
        Assert.Empty(rule.LocationRegions);
        Assert.Empty(rule.LocationCities);
        Assert.Empty(rule.Metadata);
    }

    [Fact]
    public async Task Scope_ids_are_stored_in_their_canonical_form()
    {
        var gtin = await owner.ClaimProductAsync(org);
        var brand = Guid.CreateVersion7();

        var batch = await owner.CreateRuleAsync(org, new { scope_type = "BATCH", scope_id = $"{gtin[1..]}/10/A/1-x", order_index = 0, destination_type = "HOSTED_PAGE" });
        var serial = await owner.CreateRuleAsync(org, new { scope_type = "SERIAL", scope_id = $"{gtin}/21/SN.001", order_index = 0, destination_type = "HOSTED_PAGE" });
        var brandRule = await owner.CreateRuleAsync(org, new { scope_type = "BRAND", scope_id = brand.ToString(), order_index = 0, destination_type = "HOSTED_PAGE" });

        Assert.Equal($"{gtin}/10/A/1-x", batch.ScopeId);
        Assert.Equal($"{gtin}/21/SN.001", serial.ScopeId);
        Assert.Equal(batch.ProductId, serial.ProductId);
        Assert.NotNull(batch.ProductId);
        Assert.Equal(ShortId.Encode(brand), brandRule.ScopeId);
        Assert.Null(brandRule.ProductId);
    }

    [Fact]
    public async Task A_product_scope_needs_a_product_the_organization_has_claimed()
    {
        var other = ShortId.Encode(Guid.CreateVersion7());
        var foreignGtin = await fx.ClientFor(other).ClaimProductAsync(other);
        var unknownGtin = TestGtins.New13();

        foreach (var gtin in new[] { foreignGtin, unknownGtin })
        {
            var response = await owner.PostJsonAsync(Rules.OrgRules(org), new { scope_type = "PRODUCT", scope_id = gtin, order_index = 0, destination_type = "HOSTED_PAGE" });
            await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "scope_id");
        }
        Assert.Equal(0L, await fx.Database.CountRulesAsync(org));
    }

    [Fact]
    public async Task A_taken_place_in_a_bucket_is_a_409_and_other_buckets_are_independent()
    {
        var gtin = await owner.ClaimProductAsync(org);
        await owner.CreateRuleAsync(org, new { scope_type = "PRODUCT", scope_id = gtin, order_index = 1, destination_type = "HOSTED_PAGE" });
        await owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 1, destination_type = "HOSTED_PAGE" });

        var sameProduct = await owner.PostJsonAsync(Rules.OrgRules(org), new { scope_type = "PRODUCT", scope_id = gtin, order_index = 1, destination_type = "HOSTED_PAGE" });
        var sameOrganization = await owner.PostJsonAsync(Rules.OrgRules(org), new { scope_type = "ORGANIZATION", order_index = 1, destination_type = "HOSTED_PAGE" });
        var otherOrganization = ShortId.Encode(Guid.CreateVersion7());
        await fx.ClientFor(otherOrganization).CreateRuleAsync(otherOrganization, new { scope_type = "ORGANIZATION", order_index = 1, destination_type = "HOSTED_PAGE" });

        await sameProduct.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await sameOrganization.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(2L, await fx.Database.CountRulesAsync(org));
        Assert.Equal(2L, await fx.Database.CountEventsAsync(org));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_place_create_it_once()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            owner.PostJsonAsync(Rules.OrgRules(org), new { scope_type = "ORGANIZATION", order_index = 7, destination_type = "CUSTOM_URL", custom_url = $"https://racer{i}.example" })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1L, await fx.Database.CountRulesAsync(org));
        Assert.Equal(1L, await fx.Database.CountEventsAsync(org));
    }

    [Fact]
    public async Task The_list_is_in_evaluation_order_and_filters_by_scope_type_and_enabled()
    {
        var gtin = await owner.ClaimProductAsync(org);
        var organization1 = await owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 1, destination_type = "HOSTED_PAGE" });
        var organization0 = await owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE", enabled = false });
        var brand = await owner.CreateRuleAsync(org, new { scope_type = "BRAND", scope_id = ShortId.Encode(Guid.CreateVersion7()), order_index = 0, destination_type = "HOSTED_PAGE" });
        var product = await owner.CreateRuleAsync(org, new { scope_type = "PRODUCT", scope_id = gtin, order_index = 9, destination_type = "HOSTED_PAGE" });
        var serial = await owner.CreateRuleAsync(org, new { scope_type = "SERIAL", scope_id = $"{gtin}/21/S1", order_index = 4, destination_type = "HOSTED_PAGE" });
        var batch = await owner.CreateRuleAsync(org, new { scope_type = "BATCH", scope_id = $"{gtin}/10/L1", order_index = 2, destination_type = "HOSTED_PAGE" });
        var outsider = ShortId.Encode(Guid.CreateVersion7());
        await fx.ClientFor(outsider).CreateRuleAsync(outsider, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE" });
        var viewer = fx.ClientFor(org, "viewer");

        var all = await (await viewer.GetAsync(Rules.OrgRules(org))).ReadAsync<Paged<ResolutionRuleOut>>();
        var organizationOnly = await (await viewer.GetAsync(Rules.OrgRules(org) + "?scope_type=ORGANIZATION")).ReadAsync<Paged<ResolutionRuleOut>>();
        var disabled = await (await viewer.GetAsync(Rules.OrgRules(org) + "?enabled=false")).ReadAsync<Paged<ResolutionRuleOut>>();
        var page2 = await (await viewer.GetAsync(Rules.OrgRules(org) + "?page=2&page_size=4")).ReadAsync<Paged<ResolutionRuleOut>>();

        Assert.Equal([serial.Id, batch.Id, product.Id, brand.Id, organization0.Id, organization1.Id], all.Data.Select(r => r.Id));
        Assert.Equal(6, all.Pagination.TotalCount);
        Assert.Equal([organization0.Id, organization1.Id], organizationOnly.Data.Select(r => r.Id));
        Assert.Equal([organization0.Id], disabled.Data.Select(r => r.Id));
        Assert.Equal([organization0.Id, organization1.Id], page2.Data.Select(r => r.Id));
        Assert.Equal((2, 2, true, false), (page2.Pagination.Page, page2.Pagination.TotalPages, page2.Pagination.HasPrevious, page2.Pagination.HasNext));
    }

    [Theory]
    [InlineData("scope_type=GLOBAL", "scope_type")]
    [InlineData("enabled=yes", "enabled")]
    [InlineData("page=0", "page")]
    [InlineData("page_size=101", "page_size")]
    public async Task A_bad_list_filter_is_a_422(string query, string field)
    {
        var response = await owner.GetAsync($"{Rules.OrgRules(org)}?{query}");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task Deleting_a_rule_returns_204_and_it_is_gone()
    {
        var rule = await owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE" });

        var deleted = await owner.DeleteAsync(Rules.Rule(rule.Id));
        var read = await owner.GetAsync(Rules.Rule(rule.Id));
        var again = await owner.DeleteAsync(Rules.Rule(rule.Id));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await read.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await again.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(1L, await fx.Database.CountEventsAsync(org, "deleted"));
    }

    [Fact]
    public async Task A_rule_id_may_be_given_as_a_uuid_and_a_malformed_one_is_a_404()
    {
        var rule = await owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE" });

        Assert.Equal(rule.Id, (await owner.GetRuleAsync(Rules.IdOf(rule).ToString())).Id);
        await (await owner.GetAsync(Rules.Rule("not-an-id"))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
