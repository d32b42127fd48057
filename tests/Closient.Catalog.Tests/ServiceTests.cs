using System.Net;
using System.Text.Json;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests;

public sealed class ServiceTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task The_service_reports_itself_healthy(string path)
    {
        var response = await fx.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_products_openapi_document_describes_the_products_paths()
    {
        var response = await fx.Client.GetAsync("/products/api/v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        var products = paths.GetProperty("/products/api/v1/products");
        var product = paths.GetProperty("/products/api/v1/products/{gtin}");
        Assert.True(products.TryGetProperty("post", out _));
        Assert.True(products.TryGetProperty("get", out _));
        Assert.True(product.TryGetProperty("get", out _));
        Assert.True(product.TryGetProperty("patch", out _));
        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/products/api/v1/", p.Name));
    }

    [Fact]
    public async Task An_unknown_path_returns_a_404_problem()
    {
        var response = await fx.ClientFor(ShortId.Encode(Guid.NewGuid())).GetAsync("/products/api/v1/nothing-here");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
