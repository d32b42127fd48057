using System.Net;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

public sealed class ListingProductsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    // xUnit builds the class per test: each test acts for a fresh organization through its owner's csb key.
    readonly string org = ShortId.Encode(Guid.NewGuid());
    HttpClient? ownerClient;
    HttpClient client => ownerClient ??= fx.ClientFor(org);

    [Fact]
    public async Task Listing_returns_an_organizations_products_newest_first_page_by_page()
    {
        var created = new List<ProductOut>();
        for (var i = 0; i < 3; i++)
            created.Add(await client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, product_name = $"Item {i}" }));
        var other = ShortId.Encode(Guid.NewGuid());
        await fx.ClientFor(other).CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = other });
        await client.CreateProductAsync(new { gtin = TestGtins.New13() });

        var first = await (await client.GetAsync($"{Api.Products}?organization_id={org}&page_size=2")).ReadAsync<Paged<ProductOut>>();
        var second = await (await client.GetAsync($"{Api.Products}?organization_id={org}&page_size=2&page=2")).ReadAsync<Paged<ProductOut>>();
        var past = await (await client.GetAsync($"{Api.Products}?organization_id={org}&page_size=2&page=3")).ReadAsync<Paged<ProductOut>>();

        Assert.Equal(new PaginationInfo(1, 2, 3, 2, HasNext: true, HasPrevious: false), first.Pagination);
        Assert.Equal(new PaginationInfo(2, 2, 3, 2, HasNext: false, HasPrevious: true), second.Pagination);
        Assert.Equal(["Item 2", "Item 1", "Item 0"], first.Data.Concat(second.Data).Select(p => p.ProductName));
        Assert.All(first.Data.Concat(second.Data), p => Assert.Equal(org, p.OwnerId));
        Assert.Empty(past.Data);
        Assert.Equal(3, past.Pagination.TotalCount);
    }

    [Fact]
    public async Task Listing_accepts_the_organization_as_a_uuid_and_defaults_to_25_per_page()
    {
        var org = Guid.NewGuid();
        var client = fx.ClientFor(org.ToString());
        var product = await client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = ShortId.Encode(org) });

        var response = await client.GetAsync($"{Api.Products}/?organization_id={org}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadAsync<Paged<ProductOut>>();
        Assert.Equal(new PaginationInfo(1, 25, 1, 1, false, false), page.Pagination);
        Assert.Equal(product.Id, Assert.Single(page.Data).Id);
    }

    [Fact]
    public async Task An_organization_without_products_gets_an_empty_page()
    {
        var page = await (await client.GetAsync($"{Api.Products}?organization_id={org}")).ReadAsync<Paged<ProductOut>>();

        Assert.Empty(page.Data);
        Assert.Equal(new PaginationInfo(1, 25, 0, 0, false, false), page.Pagination);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?page=1")]
    [InlineData("?organization_id=")]
    [InlineData("?organization_id=not-an-id")]
    public async Task Listing_without_a_valid_organization_id_returns_422(string query)
    {
        var response = await client.GetAsync(Api.Products + query);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "organization_id");
    }

    [Theory]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page_size=abc", "page_size")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=x", "page")]
    public async Task Listing_with_a_bad_page_returns_422_naming_it(string query, string field)
    {
        var response = await client.GetAsync($"{Api.Products}?organization_id={org}&{query}");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }
}
