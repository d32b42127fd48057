using System.Net;
using Closient.Catalog.Products;
using Closient.Catalog.Tests.Images;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using static Closient.Catalog.Tests.Brands.BrandsTestApi;

namespace Closient.Catalog.Tests.Content;

/// <summary>ProductOut.image_url: the primary image's public URL when the product has images, else the stored (imported) URL.</summary>
public sealed class ProductImageUrlTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    const string Imported = "https://cdn.example/imported.jpg";

    async Task<(string Org, HttpClient Owner, ProductOut Product)> ImportedProductAsync()
    {
        var org = TestData.NewOrganizationId();
        var owner = fx.ClientFor(org);
        var product = await owner.CreateOwnedProductAsync(org, "Tea");
        await fx.Database.ScalarAsync<int>("UPDATE catalog.products SET image_url = @Imported WHERE gtin = @Gtin RETURNING 1", new { Imported, product.Gtin });
        return (org, owner, product);
    }

    async Task<string?> ImageUrlAsync(HttpClient client, string gtin) =>
        (await (await client.GetAsync($"{Api.Products}/{gtin}")).ReadAsync<ProductOut>()).ImageUrl;

    [Fact]
    public async Task Without_images_the_imported_url_shows_with_images_the_primary_one()
    {
        var (org, owner, product) = await ImportedProductAsync();
        Assert.Equal(Imported, await ImageUrlAsync(owner, product.Gtin));

        // No primary yet: the image that heads the list (lowest priority).
        var first = await owner.UploadImageAsync(org, product.Gtin, TestImages.Png(4, 3));
        await owner.UploadImageAsync(org, product.Gtin, TestImages.Png(5, 3));
        Assert.Equal(first.ImageUrl, await ImageUrlAsync(owner, product.Gtin));

        var primary = await owner.UploadImageAsync(org, product.Gtin, TestImages.Png(6, 3), primary: true);
        Assert.Equal(primary.ImageUrl, await ImageUrlAsync(owner, product.Gtin));

        // Every read of the product agrees: PATCH (changed and unchanged), the org list, trade items (detail and list).
        var patched = await owner.PatchJsonAsync($"{Api.Products}/{product.Gtin}", new { description = "Green." });
        Assert.Equal(primary.ImageUrl, (await patched.ReadAsync<ProductOut>()).ImageUrl);
        var unchanged = await owner.PatchJsonAsync($"{Api.Products}/{product.Gtin}", new { description = "Green." });
        Assert.Equal(primary.ImageUrl, (await unchanged.ReadAsync<ProductOut>()).ImageUrl);
        var list = await (await owner.GetAsync($"{Api.Products}?organization_id={org}")).ReadAsync<Paged<ProductOut>>();
        Assert.Equal(primary.ImageUrl, Assert.Single(list.Data).ImageUrl);
        var detail = await (await owner.GetAsync($"/products/api/v1/trade-items/{product.Gtin}")).ReadAsync<TradeItemDetail>();
        Assert.Equal(primary.ImageUrl, detail.ImageUrl);

        // Deleting the images brings the imported URL back.
        var images = await (await owner.GetAsync(ImagesPath(org, product.Gtin))).ReadAsync<Paged<Closient.Catalog.Images.ImageOut>>();
        Assert.Equal(3, images.Data.Count);
        foreach (var image in images.Data)
            Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"{ImagesPath(org, product.Gtin)}/{image.Id}")).StatusCode);
        Assert.Equal(Imported, await ImageUrlAsync(owner, product.Gtin));
    }

    [Fact]
    public async Task A_list_mixes_products_with_and_without_images()
    {
        var (org, owner, imported) = await ImportedProductAsync();
        var bare = await owner.CreateOwnedProductAsync(org, "Bare");
        var pictured = await owner.CreateOwnedProductAsync(org, "Pictured");
        var image = await owner.UploadImageAsync(org, pictured.Gtin, TestImages.Png(4, 3));

        var list = await (await owner.GetAsync($"{Api.Products}?organization_id={org}")).ReadAsync<Paged<ProductOut>>();

        var byGtin = list.Data.ToDictionary(p => p.Gtin, p => p.ImageUrl);
        Assert.Equal(Imported, byGtin[imported.Gtin]);
        Assert.Null(byGtin[bare.Gtin]);
        Assert.Equal(image.ImageUrl, byGtin[pictured.Gtin]);

        var items = await (await owner.GetAsync($"/products/api/v1/trade-items?q=Pictured&page_size=100")).ReadAsync<Paged<TradeItemOut>>();
        Assert.Contains(items.Data, i => i.Gtin == pictured.Gtin && i.ImageUrl == image.ImageUrl);
    }
}
