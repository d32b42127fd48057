using Closient.Catalog.Resolution;
using Closient.ServiceDefaults.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Catalog.Tests.Resolution;

/// <summary>The resolver's view: the store's candidate rules and <see cref="IResolutionRules"/> end to end.</summary>
public sealed class ResolutionRuleStoreTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = ShortId.Encode(Guid.CreateVersion7());
    HttpClient? ownerClient;
    HttpClient owner => ownerClient ??= fx.ClientFor(org);

    Task<ResolutionRuleOut> RuleAsync(string scopeType, string? scopeId, int index = 0, bool enabled = true, string? url = null) =>
        owner.CreateRuleAsync(org, url is null
            ? new { scope_type = scopeType, scope_id = scopeId, order_index = index, destination_type = "HOSTED_PAGE", enabled, custom_url = (string?)null }
            : new { scope_type = scopeType, scope_id = scopeId, order_index = index, destination_type = "CUSTOM_URL", enabled, custom_url = (string?)url });

    [Fact]
    public async Task The_store_loads_the_enabled_rules_that_can_cover_the_request_in_evaluation_order()
    {
        var gtin = await owner.ClaimProductAsync(org);
        var otherGtin = await owner.ClaimProductAsync(org);
        var brand = Guid.CreateVersion7();
        var organization = await RuleAsync("ORGANIZATION", null);
        var brandRule = await RuleAsync("BRAND", ShortId.Encode(brand));
        await RuleAsync("BRAND", ShortId.Encode(Guid.CreateVersion7()));
        var product1 = await RuleAsync("PRODUCT", gtin, 1);
        var product0 = await RuleAsync("PRODUCT", gtin, 0);
        await RuleAsync("PRODUCT", gtin, 2, enabled: false);
        await RuleAsync("PRODUCT", otherGtin);
        var lot = await RuleAsync("BATCH", $"{gtin}/10/L1");
        await RuleAsync("BATCH", $"{gtin}/10/L2");
        var serial = await RuleAsync("SERIAL", $"{gtin}/21/S1");
        var outsider = ShortId.Encode(Guid.CreateVersion7());
        await fx.ClientFor(outsider).CreateRuleAsync(outsider, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE" });
        Assert.True(ShortId.TryParse(org, out var orgId));
        var store = fx.Factory.Services.GetRequiredService<ResolutionRuleStore>();

        var all = await store.LoadAsync(orgId, gtin, "L1", "S1", brand, default);
        var plain = await store.LoadAsync(orgId, gtin, null, null, null, default);

        Assert.Equal([serial.Id, lot.Id, product0.Id, product1.Id, brandRule.Id, organization.Id], all.Select(r => ShortId.Encode(r.Id)));
        Assert.Equal([product0.Id, product1.Id, organization.Id], plain.Select(r => ShortId.Encode(r.Id)));
    }

    [Fact]
    public async Task The_resolver_gets_the_winning_destination_or_the_hosted_page()
    {
        var gtin = await owner.ClaimProductAsync(org);
        await RuleAsync("BATCH", $"{gtin}/10/RECALL", url: "https://brand.example/recall");
        await owner.CreateRuleAsync(org, new
        {
            scope_type = "ORGANIZATION", order_index = 0, destination_type = "CUSTOM_URL", custom_url = "https://brand.example/winter",
            annual_start_mmdd = "11-01", annual_end_mmdd = "02-28",
        });
        Assert.True(ShortId.TryParse(org, out var orgId));
        var rules = fx.Factory.Services.GetRequiredService<IResolutionRules>();

        var recalled = await rules.DecideAsync(new RuleContext(orgId, gtin, "RECALL", null, null, DateTimeOffset.Parse("2026-07-01T00:00:00Z")), default);
        var winter = await rules.DecideAsync(new RuleContext(orgId, gtin, "OTHER", null, null, DateTimeOffset.Parse("2027-01-15T00:00:00Z")), default);
        var summer = await rules.DecideAsync(new RuleContext(orgId, gtin, null, null, null, DateTimeOffset.Parse("2026-07-01T00:00:00Z")), default);
        var stranger = await rules.DecideAsync(new RuleContext(Guid.CreateVersion7(), gtin, null, null, null, DateTimeOffset.Parse("2027-01-15T00:00:00Z")), default);

        Assert.Equal("https://brand.example/recall", recalled.Url);
        Assert.Equal("https://brand.example/winter", winter.Url);
        Assert.Equal(RuleDecision.HostedPage, summer);
        Assert.Equal(RuleDecision.HostedPage, stranger);
    }
}
