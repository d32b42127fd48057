using System.Net;
using Closient.Catalog.Products;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using static Closient.Catalog.Tests.Brands.BrandsTestApi;

namespace Closient.Catalog.Tests.Products;

/// <summary>PATCH brand: matched case-insensitively among the owner's live brands, else a Brand is created (spec/catalog.md §2).</summary>
public sealed class BrandAutoCreateTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = TestData.NewOrganizationId();
    HttpClient Owner => fx.ClientFor(org);
    Guid OrgId => ShortId.TryParse(org, out var id) ? id : throw new InvalidOperationException();

    Task<long> BrandCountAsync(string name) => fx.Database.ScalarAsync<long>(
        "SELECT count(*) FROM catalog.brands WHERE organization_id = @org AND lower(name) = lower(@name) AND deleted_at IS NULL",
        new { org = OrgId, name });

    async Task<ProductOut> PatchBrandAsync(string gtin, string? brand, object? extra = null)
    {
        var response = await Owner.PatchJsonAsync($"{Api.Products}/{gtin}", extra ?? new { brand });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<ProductOut>();
    }

    [Fact]
    public async Task A_new_brand_name_creates_the_brand_for_the_owner_and_publishes_BrandUpserted()
    {
        var product = await Owner.CreateOwnedProductAsync(org, "Tea");

        var patched = await PatchBrandAsync(product.Gtin, " Leaf & Co ");

        Assert.Equal("Leaf & Co", patched.Brand);
        Assert.Equal(1, await BrandCountAsync("Leaf & Co"));
        var (evt, _) = await fx.Bus.WaitForAsync<BrandUpserted>(e => e.OrganizationId == OrgId && e.Name == "Leaf & Co");
        Assert.Null(evt.DeletedAt);

        // The same name again (any case) matches the brand now: nothing more is created.
        var other = await Owner.CreateOwnedProductAsync(org, "Coffee");
        Assert.Equal("Leaf & Co", (await PatchBrandAsync(other.Gtin, "LEAF & CO")).Brand);
        Assert.Equal(1, await BrandCountAsync("Leaf & Co"));
    }

    [Fact]
    public async Task An_existing_brand_matches_case_insensitively_and_its_spelling_wins()
    {
        var brand = await Owner.CreateBrandAsync(org, "Nordic Bakery");
        var product = await Owner.CreateOwnedProductAsync(org, "Rye");

        Assert.Equal(brand.Name, (await PatchBrandAsync(product.Gtin, "nordic BAKERY")).Brand);
        Assert.Equal(1, await BrandCountAsync("Nordic Bakery"));
    }

    [Fact]
    public async Task Another_organizations_brand_and_a_deleted_brand_do_not_match()
    {
        var stranger = TestData.NewOrganizationId();
        await fx.ClientFor(stranger).CreateBrandAsync(stranger, "Shared Name");
        var deleted = await Owner.CreateBrandAsync(org, "Gone Brand");
        Assert.Equal(HttpStatusCode.NoContent, (await Owner.DeleteAsync($"{BrandsPath}/{deleted.Id}")).StatusCode);
        var product = await Owner.CreateOwnedProductAsync(org, "Jam");

        await PatchBrandAsync(product.Gtin, "Shared Name");
        await PatchBrandAsync(product.Gtin, "Gone Brand");

        Assert.Equal(1, await BrandCountAsync("Shared Name"));
        Assert.Equal(1, await BrandCountAsync("Gone Brand"));
    }

    [Fact]
    public async Task An_empty_or_omitted_brand_creates_nothing_and_an_invalid_patch_writes_nothing()
    {
        var product = await Owner.CreateOwnedProductAsync(org, "Salt", brand: "Old Brand");
        await PatchBrandAsync(product.Gtin, null, new { description = "Sea salt." });
        Assert.Equal(0, await BrandCountAsync("Old Brand"));
        Assert.Equal("", (await PatchBrandAsync(product.Gtin, "")).Brand);

        var response = await Owner.PatchJsonAsync($"{Api.Products}/{product.Gtin}", new { brand = "Never Made", country_of_origin = "XYZ" });
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "country_of_origin");
        Assert.Equal(0, await BrandCountAsync("Never Made"));
    }

    [Fact]
    public async Task Naming_the_current_brand_again_creates_its_missing_brand_record()
    {
        var product = await Owner.CreateOwnedProductAsync(org, "Honey", brand: "Bee Happy");

        var patched = await PatchBrandAsync(product.Gtin, "Bee Happy");

        Assert.Equal("Bee Happy", patched.Brand);
        Assert.Equal(1, await BrandCountAsync("Bee Happy"));
    }
}
