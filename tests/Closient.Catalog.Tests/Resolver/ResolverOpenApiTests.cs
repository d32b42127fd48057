using System.Net;
using System.Text.Json;

namespace Closient.Catalog.Tests.Resolver;

public sealed class ResolverOpenApiTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    [Fact]
    public async Task The_resolver_document_lists_the_hosted_page_and_context_and_the_products_document_the_digital_link_tools()
    {
        var resolver = await fx.Client.GetAsync("/resolver/api/v1/openapi.json");
        var products = await fx.Client.GetAsync("/products/api/v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, resolver.StatusCode);
        var resolverPaths = JsonDocument.Parse(await resolver.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        Assert.True(resolverPaths.TryGetProperty("/resolver/api/v1/pages/01/{gtin}", out _));
        Assert.True(resolverPaths.TryGetProperty("/resolver/api/v1/linkset-context.jsonld", out _));
        Assert.All(resolverPaths.EnumerateObject(), p => Assert.StartsWith("/resolver/api/v1/", p.Name));
        var productPaths = JsonDocument.Parse(await products.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        Assert.True(productPaths.GetProperty("/products/api/v1/digital-link/parse").TryGetProperty("post", out _));
        Assert.True(productPaths.GetProperty("/products/api/v1/digital-link/build").TryGetProperty("post", out _));
    }
}
