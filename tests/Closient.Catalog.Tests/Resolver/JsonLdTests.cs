using System.Net;
using System.Text.Json;
using Closient.Catalog.Tests.Certifications;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>
/// <c>Accept: application/ld+json</c> on <c>/01/{gtin}</c>: a JSON-LD node (schema.org Product + GS1 Web Vocabulary
/// gs1:Product) whose <c>@id</c> is the canonical Digital Link URI, answered without a redirect, with the product's
/// active certifications and its links; the linkset's <c>describedby</c> points at it.
/// </summary>
public sealed class JsonLdTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    const string Gs1 = "https://gs1.org/voc/";

    /// <summary>
    /// Well-formed JSON-LD as this resolver writes it: an object with an <c>@context</c> of prefix definitions, and every
    /// key at every depth is a JSON-LD keyword, a compact IRI whose prefix the context defines, or an absolute IRI.
    /// </summary>
    static JsonElement AssertWellFormed(string body, string expectedId)
    {
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        var context = root.GetProperty("@context");
        Assert.Equal(JsonValueKind.Object, context.ValueKind);
        var prefixes = context.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal("https://schema.org/", prefixes["schema"]);
        Assert.Equal(Gs1, prefixes["gs1"]);
        foreach (var iri in prefixes.Values) Assert.True(Uri.IsWellFormedUriString(iri, UriKind.Absolute), iri);
        Assert.Equal(expectedId, root.GetProperty("@id").GetString());
        Assert.True(Uri.IsWellFormedUriString(expectedId, UriKind.Absolute));
        var types = root.GetProperty("@type").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("schema:Product", types);
        Assert.Contains("gs1:Product", types);
        CheckKeys(root, prefixes, isRoot: true);
        return root;
    }

    static void CheckKeys(JsonElement element, IReadOnlyDictionary<string, string> prefixes, bool isRoot = false)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) CheckKeys(item, prefixes);
            return;
        }
        if (element.ValueKind != JsonValueKind.Object) return;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "@context") { Assert.True(isRoot, "only the top node has a context"); continue; }
            if (property.Name.StartsWith('@'))
            {
                Assert.Contains(property.Name, new[] { "@id", "@type", "@value", "@language" });
                if (property.Name == "@id") Assert.True(Uri.IsWellFormedUriString(Expand(property.Value.GetString()!, prefixes), UriKind.Absolute), property.Value.GetString());
                continue;
            }
            var colon = property.Name.IndexOf(':');
            Assert.True(colon > 0, $"'{property.Name}' is neither a compact nor an absolute IRI");
            var prefix = property.Name[..colon];
            Assert.True(prefixes.ContainsKey(prefix) || prefix is "http" or "https", $"undefined prefix in '{property.Name}'");
            CheckKeys(property.Value, prefixes);
        }
    }

    static string Expand(string value, IReadOnlyDictionary<string, string> prefixes)
    {
        var colon = value.IndexOf(':');
        return colon > 0 && prefixes.TryGetValue(value[..colon], out var ns) ? ns + value[(colon + 1)..] : value;
    }

    async Task<(string Gtin, HttpClient Owner)> ProductAsync()
    {
        var (gtin, org) = await fx.CreateProductAsync(name: "Green Tea", brand: "Leaf", description: "Sencha.");
        var owner = fx.ClientFor(org.ToString());
        var patch = await owner.PatchJsonAsync($"{Api.Products}/{gtin}", new
        {
            country_of_origin = "JP", net_content = "100 g", net_content_value = 100, net_content_uom = "GRM", manufacturer = "Leaf Co",
        });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        await fx.Database.ScalarAsync<int>("UPDATE catalog.products SET image_url = 'https://img.example/tea.png' WHERE gtin = @gtin RETURNING 1", new { gtin });
        return (gtin, owner);
    }

    [Theory]
    [InlineData("application/ld+json")]
    [InlineData("application/ld+json, text/html;q=0.9")]
    [InlineData("text/html;q=0.5, application/ld+json")]
    public async Task Json_ld_is_answered_without_redirect_and_carries_the_product_in_both_vocabularies(string accept)
    {
        var (gtin, _) = await ProductAsync();

        var response = await fx.Scanner().GetAsync($"/01/{gtin}", accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<http://localhost/01/{gtin}?linkType=linkset>; rel=\"linkset\"", response.LinkHeader());
        var doc = AssertWellFormed(await response.Content.ReadAsStringAsync(), $"http://localhost/01/{gtin}");
        Assert.Equal(gtin, doc.GetProperty("schema:gtin").GetString());
        Assert.Equal(gtin, doc.GetProperty("gs1:gtin").GetString());
        Assert.Equal("Green Tea", doc.GetProperty("schema:name").GetString());
        Assert.Equal("Green Tea", doc.GetProperty("gs1:productName").GetString());
        Assert.Equal("Sencha.", doc.GetProperty("schema:description").GetString());
        Assert.Equal("Sencha.", doc.GetProperty("gs1:productDescription").GetString());
        Assert.Equal("Leaf", doc.GetProperty("schema:brand").GetProperty("schema:name").GetString());
        Assert.Equal("Leaf", doc.GetProperty("gs1:brand").GetProperty("gs1:brandName").GetString());
        Assert.Equal("Leaf Co", doc.GetProperty("schema:manufacturer").GetProperty("schema:name").GetString());
        Assert.Equal("https://img.example/tea.png", doc.GetProperty("schema:image").GetProperty("@id").GetString());
        Assert.Equal("https://img.example/tea.png", doc.GetProperty("gs1:referencedFile").GetProperty("gs1:referencedFileURL").GetProperty("@id").GetString());
        Assert.Equal("JP", doc.GetProperty("gs1:countryOfOrigin").GetProperty("gs1:countryCode").GetString());
        Assert.Equal("JP", doc.GetProperty("schema:countryOfOrigin").GetProperty("schema:identifier").GetString());
        var net = doc.GetProperty("gs1:netContent");
        Assert.Equal("gs1:QuantitativeValue", net.GetProperty("@type").GetString());
        Assert.Equal("100", net.GetProperty("gs1:value").GetProperty("@value").GetString());
        Assert.Equal("GRM", net.GetProperty("gs1:unitCode").GetString());
        Assert.Equal("100 g", doc.GetProperty("schema:additionalProperty").GetProperty("schema:value").GetString());
        var hosted = $"http://localhost/resolver/api/v1/pages/01/{gtin}";
        Assert.Equal(hosted, Assert.Single(doc.GetProperty("gs1:pip").EnumerateArray()).GetProperty("@id").GetString());
        Assert.Equal(hosted, Assert.Single(doc.GetProperty("gs1:defaultLink").EnumerateArray()).GetProperty("@id").GetString());
        Assert.Equal(hosted, doc.GetProperty("schema:url").GetProperty("@id").GetString());
        Assert.False(doc.TryGetProperty("schema:hasCertification", out _));
        Assert.False(doc.TryGetProperty("gs1:certificationInfo", out _));
    }

    [Fact]
    public async Task Json_ld_of_a_qualified_uri_describes_the_gtin_and_includes_source_links()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        fx.StubLinks.Set(gtin, new([new("https://gs1.org/voc/recallStatus", "https://brand.example/recall", "Recall")], null));

        var response = await fx.LinkedScanner().GetAsync($"/01/{gtin}/10/L1", "application/ld+json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = AssertWellFormed(await response.Content.ReadAsStringAsync(), $"http://localhost/01/{gtin}");
        Assert.Equal("https://brand.example/recall", Assert.Single(doc.GetProperty("gs1:recallStatus").EnumerateArray()).GetProperty("@id").GetString());
    }

    [Fact]
    public async Task The_linksets_describedby_link_leads_to_the_json_ld()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        var linkset = JsonDocument.Parse(await (await fx.Scanner().GetAsync($"/01/{gtin}", "application/linkset+json")).Content.ReadAsStringAsync());
        var describedBy = Assert.Single(linkset.RootElement.GetProperty("linkset")[0].GetProperty("describedby").EnumerateArray());
        Assert.Equal("application/ld+json", describedBy.GetProperty("type").GetString());

        var followed = await fx.Scanner().GetAsync(describedBy.GetProperty("href").GetString()!, describedBy.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        AssertWellFormed(await followed.Content.ReadAsStringAsync(), $"http://localhost/01/{gtin}");

        var byLinkType = await fx.Scanner().GetAsync($"/01/{gtin}?linkType=describedby", null);
        Assert.Equal(HttpStatusCode.OK, byLinkType.StatusCode);
        Assert.Equal("application/ld+json", byLinkType.Content.Headers.ContentType?.MediaType);
        AssertWellFormed(await byLinkType.Content.ReadAsStringAsync(), $"http://localhost/01/{gtin}");
    }

    [Fact]
    public async Task Active_certifications_are_in_the_json_ld_the_linkset_and_the_hosted_page()
    {
        var (gtin, org) = await fx.CreateProductAsync(name: "Oat Drink", brand: "Oaty");
        var owner = fx.ClientFor(org.ToString());
        await owner.AssignAsync(gtin, new { code = "USDA_ORGANIC", certificate_number = "ORG-123", expiration_date = "2999-12-31", certification_value = "100%" });
        await owner.AssignAsync(gtin, new { code = "FAIR_TRADE_USA", valid_from = "2000-01-01", expiration_date = "2001-01-01" }); // expired

        var response = await fx.Scanner().GetAsync($"/01/{gtin}", "application/ld+json");
        var doc = AssertWellFormed(await response.Content.ReadAsStringAsync(), $"http://localhost/01/{gtin}");

        var schemaCert = Assert.Single(doc.GetProperty("schema:hasCertification").EnumerateArray());
        Assert.Equal("schema:Certification", schemaCert.GetProperty("@type").GetString());
        Assert.Equal("USDA Organic", schemaCert.GetProperty("schema:name").GetString());
        Assert.Equal("ORG-123", schemaCert.GetProperty("schema:certificationIdentification").GetString());
        Assert.Equal("USDA Agricultural Marketing Service", schemaCert.GetProperty("schema:issuedBy").GetProperty("schema:name").GetString());
        Assert.Equal("2999-12-31", schemaCert.GetProperty("schema:expires").GetProperty("@value").GetString());
        var gs1Cert = Assert.Single(doc.GetProperty("gs1:certification").EnumerateArray());
        Assert.Equal("gs1:CertificationDetails", gs1Cert.GetProperty("@type").GetString());
        Assert.Equal("USDA Agricultural Marketing Service", gs1Cert.GetProperty("gs1:certificationAgency").GetString());
        Assert.Equal("ORG-123", gs1Cert.GetProperty("gs1:certificationIdentification").GetString());
        Assert.Equal("100%", gs1Cert.GetProperty("gs1:certificationValue").GetString());
        Assert.Equal("2999-12-31", gs1Cert.GetProperty("gs1:certificationEndDate").GetProperty("@value").GetString());
        var infoUrl = $"http://localhost/resolver/api/v1/pages/01/{gtin}#certifications";
        Assert.Equal(infoUrl, Assert.Single(doc.GetProperty("gs1:certificationInfo").EnumerateArray()).GetProperty("@id").GetString());

        var linkset = JsonDocument.Parse(await (await fx.Scanner().GetAsync($"/01/{gtin}?linkType=linkset", null)).Content.ReadAsStringAsync()).RootElement;
        JsonSchemaAssert.Valid("gs1-linkset-schema.json", linkset);
        var info = Assert.Single(linkset.GetProperty("linkset")[0].GetProperty(Gs1 + "certificationInfo").EnumerateArray());
        Assert.Equal(infoUrl, info.GetProperty("href").GetString());

        var redirect = await fx.Scanner().GetAsync($"/01/{gtin}?linkType=gs1:certificationInfo", null);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        // The request's query string is passed on (before the fragment), as for every redirect.
        Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}?linkType=gs1:certificationInfo#certifications", redirect.Location());

        var page = await (await fx.Scanner().GetAsync($"/resolver/api/v1/pages/01/{gtin}", "text/html")).Content.ReadAsStringAsync();
        Assert.Contains("<section id=\"certifications\">", page);
        Assert.Contains("USDA Organic (USDA Agricultural Marketing Service), certificate ORG-123", page);
        Assert.DoesNotContain("Fair Trade", page);
    }

    [Fact]
    public async Task Without_active_certifications_there_is_no_certification_info_link()
    {
        var (gtin, org) = await fx.CreateProductAsync();
        await fx.ClientFor(org.ToString()).AssignAsync(gtin, new { code = "MSC", valid_from = "2999-01-01" }); // not yet valid

        var linkset = JsonDocument.Parse(await (await fx.Scanner().GetAsync($"/01/{gtin}?linkType=linkset", null)).Content.ReadAsStringAsync()).RootElement;
        Assert.False(linkset.GetProperty("linkset")[0].TryGetProperty(Gs1 + "certificationInfo", out _));
        var missing = await fx.Scanner().GetAsync($"/01/{gtin}?linkType=gs1:certificationInfo", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var page = await (await fx.Scanner().GetAsync($"/resolver/api/v1/pages/01/{gtin}", "text/html")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("id=\"certifications\"", page);
    }

    [Fact]
    public async Task Json_ld_of_an_unknown_gtin_is_a_404_problem()
    {
        var response = await fx.Scanner().GetAsync($"/01/{TestGtins.To14(TestGtins.New13())}", "application/ld+json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
