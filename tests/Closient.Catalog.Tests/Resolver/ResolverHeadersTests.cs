using System.Net;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>
/// Conformance: "SHALL support HTTP 1.1 GET, HEAD and OPTIONS", "SHALL support CORS", "SHOULD expose link to
/// the linkset in an HTTP Link header, even when redirecting", "SHOULD tolerate trailing slashes".
/// </summary>
public sealed class ResolverHeadersTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    [Fact]
    public async Task Every_answer_for_a_valid_uri_carries_one_link_header_to_its_linkset()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        var expected = $"<http://localhost/01/{gtin}/10/L1?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\"";

        foreach (var (method, accept, query) in new[]
                 {
                     (HttpMethod.Get, "text/html", ""), (HttpMethod.Get, "application/json", ""), (HttpMethod.Head, (string?)null, ""),
                     (HttpMethod.Get, null, "?linkType=gs1:pip"), (HttpMethod.Get, null, "?linkType=gs1:epil"), (HttpMethod.Options, null, ""),
                 })
        {
            var response = await fx.Scanner().SendAsync(method, $"/01/{gtin}/10/L1{query}", accept);

            Assert.Equal(expected, response.LinkHeader());
        }
    }

    [Fact]
    public async Task Options_answers_allow_and_cors_for_valid_and_any_primary_key_path()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        var response = await fx.Scanner().SendAsync(HttpMethod.Options, $"/01/{gtin}", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["GET", "HEAD", "OPTIONS"], response.Content.Headers.Allow.Order());
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("rel=\"linkset\"", response.LinkHeader());
    }

    [Fact]
    public async Task A_cors_preflight_is_answered_for_the_requested_method_and_headers()
    {
        var response = await fx.Scanner().SendAsync(HttpMethod.Options, "/01/09506000134352/10/L1", null,
            ("Origin", "https://app.example"), ("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "accept-language"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("GET, HEAD, OPTIONS", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Equal("accept-language", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Headers")));
    }

    [Fact]
    public async Task Cors_headers_are_on_redirects_data_and_problems_and_expose_link_and_location()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        foreach (var (path, accept) in new[] { ($"/01/{gtin}", "text/html"), ($"/01/{gtin}", "application/json"), ("/01/123", "text/html") })
        {
            var response = await fx.Scanner().GetAsync(path, accept, ("Origin", "https://app.example"));

            Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
            var exposed = Assert.Single(response.Headers.GetValues("Access-Control-Expose-Headers"));
            Assert.Contains("Link", exposed);
            Assert.Contains("Location", exposed);
        }
    }

    [Fact]
    public async Task A_trailing_slash_behaves_like_none()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        foreach (var (path, accept) in new[] { ($"/01/{gtin}", "text/html"), ($"/01/{gtin}/10/L1", "text/html"), ($"/01/{gtin}", "application/json") })
        {
            var without = await fx.Scanner().GetAsync(path, accept);
            var with = await fx.Scanner().GetAsync(path + "/", accept);

            Assert.Equal(without.StatusCode, with.StatusCode);
            Assert.Equal(without.Headers.Location, with.Headers.Location);
            Assert.Equal(without.LinkHeader(), with.LinkHeader());
        }
    }

    [Fact]
    public async Task Responses_vary_on_accept_and_accept_language()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        var response = await fx.Scanner().GetAsync($"/01/{gtin}", null);

        Assert.Equal(["Accept", "Accept-Language"], response.Headers.Vary);
    }
}
