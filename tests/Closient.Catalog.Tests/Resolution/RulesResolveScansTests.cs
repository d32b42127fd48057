using System.Net;
using System.Text.Json;
using Closient.Catalog.Tests.Resolver;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Resolution;

/// <summary>
/// The organization's rules decide real scans: the public resolver (<c>/01/…</c>) asks them through its
/// link-source seam. Most specific scope first; a rule for one serial leaves the others on the GTIN's rule;
/// HOSTED_PAGE and unclaimed products keep the hosted page; a BRAND rule applies through the product's brand.
/// </summary>
public sealed class RulesResolveScansTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    [Fact]
    public async Task A_custom_url_rule_is_where_a_browser_scan_goes_and_a_serial_rule_wins_for_its_serial()
    {
        var (gtin, org) = await fx.CreateProductAsync();
        var owner = fx.ClientFor(org.ToString());
        var orgId = ShortId.Encode(org);
        await owner.CreateRuleAsync(orgId, new { scope_type = "ORGANIZATION", order_index = 1, destination_type = "CUSTOM_URL", custom_url = "https://brand.example/all" });
        await owner.CreateRuleAsync(orgId, new { scope_type = "SERIAL", scope_id = $"{gtin}/21/SN-7", order_index = 1, destination_type = "CUSTOM_URL", custom_url = "https://brand.example/sn7" });

        var product = await fx.Scanner().GetAsync($"/01/{gtin}", "text/html");
        var serial = await fx.Scanner().GetAsync($"/01/{gtin}/21/SN-7?src=qr", "text/html");
        var otherSerial = await fx.Scanner().GetAsync($"/01/{gtin}/21/SN-8", "text/html");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, product.StatusCode);
        Assert.Equal("https://brand.example/all", product.Location());
        Assert.Equal("https://brand.example/sn7?src=qr", serial.Location()); // the query string is passed on
        Assert.Equal("https://brand.example/all", otherSerial.Location());
    }

    [Fact]
    public async Task The_linkset_lists_the_rules_link_and_a_hosted_page_rule_keeps_the_hosted_page()
    {
        var (gtin, org) = await fx.CreateProductAsync();
        var owner = fx.ClientFor(org.ToString());
        var orgId = ShortId.Encode(org);
        await owner.CreateRuleAsync(orgId, new { scope_type = "PRODUCT", scope_id = gtin, order_index = 1, destination_type = "HOSTED_PAGE" });
        await owner.CreateRuleAsync(orgId, new { scope_type = "ORGANIZATION", order_index = 1, destination_type = "CUSTOM_URL", custom_url = "https://brand.example/all" });

        var scan = await fx.Scanner().GetAsync($"/01/{gtin}", "text/html");
        Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}", scan.Location()); // PRODUCT outranks ORGANIZATION

        var linkset = await fx.Scanner().GetAsync($"/01/{gtin}?linkType=linkset", null);
        Assert.Equal(HttpStatusCode.OK, linkset.StatusCode);
        Assert.DoesNotContain("brand.example", await linkset.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_brand_rule_applies_to_the_products_of_that_brand()
    {
        var (gtin, org) = await fx.CreateProductAsync(brand: "Leafy Co");
        var owner = fx.ClientFor(org.ToString());
        var orgId = ShortId.Encode(org);
        var brand = JsonDocument.Parse(await (await owner.PostJsonAsync("/brands/api/v1/brands", new { organization_id = orgId, name = "leafy co" }))
            .Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        await owner.CreateRuleAsync(orgId, new { scope_type = "BRAND", scope_id = brand, order_index = 1, destination_type = "CUSTOM_URL", custom_url = "https://leafy.example/" });

        var scan = await fx.Scanner().GetAsync($"/01/{gtin}", "text/html");

        Assert.Equal("https://leafy.example/", scan.Location());
    }
}
