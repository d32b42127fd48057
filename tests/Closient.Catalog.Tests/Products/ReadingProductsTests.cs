using System.Net;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

public sealed class ReadingProductsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    // Any secret key will do here: products read by GTIN and unclaimed creates are not organization-scoped.
    readonly HttpClient client = fx.ClientFor(ShortId.Encode(Guid.NewGuid()));

    [Fact]
    public async Task A_product_can_be_read_by_its_gtin_in_any_form()
    {
        var gtin13 = TestGtins.New13();
        var created = await client.CreateProductAsync(new { gtin = gtin13, product_name = "Oat Milk", metadata = new { origin = "test" } });

        foreach (var form in new[] { gtin13, "0" + gtin13, $"{gtin13[..4]}-{gtin13[4..]}", $"{gtin13[..4]}%20{gtin13[4..]}" })
        {
            var response = await client.GetAsync($"{Api.Products}/{form}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var product = await response.ReadAsync<ProductOut>();
            Assert.Equal(created.Id, product.Id);
            Assert.Equal(created.Gtin, product.Gtin);
            Assert.Equal(created.ProductName, product.ProductName);
            Assert.Equal(created.Created, product.Created);
            Assert.Equal(created.Modified, product.Modified);
            Assert.Equal("test", product.Metadata["origin"]);
        }
    }

    [Fact]
    public async Task Reading_an_unknown_gtin_returns_404()
    {
        var gtin = TestGtins.New13();

        var response = await client.GetAsync($"{Api.Products}/{gtin}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Contains(TestGtins.To14(gtin), problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("123456789")]
    [InlineData("1234567890")]
    [InlineData("12345678901")]
    [InlineData("4006381333932")]
    [InlineData("abcdefghijklm")]
    public async Task Reading_an_invalid_gtin_returns_422_naming_gtin(string gtin)
    {
        var response = await client.GetAsync($"{Api.Products}/{gtin}");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
    }
}
