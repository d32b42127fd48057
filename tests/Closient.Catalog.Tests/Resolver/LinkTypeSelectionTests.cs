using System.Net;
using System.Text.Json;
using Closient.Catalog.Resolver;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>
/// Conformance: "SHALL redirect to the requested linkType if available", "SHALL pass on all key=value pairs
/// in the query string … when redirecting", and links selected by language, media type and context. Links
/// beyond the built-in ones come from the <see cref="IResolutionLinkSource"/> (stubbed here, as rules will).
/// </summary>
public sealed class LinkTypeSelectionTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    const string Certification = "https://gs1.org/voc/certificationInfo";
    const string Recall = "https://gs1.org/voc/recallStatus";

    [Theory]
    [InlineData("gs1:pip")]
    [InlineData("https://gs1.org/voc/pip")]
    [InlineData("gs1:defaultLink")]
    [InlineData("gs1:defaultLinkMulti")]
    public async Task A_link_type_as_curie_or_full_uri_redirects_to_that_link(string linkType)
    {
        var (gtin, _) = await fx.CreateProductAsync();

        var response = await fx.Scanner().GetAsync($"/01/{gtin}?linkType={Uri.EscapeDataString(linkType)}", "application/json");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.StartsWith($"http://localhost/resolver/api/v1/pages/01/{gtin}?linkType=", response.Location());
    }

    [Fact]
    public async Task The_query_string_is_passed_on_when_redirecting()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        fx.StubLinks.Set(gtin, new(
        [
            new(Certification, "https://brand.example/cert?lang=en", "Certificates"),
            new("https://gs1.org/voc/epil", "https://brand.example/leaflet#dosage", "Leaflet"),
        ], null));

        var toPage = await fx.LinkedScanner().GetAsync($"/01/{gtin}/10/L1?17=271231&utm_source=qr&x=a%26b", "text/html");
        var toCert = await fx.LinkedScanner().GetAsync($"/01/{gtin}?linkType=gs1:certificationInfo&utm=1", null);

        Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}?17=271231&utm_source=qr&x=a%26b", toPage.Location());
        Assert.Equal("https://brand.example/cert?lang=en&linkType=gs1:certificationInfo&utm=1", toCert.Location());
        var toLeaflet = await fx.LinkedScanner().GetAsync($"/01/{gtin}?linkType=gs1:epil&utm=2", null);
        Assert.Equal("https://brand.example/leaflet?linkType=gs1:epil&utm=2#dosage", toLeaflet.Location());
    }

    [Fact]
    public async Task A_link_type_the_item_does_not_have_is_404()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        foreach (var linkType in new[] { "gs1:certificationInfo", "https://gs1.org/voc/recallStatus", "https://example.com/voc/other" })
        {
            var response = await fx.Scanner().GetAsync($"/01/{gtin}?linkType={Uri.EscapeDataString(linkType)}", null);

            var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            Assert.Contains(linkType, problem.GetProperty("detail").GetString());
            Assert.Contains("rel=\"linkset\"", response.LinkHeader());
        }
    }

    [Fact]
    public async Task Indistinguishable_links_answer_300_with_the_choices()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        fx.StubLinks.Set(gtin, new(
        [
            new(Certification, "https://brand.example/organic", "Organic certificate"),
            new(Certification, "https://brand.example/fairtrade", "Fairtrade certificate"),
        ], null));

        var response = await fx.LinkedScanner().GetAsync($"/01/{gtin}?linkType=gs1:certificationInfo", "text/html");

        Assert.Equal(HttpStatusCode.MultipleChoices, response.StatusCode);
        Assert.Equal("application/linkset+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonSchemaAssert.Valid("gs1-linkset-schema.json", body.RootElement);
        var choices = body.RootElement.GetProperty("linkset")[0].GetProperty(Certification).EnumerateArray().Select(l => l.GetProperty("href").GetString());
        Assert.Equal(["https://brand.example/organic", "https://brand.example/fairtrade"], choices);
    }

    [Fact]
    public async Task Accept_language_selects_among_links_of_one_type()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        fx.StubLinks.Set(gtin, new(
        [
            new(Certification, "https://brand.example/en", "Certificate", HrefLang: ["en"]),
            new(Certification, "https://brand.example/fr", "Certificat", HrefLang: ["fr"]),
            new(Certification, "https://brand.example/de-at", "Zertifikat", HrefLang: ["de-AT"]),
        ], null));

        async Task<string> Resolve(string language) =>
            (await fx.LinkedScanner().GetAsync($"/01/{gtin}?linkType=gs1:certificationInfo", null, ("Accept-Language", language))).Location();

        Assert.Equal("https://brand.example/fr?linkType=gs1:certificationInfo", await Resolve("fr-CH, fr;q=0.9, en;q=0.8"));
        Assert.Equal("https://brand.example/en?linkType=gs1:certificationInfo", await Resolve("es, en;q=0.5"));
        Assert.Equal("https://brand.example/de-at?linkType=gs1:certificationInfo", await Resolve("de"));
        Assert.Equal("https://brand.example/fr?linkType=gs1:certificationInfo", await Resolve("en;q=0.1, fr"));
    }

    [Fact]
    public async Task Context_and_media_type_select_among_links()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        fx.StubLinks.Set(gtin, new(
        [
            new(Recall, "https://brand.example/recall-us", "Recall (US)", Context: ["us"]),
            new(Recall, "https://brand.example/recall-eu", "Recall (EU)", Context: ["eu"]),
            new(Certification, "https://brand.example/cert.pdf", "Certificate (PDF)", Type: "application/pdf"),
            new(Certification, "https://brand.example/cert.html", "Certificate", Type: "text/html"),
        ], null));

        var eu = await fx.LinkedScanner().GetAsync($"/01/{gtin}?linkType=gs1:recallStatus&context=eu", null);
        var pdf = await fx.LinkedScanner().GetAsync($"/01/{gtin}?linkType=gs1:certificationInfo", "application/pdf");
        var html = await fx.LinkedScanner().GetAsync($"/01/{gtin}?linkType=gs1:certificationInfo", "text/html");

        Assert.Equal("https://brand.example/recall-eu?linkType=gs1:recallStatus&context=eu", eu.Location());
        Assert.Equal("https://brand.example/cert.pdf?linkType=gs1:certificationInfo", pdf.Location());
        Assert.Equal("https://brand.example/cert.html?linkType=gs1:certificationInfo", html.Location());
    }

    [Fact]
    public async Task A_source_default_replaces_the_hosted_page_and_lot_links_win_over_gtin_links()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        // As a lot-scoped rule would: the lot link exists only for lot L7.
        fx.StubLinks.SetRule(gtin, request => new(
        [
            new(Recall, "https://brand.example/recall", "Recall status"),
            .. request.Link.Get("10") == "L7" ? [new ResolverLink(Recall, "https://brand.example/recall/L7", "Recall status of lot L7", Depth: 1)] : Array.Empty<ResolverLink>(),
        ], new ResolverLink(ResolverRequests.Pip, "https://brand.example/product", "Brand page")));

        var byDefault = await fx.LinkedScanner().GetAsync($"/01/{gtin}", null);
        var lot = await fx.LinkedScanner().GetAsync($"/01/{gtin}/10/L7?linkType=gs1:recallStatus", null);
        var otherLot = await fx.LinkedScanner().GetAsync($"/01/{gtin}/10/L8/21/S1?linkType=gs1:recallStatus", null);
        var pip = await fx.LinkedScanner().GetAsync($"/01/{gtin}?linkType=gs1:pip", null);

        Assert.Equal("https://brand.example/product", byDefault.Location());
        Assert.Equal("https://brand.example/recall/L7?linkType=gs1:recallStatus", lot.Location());
        Assert.Equal("https://brand.example/recall?linkType=gs1:recallStatus", otherLot.Location());
        Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}?linkType=gs1:pip", pip.Location());
    }

    [Fact]
    public async Task The_link_source_sees_the_parsed_request()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        await fx.LinkedScanner().GetAsync($"/01/{gtin}/10/L1?15=271231&linkType=gs1:pip", null,
            ("Accept-Language", "de-DE, en;q=0.5"), (ResolverFixture.CountryHeader, "de"));

        var request = fx.StubLinks.Requests.Last(r => r.Link.PrimaryKey.Value == gtin);
        Assert.Equal("L1", request.Link.Get("10"));
        Assert.Equal("271231", request.Link.Get("15"));
        Assert.Equal("gs1:pip", request.Link.LinkType);
        Assert.Equal(ResolverRequests.Pip, request.RequestedLinkType);
        Assert.Equal(1, request.Link.LevelOf("10"));
        Assert.Equal(-1, request.Link.LevelOf("21"));
        Assert.Equal("DE", request.Country);
        Assert.Equal(["de-de", "en"], request.Languages);
        Assert.Equal(gtin, request.Product.Product.Gtin);
        Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}", request.HostedPageUrl);
    }
}
