using System.Net;
using System.Net.Http.Headers;
using Closient.Catalog.Brands;
using Closient.Catalog.Tests.Images;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using static Closient.Catalog.Tests.Brands.BrandsTestApi;

namespace Closient.Catalog.Tests.Brands;

public sealed class BrandLogoAndCatalogTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = TestData.NewOrganizationId();
    HttpClient Owner => fx.ClientFor(org);

    static string UniqueName() => "Brand " + Guid.NewGuid().ToString("N")[..12];

    Task<HttpResponseMessage> UploadLogoAsync(HttpClient client, string brandId, byte[] bytes, string? type = "image/png", string fileName = "logo.png") =>
        client.PostAsync($"{BrandsPath}/{brandId}/logo", TestImages.Form("logo", bytes, type, fileName));

    [Fact]
    public async Task An_uploaded_logo_sets_logo_url_which_serves_the_bytes_keyless_with_type_etag_and_caching()
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName());
        var png = TestImages.Png(32, 16);

        var response = await UploadLogoAsync(fx.ClientFor(org, Roles.Editor), brand.Id, png);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var withLogo = await response.ReadAsync<BrandOut>();
        Assert.StartsWith($"{PublicBrandsPath}/{brand.Id}/logo?v=", withLogo.LogoUrl);
        var logo = await fx.AnonymousClient().GetAsync(withLogo.LogoUrl);
        Assert.Equal(HttpStatusCode.OK, logo.StatusCode);
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await logo.Content.ReadAsByteArrayAsync());
        Assert.NotNull(logo.Headers.ETag);
        Assert.True(logo.Headers.CacheControl?.Public);
        Assert.Equal("nosniff", logo.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(withLogo.LogoUrl, (await (await Owner.GetAsync($"{BrandsPath}/{brand.Id}")).ReadAsync<BrandOut>()).LogoUrl);

        var conditional = new HttpRequestMessage(HttpMethod.Get, withLogo.LogoUrl);
        conditional.Headers.IfNoneMatch.Add(logo.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await fx.AnonymousClient().SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task A_new_logo_replaces_the_old_one_under_a_new_url_and_publishes_the_brand()
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName());
        var first = await (await UploadLogoAsync(Owner, brand.Id, TestImages.Png(8, 8))).ReadAsync<BrandOut>();

        var second = await (await UploadLogoAsync(Owner, brand.Id, TestImages.Gif(8, 8), "image/gif", "logo.gif")).ReadAsync<BrandOut>();

        Assert.NotEqual(first.LogoUrl, second.LogoUrl);
        var served = await fx.AnonymousClient().GetAsync(first.LogoUrl);
        Assert.Equal("image/gif", served.Content.Headers.ContentType?.MediaType);
        Assert.True(ShortId.TryParse(brand.Id, out var brandId));
        var (evt, _) = await fx.Bus.WaitForAsync<BrandUpserted>(e => e.BrandId == brandId && e.LogoUrl == second.LogoUrl);
        Assert.Null(evt.DeletedAt);
    }

    public static TheoryData<string, byte[], string?, string> BadLogos => new()
    {
        { "svg with a script", TestImages.Svg("<script>alert(document.cookie)</script>"), "image/svg+xml", "logo.svg" },
        { "png renamed to jpg", TestImages.Png(4, 4), "image/jpeg", "logo.jpg" },
        { "declared gif, really png", TestImages.Png(4, 4), "image/gif", "logo" },
        { "truncated png", TestImages.Png(4, 4)[..^12], "image/png", "logo.png" },
        { "text file named png", "hello, world"u8.ToArray(), "image/png", "logo.png" },
        { "empty file", [], "image/png", "logo.png" },
    };

    [Theory]
    [MemberData(nameof(BadLogos))]
    public async Task Logos_that_are_not_what_they_claim_or_unsafe_are_422_and_nothing_is_stored(string name, byte[] bytes, string? type, string fileName)
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName());

        var response = await UploadLogoAsync(Owner, brand.Id, bytes, type, fileName);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "logo");
        Assert.True(ShortId.TryParse(brand.Id, out var id), name);
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.brand_logos WHERE brand_id = @id", new { id }));
    }

    [Fact]
    public async Task Upload_form_problems_are_4xx_problems()
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName());
        var url = $"{BrandsPath}/{brand.Id}/logo";

        var json = await Owner.PostJsonAsync(url, new { logo = "x" });
        var wrongField = await Owner.PostAsync(url, TestImages.Form("image", TestImages.Png(2, 2), "image/png", "a.png"));
        var extraField = await Owner.PostAsync(url, TestImages.Form("logo", TestImages.Png(2, 2), "image/png", "a.png", ("title", "x")));
        var broken = new ByteArrayContent("--b\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"a.png\"\r\n\r\nabc"u8.ToArray());
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        var truncatedBody = await Owner.PostAsync(url, broken);

        await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        await wrongField.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "logo");
        await extraField.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "title");
        await truncatedBody.AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        var manyParts = TestImages.Form("logo", TestImages.Png(2, 2), "image/png", "a.png",
            [.. Enumerable.Range(0, 20).Select(i => ($"f{i}", "x"))]);
        await (await Owner.PostAsync(url, manyParts)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "logo");
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData("outsider")]
    public async Task Callers_who_may_not_edit_the_brand_get_404_for_a_logo_upload(string who)
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName());
        var client = who == "outsider" ? fx.ClientFor(TestData.NewOrganizationId()) : fx.ClientFor(org, who);

        var response = await UploadLogoAsync(client, brand.Id, TestImages.Png(2, 2));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task The_public_catalog_lists_the_organizations_products_of_the_brand_by_name_ignoring_case()
    {
        var name = UniqueName();
        var brand = await Owner.CreateBrandAsync(org, name, new { website = "https://brand.example" });
        var withLogo = await (await UploadLogoAsync(Owner, brand.Id, TestImages.Png(2, 2))).ReadAsync<BrandOut>();
        var b = await Owner.CreateOwnedProductAsync(org, "banana chips", name.ToUpperInvariant());
        var a = await Owner.CreateOwnedProductAsync(org, "Apple Rings", name);
        await Owner.CreateOwnedProductAsync(org, "Other brand's", "Someone Else");
        var other = TestData.NewOrganizationId();
        await fx.ClientFor(other).CreateOwnedProductAsync(other, "Copycat", name); // same text, another organization

        var response = await fx.AnonymousClient().GetAsync($"{PublicBrandsPath}/{brand.Id}/catalog");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var catalog = await response.ReadAsync<BrandCatalogOut>();
        Assert.Equal(new BrandCatalogBrand(brand.Id, name, "https://brand.example", withLogo.LogoUrl), catalog.Brand);
        Assert.Equal([new BrandCatalogProduct(a.Id, "Apple Rings"), new BrandCatalogProduct(b.Id, "banana chips")], catalog.Products);
    }

    [Fact]
    public async Task A_deleted_or_unknown_brand_has_no_public_catalog_or_logo_and_deletion_publishes_a_tombstone()
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName());
        var withLogo = await (await UploadLogoAsync(Owner, brand.Id, TestImages.Png(2, 2))).ReadAsync<BrandOut>();
        Assert.Equal(HttpStatusCode.NoContent, (await Owner.DeleteAsync($"{BrandsPath}/{brand.Id}")).StatusCode);

        var anonymous = fx.AnonymousClient();
        await (await anonymous.GetAsync($"{PublicBrandsPath}/{brand.Id}/catalog")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await anonymous.GetAsync(withLogo.LogoUrl)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await anonymous.GetAsync($"{PublicBrandsPath}/{ShortId.Encode(Guid.NewGuid())}/catalog")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await anonymous.GetAsync($"{PublicBrandsPath}/%20/logo")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.True(ShortId.TryParse(brand.Id, out var id));
        var (evt, _) = await fx.Bus.WaitForAsync<BrandUpserted>(e => e.BrandId == id && e.DeletedAt != null);
        Assert.Equal(org, ShortId.Encode(evt.OrganizationId!.Value));
    }

    [Fact]
    public async Task Creating_and_patching_a_brand_publish_BrandUpserted_in_order_and_a_no_op_patch_publishes_nothing()
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName(), new { website = "https://x.example" });
        Assert.True(ShortId.TryParse(brand.Id, out var id));
        var (created, _) = await fx.Bus.WaitForAsync<BrandUpserted>(e => e.BrandId == id);
        Assert.Equal(brand.Name, created.Name);
        Assert.Equal("https://x.example", created.Website);
        Assert.True(ShortId.TryParse(org, out var orgId));
        Assert.Equal(orgId, created.OrganizationId);

        await Owner.PatchJsonAsync($"{BrandsPath}/{brand.Id}", new { description = "Now described." });
        await Owner.PatchJsonAsync($"{BrandsPath}/{brand.Id}", new { description = "Now described." });

        var (patched, _) = await fx.Bus.WaitForAsync<BrandUpserted>(e => e.BrandId == id && e.Description == "Now described.");
        Assert.True(patched.UpdatedAt > created.UpdatedAt);
        Assert.Equal(2L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM catalog.outbox WHERE payload->>'BrandId' = @id", new { id = id.ToString() }));
    }
}
