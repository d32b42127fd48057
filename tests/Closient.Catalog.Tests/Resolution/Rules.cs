using System.Net;
using System.Reflection;
using Closient.Catalog.Resolution;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Resolution;

/// <summary>Paths and small helpers for the resolution-rules API.</summary>
public static class Rules
{
    public const string Base = "/resolver/api/v1";

    public static string OrgRules(string org) => $"{Base}/organizations/{org}/resolution-rules";

    public static string Reorder(string org) => $"{OrgRules(org)}/reorder";

    public static string Rule(string id) => $"{Base}/resolution-rules/{id}";

    /// <summary>Creates a product claimed by <paramref name="org"/>; returns its GTIN-14.</summary>
    public static async Task<string> ClaimProductAsync(this HttpClient owner, string org)
    {
        var product = await owner.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, product_name = "Ruled" });
        return product.Gtin;
    }

    public static async Task<ResolutionRuleOut> CreateRuleAsync(this HttpClient client, string org, object body)
    {
        var response = await client.PostJsonAsync(OrgRules(org), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {text}");
        return await response.ReadAsync<ResolutionRuleOut>();
    }

    public static async Task<ResolutionRuleOut> GetRuleAsync(this HttpClient client, string id)
    {
        var response = await client.GetAsync(Rule(id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<ResolutionRuleOut>();
    }

    public static Guid IdOf(ResolutionRuleOut rule) => ShortId.TryParse(rule.Id, out var id) ? id : throw new ArgumentException(rule.Id);

    public static Task<long> CountRulesAsync(this TestDatabase db, string org) =>
        db.ScalarAsync<long>("SELECT count(*) FROM catalog.resolution_rules WHERE organization_id = @org", new { org = Guid.Parse(ToUuid(org)) });

    public static Task<long> CountEventsAsync(this TestDatabase db, string org, string? kind = null) =>
        db.ScalarAsync<long>("""
            SELECT count(*) FROM catalog.outbox
            WHERE message_type = 'Closient.Contracts.Catalog.ResolutionRuleChanged' AND payload->>'OrganizationId' = @org
              AND (@kind::text IS NULL OR payload->>'ChangeKind' = @kind)
            """, new { org = ToUuid(org), kind });

    static string ToUuid(string org) => ShortId.TryParse(org, out var id) ? id.ToString() : throw new ArgumentException(org);
}

/// <summary>The catalog service with the URL-health monitor allowed to reach local fake receivers and a short probe timeout.</summary>
public sealed class UrlHealthFixture : ServiceFixture<CatalogMarker>
{
    protected override (string, Assembly)[] Schemas => [("catalog", typeof(CatalogMarker).Assembly)];

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Resolver:UrlHealth:AllowPrivateNetworks"] = "true",
        ["Resolver:UrlHealth:Timeout"] = "00:00:01",
        ["Resolver:UrlHealth:CacheTtl"] = "00:00:00",
        ["Resolver:UrlHealth:Interval"] = "01:00:00",
    };
}

/// <summary>As <see cref="UrlHealthFixture"/>, with the monitor running every 200 ms on its own.</summary>
public sealed class FastUrlHealthFixture : ServiceFixture<CatalogMarker>
{
    protected override (string, Assembly)[] Schemas => [("catalog", typeof(CatalogMarker).Assembly)];

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Resolver:UrlHealth:AllowPrivateNetworks"] = "true",
        ["Resolver:UrlHealth:Timeout"] = "00:00:01",
        ["Resolver:UrlHealth:CacheTtl"] = "00:00:00",
        ["Resolver:UrlHealth:Interval"] = "00:00:00.2",
        ["Resolver:UrlHealth:DeadAfter"] = "2",
    };
}
