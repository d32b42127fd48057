using System.Net;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

public sealed class CreatingProductsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    // Any secret key will do here: products read by GTIN and unclaimed creates are not organization-scoped.
    readonly HttpClient client = fx.ClientFor(ShortId.Encode(Guid.NewGuid()));

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public async Task Creating_a_product_returns_201_with_its_gtin_normalized_to_14_digits(int length)
    {
        var gtin = TestGtins.New(length);
        var org = ShortId.Encode(Guid.NewGuid());

        var response = await fx.ClientFor(org).PostJsonAsync(Api.Products, new
        {
            gtin,
            organization_id = org,
            product_name = "Sparkling Water 330 ml",
            brand = "Fizz",
            description = "Lightly carbonated.",
            manufacturer = "Fizz Bottling Co.",
            country_of_origin = "de",
            net_content = "330ml",
            metadata = new Dictionary<string, string> { ["sku"] = "FZ-330" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var product = await response.ReadAsync<Closient.Catalog.Products.ProductOut>();
        Assert.Equal(TestGtins.To14(gtin), product.Gtin);
        Assert.Equal($"{Api.Products}/{product.Gtin}", response.Headers.Location?.OriginalString);
        Assert.True(ShortId.TryParse(product.Id, out _));
        Assert.Equal(ShortId.Length, product.Id.Length);
        Assert.Equal("Sparkling Water 330 ml", product.ProductName);
        Assert.Equal("Fizz", product.Brand);
        Assert.Equal("Lightly carbonated.", product.Description);
        Assert.Equal("Fizz Bottling Co.", product.Manufacturer);
        Assert.Equal("DE", product.CountryOfOrigin);
        Assert.Equal("330ml", product.NetContent);
        Assert.Equal("FZ-330", product.Metadata["sku"]);
        Assert.True(product.IsClaimed);
        Assert.Equal(org, product.OwnerId);
        Assert.Equal("claimed", product.DataSource);
        Assert.Equal(1.0, product.ConfidenceScore);
        Assert.Equal("unverified", product.ClaimVerificationStatus);
        Assert.Empty(product.FieldConfidence);
        Assert.Null(product.ImageUrl);
        Assert.Equal(product.Created, product.Modified);
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.products WHERE gtin = @gtin", new { gtin = product.Gtin }));
    }

    [Fact]
    public async Task A_product_created_without_an_organization_is_an_unclaimed_crowd_sourced_record()
    {
        var product = await client.CreateProductAsync(new { gtin = TestGtins.New13() });

        Assert.False(product.IsClaimed);
        Assert.Null(product.OwnerId);
        Assert.Equal("crowd_sourced", product.DataSource);
        Assert.Equal(0.5, product.ConfidenceScore);
        Assert.Equal("", product.ProductName);
        Assert.Equal("", product.Brand);
        Assert.Equal("", product.CountryOfOrigin);
        Assert.Empty(product.Metadata);
    }

    [Fact]
    public async Task An_organization_id_sent_as_a_uuid_comes_back_as_its_short_id()
    {
        var org = Guid.NewGuid();

        var product = await fx.ClientFor(org.ToString()).CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org.ToString() });

        Assert.Equal(ShortId.Encode(org), product.OwnerId);
    }

    [Fact]
    public async Task Creating_a_product_whose_gtin_exists_returns_409_in_any_gtin_form()
    {
        var gtin13 = TestGtins.New13();
        await client.CreateProductAsync(new { gtin = gtin13, product_name = "First" });

        var again = await client.PostJsonAsync(Api.Products, new { gtin = "0" + gtin13, product_name = "Second" });

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        var names = await fx.Database.QueryAsync<string>("SELECT product_name FROM catalog.products WHERE gtin = @gtin", new { gtin = TestGtins.To14(gtin13) });
        Assert.Equal(["First"], names);
    }

    [Theory]
    [MemberData(nameof(BadGtins))]
    public async Task Creating_a_product_with_an_invalid_gtin_returns_422_naming_gtin(string kind, string? gtin)
    {
        var response = await client.PostJsonAsync(Api.Products, new { gtin, product_name = kind });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.products WHERE product_name = @kind", new { kind }));
    }

    public static TheoryData<string, string?> BadGtins()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        return new()
        {
            { "bad check digit " + unique, TestGtins.WithWrongCheckDigit(TestGtins.New13()) },
            { "9 digits " + unique, "123456789" },
            { "10 digits " + unique, "1234567890" },
            { "11 digits " + unique, "12345678901" },
            { "15 digits " + unique, "123456789012345" },
            { "letters " + unique, "40063813339A1" },
            { "empty " + unique, "" },
            { "missing " + unique, null },
        };
    }

    [Fact]
    public async Task Separators_in_a_gtin_are_ignored()
    {
        var gtin = TestGtins.New13();

        var product = await client.CreateProductAsync(new { gtin = $"{gtin[..1]} {gtin[1..7]}-{gtin[7..]}" });

        Assert.Equal(TestGtins.To14(gtin), product.Gtin);
    }

    [Theory]
    [InlineData("ZZ")]
    [InlineData("USA")]
    [InlineData("1")]
    public async Task An_unknown_country_of_origin_returns_422(string country)
    {
        var gtin = TestGtins.New13();

        var response = await client.PostJsonAsync(Api.Products, new { gtin, country_of_origin = country });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "country_of_origin");
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.products WHERE gtin = @gtin", new { gtin = TestGtins.To14(gtin) }));
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("")]
    [InlineData("0000000000000000000000")]
    public async Task A_malformed_organization_id_returns_422(string org)
    {
        var response = await client.PostJsonAsync(Api.Products, new { gtin = TestGtins.New13(), organization_id = org });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "organization_id");
    }
}
