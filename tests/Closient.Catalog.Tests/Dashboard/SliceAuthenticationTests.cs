using System.Net;
using System.Text.Json;
using Closient.Catalog.Images;
using Closient.Catalog.Tests.Images;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using static Closient.Catalog.Tests.Brands.BrandsTestApi;

namespace Closient.Catalog.Tests.Dashboard;

/// <summary>
/// Every brands, images and dashboard endpoint, the keyless ones included, needs the gateway's internal token:
/// without a valid one it is 401 and nothing is written. The OpenAPI documents describe the new apps.
/// </summary>
public sealed class SliceAuthenticationTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/brands/api/v1/brands" },
        { "POST", "/brands/api/v1/brands" },
        { "GET", "/brands/api/v1/brands/{brand}" },
        { "PATCH", "/brands/api/v1/brands/{brand}" },
        { "DELETE", "/brands/api/v1/brands/{brand}" },
        { "POST", "/brands/api/v1/brands/{brand}/logo" },
        { "GET", "/brands/api/v1/public/brands/{brand}/catalog" },
        { "GET", "/brands/api/v1/public/brands/{brand}/logo" },
        { "POST", "/dashboard/api/v1/trade-items/{org}/{gtin}/images" },
        { "GET", "/dashboard/api/v1/trade-items/{org}/{gtin}/images" },
        { "PATCH", "/dashboard/api/v1/trade-items/{org}/{gtin}/images/{image}" },
        { "DELETE", "/dashboard/api/v1/trade-items/{org}/{gtin}/images/{image}" },
        { "GET", "/products/api/v1/images/{image}" },
        { "GET", "/dashboard/api/v1/trade-items/{org}/{gtin}/completeness" },
        { "GET", "/dashboard/api/v1/stats/{org}" },
    };

    public static TheoryData<string, string, string> Cases => InvalidTokens.Cross(Endpoints);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_request_without_a_valid_token_gets_401_and_writes_nothing(string method, string path, string token)
    {
        var org = TestData.NewOrganizationId();
        var owner = fx.ClientFor(org);
        var brand = await owner.CreateBrandAsync(org, "Brand " + Guid.NewGuid().ToString("N")[..8]);
        var product = await owner.CreateOwnedProductAsync(org);
        var image = await owner.UploadImageAsync(org, product.Gtin);
        using var client = fx.Factory.CreateClient();
        var request = new HttpRequestMessage(new HttpMethod(method),
            path.Replace("{org}", org).Replace("{gtin}", product.Gtin).Replace("{brand}", brand.Id).Replace("{image}", image.Id));
        if (method is "POST" && path.EndsWith("images")) request.Content = TestImages.Form("image", TestImages.Png(2, 2), "image/png", "a.png");
        else if (method is "POST" && path.EndsWith("logo")) request.Content = TestImages.Form("logo", TestImages.Png(2, 2), "image/png", "a.png");
        else if (method is "POST" or "PATCH") request.Content = new StringContent($"{{\"organization_id\":\"{org}\",\"name\":\"After\",\"title\":\"After\"}}",
            System.Text.Encoding.UTF8, "application/json");
        Assert.True(ShortId.TryParse(org, out var orgId));
        if (InvalidTokens.Make(token, fx.Tokens, Caller.ForOrganization(orgId, Roles.Owner)) is { } t) request.Headers.Add(InternalToken.Header, t);

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.brands WHERE organization_id = @orgId AND deleted_at IS NULL", new { orgId }));
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.brands WHERE organization_id = @orgId AND name = 'After'", new { orgId }));
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.brand_logos l JOIN catalog.brands b ON b.id = l.brand_id WHERE b.organization_id = @orgId", new { orgId }));
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.product_images i JOIN catalog.products p ON p.id = i.product_id WHERE p.owner_id = @orgId AND i.title = ''", new { orgId }));
    }

    [Theory]
    [InlineData("brands", new[] { "/brands/api/v1/brands", "/brands/api/v1/brands/{brandId}", "/brands/api/v1/brands/{brandId}/logo",
        "/brands/api/v1/public/brands/{brandId}/catalog", "/brands/api/v1/public/brands/{brandId}/logo" })]
    [InlineData("dashboard", new[] { "/dashboard/api/v1/trade-items/{organizationId}/{gtin}/images",
        "/dashboard/api/v1/trade-items/{organizationId}/{gtin}/images/{imageId}",
        "/dashboard/api/v1/trade-items/{organizationId}/{gtin}/completeness", "/dashboard/api/v1/stats/{organizationId}" })]
    [InlineData("products", new[] { "/products/api/v1/images/{imageId}" })]
    public async Task The_openapi_documents_describe_the_new_paths(string app, string[] paths)
    {
        using var client = fx.Factory.CreateClient();

        var response = await client.GetAsync($"/{app}/api/v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var documented = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        Assert.All(paths, p => Assert.True(documented.TryGetProperty(p, out _), p));
        Assert.All(documented.EnumerateObject(), p => Assert.StartsWith($"/{app}/api/v1/", p.Name));
    }

    [Fact]
    public void The_image_url_prefix_is_the_documented_keyless_path() =>
        Assert.Equal("/products/api/v1/images", ProductImageQueries.PublicPath);
}
