using System.Net;
using Closient.Catalog.Resolution;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Resolution;

public sealed class RuleUpdateTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = ShortId.Encode(Guid.CreateVersion7());
    HttpClient? ownerClient;
    HttpClient owner => ownerClient ??= fx.ClientFor(org);

    async Task<ResolutionRuleOut> PatchAsync(string id, object body)
    {
        var response = await owner.PatchJsonAsync(Rules.Rule(id), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        return await response.ReadAsync<ResolutionRuleOut>();
    }

    [Fact]
    public async Task A_patch_changes_only_the_fields_it_sends()
    {
        var rule = await owner.CreateRuleAsync(org, new
        {
            scope_type = "ORGANIZATION", order_index = 0, destination_type = "CUSTOM_URL", custom_url = "https://a.example",
            time_of_day_start = "09:00", time_of_day_end = "17:00", timezone = "Europe/Paris", location_countries = new[] { "FR" },
            metadata = new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "2" },
        });

        var patched = await PatchAsync(rule.Id, new
        {
            enabled = false, custom_url = "https://b.example", order_index = 4,
            metadata = new Dictionary<string, string> { ["drop"] = "", ["new"] = "3" },
        });

        Assert.Equal(rule with
        {
            Enabled = false, CustomUrl = "https://b.example", OrderIndex = 4,
            Metadata = patched.Metadata, Modified = patched.Modified, LocationCountries = patched.LocationCountries, DaysOfWeek = patched.DaysOfWeek,
            LocationRegions = patched.LocationRegions, LocationCities = patched.LocationCities,
        }, patched);
        Assert.Equal(["FR"], patched.LocationCountries);
        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["new"] = "3" }, patched.Metadata);
        Assert.True(patched.Modified > rule.Modified);
        Assert.Equivalent(patched, await owner.GetRuleAsync(rule.Id), strict: true);
    }

    [Fact]
    public async Task Empty_strings_and_empty_lists_clear_criteria()
    {
        var rule = await owner.CreateRuleAsync(org, new
        {
            scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE",
            absolute_start_at = "2026-01-01T00:00:00Z", annual_start_mmdd = "01-01", annual_end_mmdd = "01-31",
            time_of_day_start = "09:00", time_of_day_end = "17:00", timezone = "UTC", link_type = "gs1:pip",
            days_of_week = new[] { 1 }, location_countries = new[] { "US" }, location_regions = new[] { "US-TX" }, location_cities = new[] { "Austin" },
        });

        var patched = await PatchAsync(rule.Id, new
        {
            absolute_start_at = "", annual_start_mmdd = "", annual_end_mmdd = "", time_of_day_start = "", time_of_day_end = "",
            timezone = "", link_type = "", days_of_week = Array.Empty<int>(), location_countries = Array.Empty<string>(),
            location_regions = Array.Empty<string>(), location_cities = Array.Empty<string>(),
        });

        Assert.Null(patched.AbsoluteStartAt);
        Assert.Null(patched.AnnualStartMmdd);
        Assert.Null(patched.AnnualEndMmdd);
        Assert.Null(patched.TimeOfDayStart);
        Assert.Null(patched.TimeOfDayEnd);
        Assert.Null(patched.Timezone);
        Assert.Null(patched.LinkType);
        Assert.Empty(patched.DaysOfWeek);
        Assert.Empty(patched.LocationCountries);
        Assert.Empty(patched.LocationRegions);
        Assert.Empty(patched.LocationCities);
    }

    [Fact]
    public async Task Switching_to_the_hosted_page_drops_the_custom_url_and_back_needs_one()
    {
        var rule = await owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "CUSTOM_URL", custom_url = "https://a.example" });

        var hosted = await PatchAsync(rule.Id, new { destination_type = "HOSTED_PAGE" });
        var backWithout = await owner.PatchJsonAsync(Rules.Rule(rule.Id), new { destination_type = "CUSTOM_URL" });
        var back = await PatchAsync(rule.Id, new { destination_type = "CUSTOM_URL", custom_url = "https://c.example" });

        Assert.Null(hosted.CustomUrl);
        await backWithout.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "custom_url");
        Assert.Equal("https://c.example", back.CustomUrl);
    }

    [Fact]
    public async Task Changing_the_scope_needs_a_new_scope_id_and_moves_product_id()
    {
        var gtin = await owner.ClaimProductAsync(org);
        var rule = await owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE" });

        var withoutId = await owner.PatchJsonAsync(Rules.Rule(rule.Id), new { scope_type = "PRODUCT" });
        var product = await PatchAsync(rule.Id, new { scope_type = "PRODUCT", scope_id = gtin });
        var batch = await PatchAsync(rule.Id, new { scope_type = "BATCH", scope_id = $"{gtin}/10/L7" });
        var organization = await PatchAsync(rule.Id, new { scope_type = "ORGANIZATION" });

        await withoutId.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "scope_id");
        Assert.Equal(("PRODUCT", gtin), (product.ScopeType, product.ScopeId));
        Assert.NotNull(product.ProductId);
        Assert.Equal(($"{gtin}/10/L7", product.ProductId), (batch.ScopeId, batch.ProductId));
        Assert.Equal(("ORGANIZATION", (string?)null, (string?)null), (organization.ScopeType, organization.ScopeId, organization.ProductId));
    }

    [Fact]
    public async Task A_patch_is_validated_against_the_merged_rule()
    {
        var rule = await owner.CreateRuleAsync(org, new
        {
            scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE",
            absolute_start_at = "2026-06-01T00:00:00Z", time_of_day_start = "09:00", time_of_day_end = "17:00",
        });

        var endBeforeStart = await owner.PatchJsonAsync(Rules.Rule(rule.Id), new { absolute_end_at = "2026-05-01T00:00:00Z" });
        var halfWindow = await owner.PatchJsonAsync(Rules.Rule(rule.Id), new { time_of_day_end = "" });
        var equalTimes = await owner.PatchJsonAsync(Rules.Rule(rule.Id), new { time_of_day_end = "09:00" });
        var scopeIdOnOrganization = await owner.PatchJsonAsync(Rules.Rule(rule.Id), new { scope_id = "09521101530018" });

        await endBeforeStart.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "absolute_end_at");
        await halfWindow.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "time_of_day_end");
        await equalTimes.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "time_of_day_end");
        await scopeIdOnOrganization.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "scope_id");
        Assert.Equivalent(rule, await owner.GetRuleAsync(rule.Id), strict: true);
        Assert.Equal(0L, await fx.Database.CountEventsAsync(org, "updated"));
    }

    [Fact]
    public async Task Moving_onto_a_taken_place_is_a_409_and_changes_nothing()
    {
        await owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE" });
        var second = await owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 1, destination_type = "HOSTED_PAGE" });

        var response = await owner.PatchJsonAsync(Rules.Rule(second.Id), new { order_index = 0, enabled = false });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equivalent(second, await owner.GetRuleAsync(second.Id), strict: true);
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_writes_nothing()
    {
        var rule = await owner.CreateRuleAsync(org, new
        {
            scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE", days_of_week = new[] { 1, 2 },
            metadata = new Dictionary<string, string> { ["a"] = "b" },
        });

        var patched = await PatchAsync(rule.Id, new { order_index = 0, days_of_week = new[] { 2, 1 }, metadata = new Dictionary<string, string> { ["a"] = "b" }, link_type = "" });

        Assert.Equal(rule.Modified, patched.Modified);
        Assert.Equal(0L, await fx.Database.CountEventsAsync(org, "updated"));
    }
}
