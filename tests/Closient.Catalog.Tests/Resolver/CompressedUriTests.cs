using System.Net;
using System.Text.Json;
using Closient.Catalog.Gs1;
using Closient.Catalog.Resolver;
using Closient.Contracts.Catalog;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>
/// Conformance items 4, 5 and 8: a compressed GS1 Digital Link URI SHALL be decompressed and resolved as its
/// uncompressed URI, the uncompressed URI SHALL be in the Link header with rel owl:sameAs, and linksets use
/// the uncompressed URI as their subject.
/// </summary>
public sealed class CompressedUriTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    static string Compress(string gtin, params (string Ai, string Value)[] more)
    {
        Assert.True(DigitalLinkCompression.Instance.TryCompress([new("01", gtin), .. more.Select(m => new AiValue(m.Ai, m.Value))], [],
            out var segment, out var error), error);
        return segment;
    }

    static string SameAs(HttpResponseMessage response)
    {
        var link = string.Join(", ", response.Headers.GetValues("Link"));
        var sameAs = link.Split(", ").Single(l => l.EndsWith("rel=\"owl:sameAs\""));
        return sameAs[1..sameAs.IndexOf('>')];
    }

    [Fact]
    public async Task A_compressed_uri_redirects_like_its_uncompressed_uri_and_names_it_in_the_link_header()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        var segment = Compress(gtin, ("10", "L1"), ("21", "S9"));

        var compressed = await fx.Scanner().GetAsync($"/{segment}", "text/html");
        var plain = await fx.Scanner().GetAsync($"/01/{gtin}/10/L1/21/S9", "text/html");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, compressed.StatusCode);
        Assert.Equal(plain.StatusCode, compressed.StatusCode);
        Assert.Equal(plain.Headers.Location, compressed.Headers.Location);
        Assert.Equal($"http://localhost/01/{gtin}/10/L1/21/S9", SameAs(compressed));
        var link = string.Join(", ", compressed.Headers.GetValues("Link"));
        Assert.Contains($"<http://localhost/01/{gtin}/10/L1/21/S9?linkType=linkset>; rel=\"linkset\"", link);
        Assert.Equal("*", Assert.Single(compressed.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task The_linkset_of_a_compressed_uri_has_the_uncompressed_uri_as_anchor()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        fx.StubLinks.Set(gtin, new([new("https://gs1.org/voc/recallStatus", "https://brand.example/recall/L1", "Recall of lot L1", Depth: 1)], null));
        var segment = Compress(gtin, ("10", "L1"));

        var response = await fx.LinkedScanner().GetAsync($"/{segment}?linkType=linkset", null);
        var plain = await fx.LinkedScanner().GetAsync($"/01/{gtin}/10/L1?linkType=linkset", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/linkset+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(body).RootElement;
        JsonSchemaAssert.Valid("gs1-linkset-schema.json", json);
        var anchors = json.GetProperty("linkset").EnumerateArray().Select(i => i.GetProperty("anchor").GetString()).ToList();
        Assert.Equal([$"http://localhost/01/{gtin}", $"http://localhost/01/{gtin}/10/L1"], anchors);
        Assert.Equal(await plain.Content.ReadAsStringAsync(), body);
        Assert.Equal($"http://localhost/01/{gtin}/10/L1?linkType=linkset", SameAs(response));
    }

    [Fact]
    public async Task Json_link_types_and_data_attributes_behave_as_uncompressed()
    {
        var (gtin, _) = await fx.CreateProductAsync(name: "Oolong");
        var segment = Compress(gtin, ("17", "261231"));

        var json = await fx.Scanner().GetAsync($"/{segment}", "application/json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Contains("Oolong", await json.Content.ReadAsStringAsync());
        Assert.Equal($"http://localhost/01/{gtin}?17=261231", SameAs(json));

        var pip = await fx.Scanner().GetAsync($"/{segment}?linkType=gs1:pip", null);
        var plain = await fx.Scanner().GetAsync($"/01/{gtin}?17=261231&linkType=gs1:pip", null);
        Assert.Equal(plain.StatusCode, pip.StatusCode);
        Assert.Equal(plain.Headers.Location, pip.Headers.Location);

        var missing = await fx.Scanner().GetAsync($"/{segment}?linkType=gs1:epil", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal($"http://localhost/01/{gtin}?17=261231&linkType=gs1:epil", SameAs(missing));
    }

    [Fact]
    public async Task A_compressed_scan_is_recorded_with_its_uncompressed_data()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        var response = await fx.Scanner().GetAsync($"/{Compress(gtin, ("10", "LOTC"), ("21", "SERC"))}", "text/html");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        var (scan, _) = await fx.Bus.WaitForScanAsync(s => s.Gtin == gtin);
        Assert.Equal(("LOTC", "SERC"), (scan.Lot, scan.Serial));
    }

    [Fact]
    public async Task The_reference_vector_resolves_as_its_uncompressed_uri()
    {
        // github.com/gs1/digital-link.js tests/index.js: /01/9780345418913/21/43786?foo=bar → DBHKVAdpQgqrCvBv0UMG21W
        var response = await fx.Scanner().GetAsync("/DBHKVAdpQgqrCvBv0UMG21W", "text/html");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // valid, but no such product here
        Assert.Equal("http://localhost/01/09780345418913/21/43786?foo=bar", SameAs(response));
        Assert.Contains("09780345418913", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_partially_compressed_uri_resolves_as_its_uncompressed_uri()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        Assert.True(DigitalLinkCompression.Instance.TryCompress([new("10", "L1"), new("21", "S9")], [], out var segment, out var error), error);

        var partial = await fx.Scanner().GetAsync($"/01/{gtin}/{segment}?foo=bar", "text/html");
        var plain = await fx.Scanner().GetAsync($"/01/{gtin}/10/L1/21/S9?foo=bar", "text/html");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, partial.StatusCode);
        Assert.Equal(plain.Headers.Location, partial.Headers.Location);
        Assert.Equal($"http://localhost/01/{gtin}/10/L1/21/S9?foo=bar", SameAs(partial));
        Assert.Contains($"<http://localhost/01/{gtin}/10/L1/21/S9?linkType=linkset>; rel=\"linkset\"", string.Join(", ", partial.Headers.GetValues("Link")));
        var (scan, _) = await fx.Bus.WaitForScanAsync(s => s.Gtin == gtin && s.Serial == "S9");
        Assert.Equal("L1", scan.Lot);

        var linkset = await fx.Scanner().GetAsync($"/01/{gtin}/{segment}?linkType=linkset", null);
        Assert.Equal(HttpStatusCode.OK, linkset.StatusCode);
        Assert.Equal(await (await fx.Scanner().GetAsync($"/01/{gtin}/10/L1/21/S9?linkType=linkset", null)).Content.ReadAsStringAsync(),
            await linkset.Content.ReadAsStringAsync());

        var options = await fx.Scanner().SendAsync(HttpMethod.Options, $"/01/{gtin}/{segment}", null);
        Assert.Contains($"<http://localhost/01/{gtin}/10/L1/21/S9?linkType=linkset>; rel=\"linkset\"", string.Join(", ", options.Headers.GetValues("Link")));
        Assert.Equal($"http://localhost/01/{gtin}/10/L1/21/S9", SameAs(options));
    }

    [Fact]
    public async Task A_partially_compressed_uri_that_does_not_decode_is_400()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        foreach (var path in new[] { $"/01/{gtin}/EEarw", $"/01/{gtin}/AQnYUc1gmg", $"/01/{gtin}/zz" })
        {
            var response = await fx.Scanner().GetAsync(path, "text/html");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(response.Headers.TryGetValues("Link", out var links) ? links : [], l => l.Contains("owl:sameAs"));
        }
    }

    [Theory]
    [InlineData("/ARHKVAdpRg")]                    // GTIN with a wrong check digit
    [InlineData("/HxHKVAdpQgZzjr")]                // cut short
    [InlineData("/7u7u7u7u7u7u")]                  // unknown optimisation code
    [InlineData("/AAAAAAAAAAAAAAAAAAAA")]          // SSCC of zeros then a repeated AI
    [InlineData("/DBHKVAdpQgqrCvBv0UMG21W?21=1")] // the serial twice: compressed and in the query
    public async Task An_undecodable_compressed_uri_is_400_problem(string path)
    {
        var response = await fx.Scanner().GetAsync(path, "text/html");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var head = await fx.Scanner().SendAsync(HttpMethod.Head, path, null);
        Assert.Equal(HttpStatusCode.BadRequest, head.StatusCode);
    }

    [Fact]
    public async Task Options_and_head_on_a_compressed_uri_carry_both_links()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        var segment = Compress(gtin);

        var options = await fx.Scanner().SendAsync(HttpMethod.Options, $"/{segment}", null);
        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        Assert.Equal($"http://localhost/01/{gtin}", SameAs(options));
        Assert.Contains("rel=\"linkset\"", string.Join(", ", options.Headers.GetValues("Link")));

        var head = await fx.Scanner().SendAsync(HttpMethod.Head, $"/{segment}", "text/html");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, head.StatusCode);
        Assert.Equal($"http://localhost/01/{gtin}", SameAs(head));

        var bad = await fx.Scanner().SendAsync(HttpMethod.Options, "/ARHKVAdpRg", null);
        Assert.Equal(HttpStatusCode.NoContent, bad.StatusCode);
        Assert.False(bad.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Other_root_paths_are_not_taken_for_compressed_uris()
    {
        var health = await fx.Scanner().GetAsync("/health", null);
        Assert.NotEqual(HttpStatusCode.BadRequest, health.StatusCode);
        var shortSegment = await fx.Scanner().GetAsync("/ARHKVAdp", null); // below 10 characters: no route
        Assert.Equal(HttpStatusCode.NotFound, shortSegment.StatusCode);
    }
}
