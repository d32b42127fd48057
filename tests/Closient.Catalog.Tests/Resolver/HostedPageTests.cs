using System.Net;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>The hosted product page the default link points at: minimal, HTML-encoded, outside the DL paths (no loop).</summary>
public sealed class HostedPageTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    [Fact]
    public async Task The_page_shows_the_product_html_encoded()
    {
        var (gtin, _) = await fx.CreateProductAsync(name: "<script>alert(1)</script> Tea", brand: "A & B", description: "\"Quoted\" <b>bold</b>");

        var response = await fx.Scanner().GetAsync($"/resolver/api/v1/pages/01/{gtin}", "text/html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Tea", html);
        Assert.Contains("A &amp; B", html);
        Assert.Contains("&quot;Quoted&quot; &lt;b&gt;bold&lt;/b&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains(gtin, html);
        Assert.Contains($"<link rel=\"canonical\" href=\"http://localhost/01/{gtin}\">", html);
        Assert.Contains($"<http://localhost/01/{gtin}?linkType=linkset>; rel=\"linkset\"", response.LinkHeader());
    }

    [Fact]
    public async Task Following_the_default_redirect_lands_on_the_page_without_a_loop()
    {
        var (gtin, _) = await fx.CreateProductAsync(name: "Loop-free");
        var client = fx.Scanner();

        var redirect = await client.GetAsync($"/01/{gtin}", "text/html");
        var page = await client.GetAsync(redirect.Location(), "text/html");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Loop-free", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_gtin_gets_a_404_page_and_an_invalid_one_a_400_problem()
    {
        var unknown = await fx.Scanner().GetAsync($"/resolver/api/v1/pages/01/{TestGtins.New13()}", "text/html");
        var invalid = await fx.Scanner().GetAsync($"/resolver/api/v1/pages/01/{TestGtins.WithWrongCheckDigit(TestGtins.New13())}", "text/html");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("text/html", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Product not found", await unknown.Content.ReadAsStringAsync());
        await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
    }
}
