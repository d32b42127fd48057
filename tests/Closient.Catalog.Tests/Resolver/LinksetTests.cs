using System.Net;
using System.Text.Json;
using Closient.Catalog.Resolver;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>
/// Conformance: "SHALL respond to a query parameter of linkType set to all by returning a list of links …
/// as per Linkset … If the request URI includes one or more key qualifiers, any links associated with each
/// level up to the primary key SHALL be included", "All links exposed SHALL include the target URL, the link
/// relationship type and a human-readable title". Validated against GS1's gs1-linkset-schema.json.
/// </summary>
public sealed class LinksetTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    static async Task<JsonElement> ReadLinksetAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/linkset+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        JsonSchemaAssert.Valid("gs1-linkset-schema.json", json);
        return json;
    }

    [Fact]
    public async Task The_linkset_of_a_gtin_has_the_built_in_links_and_is_schema_valid()
    {
        var (gtin, _) = await fx.CreateProductAsync(name: "Green Tea", brand: "Leaf");

        var linkset = await ReadLinksetAsync(await fx.Scanner().GetAsync($"/01/{gtin}?linkType=linkset", null));

        var item = Assert.Single(linkset.GetProperty("linkset").EnumerateArray());
        Assert.Equal($"http://localhost/01/{gtin}", item.GetProperty("anchor").GetString());
        Assert.Equal("Leaf Green Tea", item.GetProperty("itemDescription").GetString());
        var pip = Assert.Single(item.GetProperty(ResolverRequests.Pip).EnumerateArray());
        Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}", pip.GetProperty("href").GetString());
        Assert.Equal("text/html", pip.GetProperty("type").GetString());
        Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}",
            Assert.Single(item.GetProperty("https://gs1.org/voc/defaultLink").EnumerateArray()).GetProperty("href").GetString());
        Assert.Equal($"http://localhost/01/{gtin}", Assert.Single(item.GetProperty("canonical").EnumerateArray()).GetProperty("href").GetString());
        Assert.Equal("application/ld+json", Assert.Single(item.GetProperty("describedby").EnumerateArray()).GetProperty("type").GetString());
        foreach (var relation in item.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array))
            foreach (var link in relation.Value.EnumerateArray())
                Assert.False(string.IsNullOrWhiteSpace(link.GetProperty("title").GetString()), relation.Name);
    }

    [Fact]
    public async Task The_linkset_of_a_qualified_uri_includes_every_level_up_to_the_primary_key()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        fx.StubLinks.Set(gtin, new(
        [
            new("https://gs1.org/voc/recallStatus", "https://brand.example/recall/L1", "Recall of lot L1", Depth: 1, HrefLang: ["en", "fr-CA"]),
            new("https://gs1.org/voc/traceability", "https://brand.example/trace/L1/S9", "Trace of serial S9", Depth: 2, Context: ["us"]),
        ], null));

        var response = await fx.LinkedScanner().GetAsync($"/01/{gtin}/10/L1/21/S9", "application/linkset+json");
        var linkset = await ReadLinksetAsync(response);

        var levels = linkset.GetProperty("linkset").EnumerateArray().ToList();
        Assert.Equal([$"http://localhost/01/{gtin}", $"http://localhost/01/{gtin}/10/L1", $"http://localhost/01/{gtin}/10/L1/21/S9"],
            levels.Select(l => l.GetProperty("anchor").GetString()));
        Assert.True(levels[0].TryGetProperty(ResolverRequests.Pip, out _));
        Assert.Equal(["en", "fr-CA"], levels[1].GetProperty("https://gs1.org/voc/recallStatus")[0].GetProperty("hreflang").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("us", levels[2].GetProperty("https://gs1.org/voc/traceability")[0].GetProperty("context")[0].GetString());
    }

    [Fact]
    public async Task Source_links_are_sanitised_unsafe_targets_dropped_titles_filled_odd_languages_left_out()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        fx.StubLinks.Set(gtin, new(
        [
            new("https://gs1.org/voc/recallStatus", "javascript:alert(1)", "Evil"),
            new("https://gs1.org/voc/recallStatus", "/relative/path", "Relative"),
            new("https://gs1.org/voc/recallStatus", "https://brand.example/a b", "Space"),
            new("https://gs1.org/voc/recallStatus", "https://brand.example/recall", " ", HrefLang: ["zh-Hant", "en"]),
            new("https://gs1.org/voc/epil", "https://brand.example/epil", "Leaflet", Depth: 5),
        ], new ResolverLink(ResolverRequests.Pip, "ftp://brand.example/x", "Bad default")));

        var linkset = await ReadLinksetAsync(await fx.LinkedScanner().GetAsync($"/01/{gtin}?linkType=linkset", null));
        var redirect = await fx.LinkedScanner().GetAsync($"/01/{gtin}", null);

        var item = Assert.Single(linkset.GetProperty("linkset").EnumerateArray());
        var recall = Assert.Single(item.GetProperty("https://gs1.org/voc/recallStatus").EnumerateArray());
        Assert.Equal("https://brand.example/recall", recall.GetProperty("href").GetString());
        Assert.Equal("Recall status", recall.GetProperty("title").GetString());
        Assert.Equal(["en"], recall.GetProperty("hreflang").EnumerateArray().Select(h => h.GetString()));
        Assert.False(item.TryGetProperty("https://gs1.org/voc/epil", out _)); // a level the request does not have
        Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}", redirect.Location()); // the bad default is ignored
    }

    [Fact]
    public async Task Linkset_responses_link_the_json_ld_context_and_the_context_is_served()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        var response = await fx.Scanner().GetAsync($"/01/{gtin}", "application/linkset+json");

        var link = response.LinkHeader();
        Assert.Contains($"<http://localhost/01/{gtin}?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\"", link);
        Assert.Contains("<http://localhost/resolver/api/v1/linkset-context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"", link);

        var context = await fx.Scanner().GetAsync("/resolver/api/v1/linkset-context.jsonld", null);
        Assert.Equal(HttpStatusCode.OK, context.StatusCode);
        Assert.Equal("application/ld+json", context.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await context.Content.ReadAsStringAsync());
        Assert.Equal("https://gs1.org/voc/", document.RootElement.GetProperty("@context").GetProperty("gs1").GetString());
    }

    [Fact]
    public async Task Anchors_use_the_host_and_scheme_the_client_used()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        var client = fx.Scanner();
        client.BaseAddress = new Uri("https://id.brand.example:8443/");

        var linkset = await ReadLinksetAsync(await client.GetAsync($"/01/{gtin}?linkType=linkset", null));

        Assert.Equal($"https://id.brand.example:8443/01/{gtin}", linkset.GetProperty("linkset")[0].GetProperty("anchor").GetString());
    }

    [Fact]
    public void The_validator_rejects_what_the_gs1_schema_forbids()
    {
        Assert.NotEmpty(JsonSchemaAssert.Errors("gs1-linkset-schema.json", """{"linkset":[{"anchor":"http://x/01/1"}]}"""));
        Assert.NotEmpty(JsonSchemaAssert.Errors("gs1-linkset-schema.json",
            """{"linkset":[{"anchor":"http://x/01/1","itemDescription":"d","canonical":[{"href":"http://x"}]}]}"""));
        Assert.NotEmpty(JsonSchemaAssert.Errors("gs1-linkset-schema.json",
            """{"linkset":[{"anchor":"http://x/01/1","itemDescription":"d","canonical":[{"href":"http://x","title":"t","extra":1}]}]}"""));
        Assert.Empty(JsonSchemaAssert.Errors("gs1-linkset-schema.json",
            """{"linkset":[{"anchor":"http://x/01/1","itemDescription":"d","canonical":[{"href":"http://x","title":"t"}]}]}"""));
    }
}

/// <summary>Anchors from <c>Resolver:PublicRoot</c> instead of the request's host.</summary>
public sealed class PublicRootFixture : ResolverFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Resolver:PublicRoot"] = "https://id.closient.example/" };
}

public sealed class PublicRootTests(PublicRootFixture fx) : IClassFixture<PublicRootFixture>
{
    [Fact]
    public async Task A_configured_public_root_is_used_for_anchors_redirects_and_the_description_file()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        var linkset = JsonDocument.Parse(await (await fx.Scanner().GetAsync($"/01/{gtin}?linkType=linkset", null)).Content.ReadAsStringAsync()).RootElement;
        var redirect = await fx.Scanner().GetAsync($"/01/{gtin}", null);
        var description = JsonDocument.Parse(await (await fx.Scanner().GetAsync("/.well-known/gs1resolver", null)).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal($"https://id.closient.example/01/{gtin}", linkset.GetProperty("linkset")[0].GetProperty("anchor").GetString());
        Assert.Equal($"https://id.closient.example/resolver/api/v1/pages/01/{gtin}", redirect.Location());
        Assert.Equal("https://id.closient.example", description.GetProperty("resolverRoot").GetString());
    }
}
