using System.Net;
using System.Text.Json;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>
/// Accept decides: browsers and scanners (text/html, */*, nothing, or an Accept that does not parse) are
/// redirected to the default link; explicit JSON gets the product; linkset gets the linkset; never 406.
/// Conformance: "SHALL recognise one available link as the default" and "SHALL redirect to the default link
/// unless there is information in the request that can be matched … to provide a better response".
/// </summary>
public sealed class ContentNegotiationTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("text/html")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    [InlineData("image/png")]
    [InlineData("application/pdf")]
    [InlineData("this is ;;; not a media type")]
    [InlineData("application/json;q=0.5, text/html")]
    public async Task Browsers_and_scanners_are_redirected_to_the_hosted_page(string? accept)
    {
        var (gtin, _) = await fx.CreateProductAsync();

        var response = await fx.Scanner().GetAsync($"/01/{gtin}", accept);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}", response.Location());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json, */*")]
    [InlineData("text/html;q=0.5, application/json")]
    public async Task Explicit_json_gets_the_product(string accept)
    {
        var (gtin, org) = await fx.CreateProductAsync(name: "Oat Milk", brand: "Oaty");

        var response = await fx.Scanner().GetAsync($"/01/{gtin}", accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var product = await response.ReadAsync<ProductOut>();
        Assert.Equal(gtin, product.Gtin);
        Assert.Equal("Oat Milk", product.ProductName);
        Assert.Equal("Oaty", product.Brand);
        Assert.Equal(ShortId.Encode(org), product.OwnerId);
        Assert.Contains($"<http://localhost/01/{gtin}?linkType=linkset>; rel=\"linkset\"", response.LinkHeader());
    }

    [Theory]
    [InlineData("application/linkset+json", "")]
    [InlineData(null, "?linkType=linkset")]
    [InlineData("text/html", "?linkType=linkset")]
    [InlineData("application/json", "?linkType=all")]
    public async Task Linkset_by_accept_or_link_type_is_answered_without_redirect(string? accept, string query)
    {
        var (gtin, _) = await fx.CreateProductAsync();

        var response = await fx.Scanner().GetAsync($"/01/{gtin}{query}", accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/linkset+json", response.Content.Headers.ContentType?.MediaType);
        using var linkset = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"http://localhost/01/{gtin}", linkset.RootElement.GetProperty("linkset")[0].GetProperty("anchor").GetString());
    }

    [Fact]
    public async Task A_head_request_gets_the_same_status_and_headers_without_a_body()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        var response = await fx.Scanner().SendAsync(HttpMethod.Head, $"/01/{gtin}", "text/html");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}", response.Location());
        Assert.Contains("rel=\"linkset\"", response.LinkHeader());
    }

    [Fact]
    public async Task An_unknown_but_valid_gtin_is_a_404_problem_for_every_representation()
    {
        var gtin = TestGtins.To14(TestGtins.New13());

        foreach (var accept in new[] { "text/html", "application/json", "application/linkset+json" })
        {
            var response = await fx.Scanner().GetAsync($"/01/{gtin}", accept);

            var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            Assert.Contains(gtin, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Unknown_lots_and_serials_walk_up_to_the_gtin_instead_of_404()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        foreach (var path in new[] { $"/01/{gtin}/10/UNKNOWN", $"/01/{gtin}/21/NOPE", $"/01/{gtin}/10/L/21/S", $"/01/{gtin}/235/TPX1" })
        {
            var response = await fx.Scanner().GetAsync(path, "text/html");

            Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
            Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}", response.Location());
        }
    }
}
