using System.Net;
using Closient.Catalog.Images;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using static Closient.Catalog.Tests.Brands.BrandsTestApi;

namespace Closient.Catalog.Tests.Images;

public sealed class ProductImagesTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = TestData.NewOrganizationId();
    HttpClient Owner => fx.ClientFor(org);

    async Task<ProductOut> ProductAsync() => await Owner.CreateOwnedProductAsync(org, "Tea");

    [Fact]
    public async Task Uploading_an_image_returns_201_with_its_sniffed_size_and_a_keyless_url_serving_the_bytes()
    {
        var product = await ProductAsync();
        var jpeg = TestImages.Jpeg(800, 600);

        var response = await fx.ClientFor(org, Roles.Editor).PostAsync(ImagesPath(org, product.Gtin),
            TestImages.Form("image", jpeg, "image/jpeg", "front.jpg", ("title", " Front "), ("is_primary", "true")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var image = await response.ReadAsync<ImageOut>();
        Assert.Equal("Front", image.Title);
        Assert.True(image.IsPrimary);
        Assert.Equal(0, image.Priority);
        Assert.Equal((800, 600), (image.Width, image.Height));
        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Equal(jpeg.Length, image.ByteSize);
        Assert.Equal($"/products/api/v1/images/{image.Id}", image.ImageUrl);
        Assert.Equal(image.ImageUrl, response.Headers.Location?.OriginalString);

        var bytes = await fx.AnonymousClient().GetAsync(image.ImageUrl);
        Assert.Equal(HttpStatusCode.OK, bytes.StatusCode);
        Assert.Equal("image/jpeg", bytes.Content.Headers.ContentType?.MediaType);
        Assert.Equal(jpeg, await bytes.Content.ReadAsByteArrayAsync());
        Assert.Contains("immutable", bytes.Headers.CacheControl?.ToString());
        Assert.NotNull(bytes.Headers.ETag);
    }

    [Fact]
    public async Task A_served_svg_carries_a_content_security_policy_that_forbids_script()
    {
        var product = await ProductAsync();
        var image = await Owner.UploadImageAsync(org, product.Gtin, TestImages.Svg(), title: "vector", contentType: "image/svg+xml", fileName: "vector.svg");

        var response = await fx.AnonymousClient().GetAsync(image.ImageUrl);

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal((120, 80), (image.Width, image.Height));
    }

    [Fact]
    public async Task The_list_puts_the_primary_first_then_priority_then_newest_and_pages()
    {
        var product = await ProductAsync();
        var first = await Owner.UploadImageAsync(org, product.Gtin, title: "p0");
        var second = await Owner.UploadImageAsync(org, product.Gtin, title: "p1");
        var primary = await Owner.UploadImageAsync(org, product.Gtin, primary: true, title: "p2 primary");
        var fourth = await Owner.UploadImageAsync(org, product.Gtin, title: "p3");
        // Same priority as the first: the newer one comes first among equals.
        await Owner.PatchJsonAsync($"{ImagesPath(org, product.Gtin)}/{fourth.Id}", new { priority = 0 });

        var page1 = await (await Owner.GetAsync($"{ImagesPath(org, product.Gtin)}?page_size=3")).ReadAsync<Paged<ImageOut>>();
        var page2 = await (await fx.ClientFor(org, Roles.Viewer).GetAsync($"{ImagesPath(org, product.Gtin)}?page_size=3&page=2")).ReadAsync<Paged<ImageOut>>();

        Assert.Equal([0, 1, 2, 3], new[] { first, second, primary, fourth }.Select(i => i.Priority));
        Assert.Equal([primary.Id, fourth.Id, first.Id], page1.Data.Select(i => i.Id));
        Assert.Equal([second.Id], page2.Data.Select(i => i.Id));
        Assert.Equal(4, page1.Pagination.TotalCount);
        Assert.True(page2.Pagination.HasPrevious);
    }

    [Fact]
    public async Task A_new_primary_demotes_the_previous_one()
    {
        var product = await ProductAsync();
        var old = await Owner.UploadImageAsync(org, product.Gtin, primary: true);

        var @new = await Owner.UploadImageAsync(org, product.Gtin, primary: true);

        var list = await (await Owner.GetAsync(ImagesPath(org, product.Gtin))).ReadAsync<Paged<ImageOut>>();
        Assert.Equal([(@new.Id, true), (old.Id, false)], list.Data.Select(i => (i.Id, i.IsPrimary)));
    }

    [Fact]
    public async Task Concurrent_primary_uploads_leave_exactly_one_primary_and_distinct_priorities()
    {
        var product = await ProductAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Owner.PostAsync(ImagesPath(org, product.Gtin),
            TestImages.Form("image", TestImages.Png(2, 2), "image/png", "a.png", ("is_primary", "true"), ("title", $"n{i}")))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var list = await (await Owner.GetAsync($"{ImagesPath(org, product.Gtin)}?page_size=100")).ReadAsync<Paged<ImageOut>>();
        Assert.Single(list.Data, i => i.IsPrimary);
        Assert.Equal(Enumerable.Range(0, 12), list.Data.Select(i => i.Priority).Order());
    }

    [Fact]
    public async Task Concurrent_promotions_by_patch_leave_exactly_one_primary()
    {
        var product = await ProductAsync();
        var images = new List<ImageOut>();
        for (var i = 0; i < 6; i++) images.Add(await Owner.UploadImageAsync(org, product.Gtin));

        var responses = await Task.WhenAll(images.Select(i => Owner.PatchJsonAsync($"{ImagesPath(org, product.Gtin)}/{i.Id}", new { is_primary = true })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var list = await (await Owner.GetAsync(ImagesPath(org, product.Gtin))).ReadAsync<Paged<ImageOut>>();
        Assert.Single(list.Data, i => i.IsPrimary);
    }

    [Fact]
    public async Task Patch_changes_title_priority_and_primary_and_delete_removes_the_image_and_its_bytes()
    {
        var product = await ProductAsync();
        var image = await Owner.UploadImageAsync(org, product.Gtin, primary: true, title: "old");

        var patched = await (await Owner.PatchJsonAsync($"{ImagesPath(org, product.Gtin)}/{image.Id}",
            new { title = "new", priority = 7, is_primary = false })).ReadAsync<ImageOut>();
        var deleted = await Owner.DeleteAsync($"{ImagesPath(org, product.Gtin)}/{image.Id}");

        Assert.Equal(("new", 7, false), (patched.Title, patched.Priority, patched.IsPrimary));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await fx.AnonymousClient().GetAsync(image.ImageUrl)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Owner.DeleteAsync($"{ImagesPath(org, product.Gtin)}/{image.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("{\"priority\":-1}", "priority")]
    [InlineData("{\"priority\":1000001}", "priority")]
    [InlineData("{\"title\":\"a\\u0001\"}", "title")]
    [InlineData("{\"is_primary\":\"yes\"}", "is_primary")]
    [InlineData("{\"url\":\"x\"}", "url")]
    public async Task Bad_patches_are_422(string json, string field)
    {
        var product = await ProductAsync();
        var image = await Owner.UploadImageAsync(org, product.Gtin);

        var response = await Owner.PatchAsync($"{ImagesPath(org, product.Gtin)}/{image.Id}",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }

    public static TheoryData<string, byte[], string?, string, string> BadUploads => new()
    {
        { "renamed: a PNG called .gif", TestImages.Png(2, 2), "application/octet-stream", "photo.gif", "image" },
        { "declared jpeg, really webp", TestImages.WebP(4, 4), "image/jpeg", "photo", "image" },
        { "truncated jpeg", TestImages.Jpeg(4, 4)[..^2], "image/jpeg", "photo.jpg", "image" },
        { "svg with a script", TestImages.Svg("<script>fetch('/steal')</script>"), "image/svg+xml", "x.svg", "image" },
        { "svg with onload", TestImages.Svg(attributes: "onload=\"alert(1)\""), "image/svg+xml", "x.svg", "image" },
        { "svg with an external reference", TestImages.Svg("<use href=\"https://evil.example/a.svg#x\"/>"), "image/svg+xml", "x.svg", "image" },
        { "a zip file", [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0], "image/png", "photo.png", "image" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Uploads_that_are_not_safe_images_of_the_claimed_type_are_422_and_store_nothing(string name, byte[] bytes, string? type, string fileName, string field)
    {
        var product = await ProductAsync();

        var response = await Owner.PostAsync(ImagesPath(org, product.Gtin), TestImages.Form("image", bytes, type, fileName));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty(field)[0].GetString()!);
        Assert.True(ShortId.TryParse(product.Id, out var id), name);
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.product_images WHERE product_id = @id", new { id }));
    }

    [Theory]
    [InlineData("is_primary", "maybe")]
    [InlineData("title", "")]
    public async Task Bad_form_fields_are_422(string field, string value)
    {
        var product = await ProductAsync();
        var fields = field == "title" ? new[] { ("title", new string('t', 256)) } : new[] { (field, value) };

        var response = await Owner.PostAsync(ImagesPath(org, product.Gtin), TestImages.Form("image", TestImages.Png(2, 2), "image/png", "a.png", fields));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task A_product_of_another_organization_or_an_unknown_one_is_404_and_a_bad_gtin_is_422()
    {
        var other = TestData.NewOrganizationId();
        var theirs = await fx.ClientFor(other).CreateOwnedProductAsync(other, "Theirs");
        var form = () => TestImages.Form("image", TestImages.Png(2, 2), "image/png", "a.png");

        await (await Owner.PostAsync(ImagesPath(org, theirs.Gtin), form())).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Owner.GetAsync(ImagesPath(org, theirs.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Owner.PostAsync(ImagesPath(org, TestGtins.New13()), form())).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Owner.PostAsync(ImagesPath(org, "12345"), form())).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
    }

    [Theory]
    [InlineData(Roles.Viewer, "upload")]
    [InlineData(Roles.Billing, "upload")]
    [InlineData("outsider", "upload")]
    [InlineData("outsider", "list")]
    [InlineData("publishable", "list")]
    [InlineData("anonymous", "list")]
    [InlineData(Roles.Viewer, "patch")]
    [InlineData(Roles.Viewer, "delete")]
    public async Task Callers_without_the_permission_get_404_for_the_organizations_images(string who, string action)
    {
        var product = await ProductAsync();
        var image = await Owner.UploadImageAsync(org, product.Gtin);
        Assert.True(ShortId.TryParse(org, out var orgId));
        var client = who switch
        {
            "outsider" => fx.ClientFor(TestData.NewOrganizationId()),
            "publishable" => fx.ClientAs(Caller.ForOrganization(orgId, Roles.Owner, "cpk")),
            "anonymous" => fx.AnonymousClient(),
            _ => fx.ClientFor(org, who),
        };
        var path = ImagesPath(org, product.Gtin);

        var response = action switch
        {
            "upload" => await client.PostAsync(path, TestImages.Form("image", TestImages.Png(2, 2), "image/png", "a.png")),
            "list" => await client.GetAsync(path),
            "patch" => await client.PatchJsonAsync($"{path}/{image.Id}", new { title = "x" }),
            _ => await client.DeleteAsync($"{path}/{image.Id}"),
        };

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task An_image_of_another_product_cannot_be_changed_through_this_one()
    {
        var a = await ProductAsync();
        var b = await ProductAsync();
        var imageOfB = await Owner.UploadImageAsync(org, b.Gtin);

        var response = await Owner.PatchJsonAsync($"{ImagesPath(org, a.Gtin)}/{imageOfB.Id}", new { title = "x" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task PrimaryImageUrls_gives_each_product_the_image_heading_its_list()
    {
        var withPrimary = await ProductAsync();
        var withoutPrimary = await ProductAsync();
        var none = await ProductAsync();
        await Owner.UploadImageAsync(org, withPrimary.Gtin);
        var primary = await Owner.UploadImageAsync(org, withPrimary.Gtin, primary: true);
        var lowest = await Owner.UploadImageAsync(org, withoutPrimary.Gtin);
        await Owner.UploadImageAsync(org, withoutPrimary.Gtin);
        var ids = new[] { withPrimary, withoutPrimary, none }.Select(p => ShortId.TryParse(p.Id, out var id) ? id : Guid.Empty).ToArray();

        await using var conn = new Npgsql.NpgsqlConnection(fx.Database.ConnectionString);
        await conn.OpenAsync();
        var urls = await ProductImageQueries.PrimaryImageUrlsAsync(conn, ids, CancellationToken.None);

        Assert.Equal(primary.ImageUrl, urls[ids[0]]);
        Assert.Equal(lowest.ImageUrl, urls[ids[1]]);
        Assert.False(urls.ContainsKey(ids[2]));
    }

    [Fact]
    public async Task Unknown_image_ids_are_404()
    {
        await (await fx.AnonymousClient().GetAsync($"{ProductImageQueries.PublicPath}/{ShortId.Encode(Guid.NewGuid())}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await fx.AnonymousClient().GetAsync($"{ProductImageQueries.PublicPath}/nope")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
