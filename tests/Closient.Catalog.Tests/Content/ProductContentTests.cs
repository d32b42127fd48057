using System.Net;
using System.Text.Json;
using Closient.Catalog.Content;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;
using Closient.Catalog.Tests.Certifications;
using Closient.Catalog.Tests.Images;
using static Closient.Catalog.Tests.Brands.BrandsTestApi;

namespace Closient.Catalog.Tests.Content;

/// <summary>GET /products/api/v1/products/{gtin}/content: images, certifications and claims in one answer.</summary>
public sealed class ProductContentTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    static string ContentPath(string gtin) => $"{Api.Products}/{gtin}/content";

    [Fact]
    public async Task The_aggregate_holds_the_images_primary_first_the_certifications_and_the_claims()
    {
        var (org, owner, product) = await Certs.ClaimedProductAsync(fx);
        var side = await owner.UploadImageAsync(org, product.Gtin, TestImages.Png(40, 30), title: "Side");
        var front = await owner.UploadImageAsync(org, product.Gtin, TestImages.Png(80, 60), primary: true, title: "Front");
        await owner.AssignAsync(product.Gtin, new { code = "USDA_ORGANIC" });
        var claim = await owner.PostJsonAsync(Certs.Claims(product.Gtin),
            new { label = "Vegan", code = "VEGAN", category = "DIETARY", source = "BRAND_SELF_DECLARED" });
        Assert.Equal(HttpStatusCode.Created, claim.StatusCode);

        // Any secret key may read it, like the product itself.
        var response = await fx.ClientFor(TestData.NewOrganizationId(), Roles.Viewer).GetAsync(ContentPath(product.Gtin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var content = await response.ReadAsync<ProductContentOut>();
        Assert.Equal([front.Id, side.Id], content.Images.Select(i => i.Id));
        var first = content.Images[0];
        Assert.Equal(("Front", "", true, front.ImageUrl, front.ImageUrl, 80, 60),
            (first.Title, first.Description, first.IsPrimary, first.ImageUrl, first.ThumbnailUrl, first.Width, first.Height));
        Assert.Equal(front.Priority, first.Priority);
        Assert.Equal(front.Created, first.Created);
        var certification = Assert.Single(content.Certifications);
        Assert.Equal("USDA_ORGANIC", certification.Code);
        Assert.True(certification.IsActive);
        Assert.Equal("VEGAN", Assert.Single(content.Claims).Code);
        Assert.Empty(content.Ingredients);
        Assert.Empty(content.Recalls);
        Assert.Null(content.Nutrition);

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["images", "certifications", "claims", "ingredients", "recalls", "nutrition"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["id", "title", "description", "is_primary", "priority", "created", "image_url", "thumbnail_url", "width", "height"],
            json.GetProperty("images")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_product_without_content_has_empty_lists()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        var content = await (await owner.GetAsync(ContentPath(product.Gtin))).ReadAsync<ProductContentOut>();
        Assert.Empty(content.Images);
        Assert.Empty(content.Certifications);
        Assert.Empty(content.Claims);
    }

    [Fact]
    public async Task Unknown_gtins_are_404_bad_ones_422_and_keyless_or_publishable_callers_404()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);

        await (await owner.GetAsync(ContentPath(TestGtins.New13()))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await owner.GetAsync(ContentPath("12345"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
        await (await fx.AnonymousClient().GetAsync(ContentPath(product.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var cpk = fx.ClientAs(Caller.ForOrganization(Guid.NewGuid(), Roles.Owner, ApiKeyFormat.Publishable));
        await (await cpk.GetAsync(ContentPath(product.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
