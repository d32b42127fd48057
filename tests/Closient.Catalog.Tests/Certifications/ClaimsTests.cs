using System.Net;
using Closient.Catalog.Certifications;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Certifications;

public sealed class ClaimsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    [Fact]
    public async Task The_owner_adds_a_claim_and_any_secret_key_lists_it()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);

        var response = await owner.PostJsonAsync(Certs.Claims(product.Gtin), new
        {
            label = "Non-GMO", code = "non_gmo", category = "ingredient_absence", source = "THIRD_PARTY_VERIFIED",
            metadata = new Dictionary<string, string> { ["ref"] = "x" }, valid_from = "2026-01-01", expiration_date = "2027-01-01",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var claim = await response.ReadAsync<ClaimOut>();
        Assert.Equal($"{Certs.Claims(product.Gtin)}/{claim.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Non-GMO", claim.Label);
        Assert.Equal("NON_GMO", claim.Code);
        Assert.Equal("INGREDIENT_ABSENCE", claim.Category);
        Assert.Equal("THIRD_PARTY_VERIFIED", claim.Source);
        Assert.Equal("x", claim.Metadata["ref"]);
        Assert.Equal(new DateOnly(2026, 1, 1), claim.ValidFrom);
        Assert.Equal(new DateOnly(2027, 1, 1), claim.ExpirationDate);
        var listed = await (await fx.ClientFor(TestData.NewOrganizationId()).GetAsync(Certs.Claims(product.Gtin))).ReadAsync<List<ClaimOut>>();
        Assert.Equal([claim.Id], listed.Select(c => c.Id));
    }

    [Fact]
    public async Task A_claim_defaults_to_brand_self_declared()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);

        var claim = await (await owner.PostJsonAsync(Certs.Claims(product.Gtin), new { label = "Vegan", code = "VEGAN", category = "DIETARY" })).ReadAsync<ClaimOut>();

        Assert.Equal("BRAND_SELF_DECLARED", claim.Source);
        Assert.Empty(claim.Metadata);
        Assert.Null(claim.ValidFrom);
    }

    [Fact]
    public async Task A_duplicate_claim_code_on_the_product_returns_409()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        var (_, otherOwner, otherProduct) = await Certs.ClaimedProductAsync(fx);
        await owner.PostJsonAsync(Certs.Claims(product.Gtin), new { label = "Vegan", code = "VEGAN", category = "DIETARY" });

        var again = await owner.PostJsonAsync(Certs.Claims(product.Gtin), new { label = "Plant based", code = "vegan", category = "DIETARY" });
        var elsewhere = await otherOwner.PostJsonAsync(Certs.Claims(otherProduct.Gtin), new { label = "Vegan", code = "VEGAN", category = "DIETARY" });

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }

    [Theory]
    [InlineData("""{"code": "VEGAN", "category": "DIETARY"}""", "label")]
    [InlineData("""{"label": "Vegan", "category": "DIETARY"}""", "code")]
    [InlineData("""{"label": "Vegan", "code": "VEGAN"}""", "category")]
    [InlineData("""{"label": "Vegan", "code": "VEGAN", "category": "TASTY"}""", "category")]
    [InlineData("""{"label": "Vegan", "code": "VEGAN", "category": "DIETARY", "source": "RUMOUR"}""", "source")]
    [InlineData("""{"label": "Vegan", "code": "VE GAN", "category": "DIETARY"}""", "code")]
    [InlineData("""{"label": "Vegan", "code": "VEGAN", "category": "DIETARY", "valid_from": "2026-02-01", "expiration_date": "2026-01-01"}""", "expiration_date")]
    [InlineData("""{"label": "Vegan", "code": "VEGAN", "category": "DIETARY", "valid_from": "soon"}""", "valid_from")]
    public async Task Bad_claim_fields_return_422(string json, string field)
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);

        var response = await owner.PostRawAsync(Certs.Claims(product.Gtin), json);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM catalog.product_claims c JOIN catalog.products p ON p.id = c.product_id WHERE p.gtin = @gtin", new { gtin = product.Gtin }));
    }

    [Fact]
    public async Task A_label_over_100_characters_returns_422()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);

        var response = await owner.PostJsonAsync(Certs.Claims(product.Gtin), new { label = new string('x', 101), code = "LONG", category = "OTHER" });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "label");
    }

    [Fact]
    public async Task Deleting_a_claim_returns_204_then_404_and_another_products_claim_is_not_found()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        var (_, otherOwner, otherProduct) = await Certs.ClaimedProductAsync(fx);
        var claim = await (await owner.PostJsonAsync(Certs.Claims(product.Gtin), new { label = "Vegan", code = "VEGAN", category = "DIETARY" })).ReadAsync<ClaimOut>();
        var foreign = await (await otherOwner.PostJsonAsync(Certs.Claims(otherProduct.Gtin), new { label = "Vegan", code = "VEGAN", category = "DIETARY" })).ReadAsync<ClaimOut>();

        var first = await owner.DeleteAsync($"{Certs.Claims(product.Gtin)}/{claim.Id}");
        var second = await owner.DeleteAsync($"{Certs.Claims(product.Gtin)}/{claim.Id}");
        var wrongProduct = await owner.DeleteAsync($"{Certs.Claims(product.Gtin)}/{foreign.Id}");
        var malformed = await owner.DeleteAsync($"{Certs.Claims(product.Gtin)}/nope");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await second.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await wrongProduct.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await malformed.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Single(await (await otherOwner.GetAsync(Certs.Claims(otherProduct.Gtin))).ReadAsync<List<ClaimOut>>());
    }
}

/// <summary><c>GET /products/api/v1/products/{gtin}/certifications</c> and <c>/claims</c>: the same data as <c>{data, pagination}</c>.</summary>
public sealed class ProductPagesTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    [Fact]
    public async Task Certifications_are_paginated_in_the_products_api()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        foreach (var code in new[] { "USDA_ORGANIC", "FAIR_TRADE_USA", "NON_GMO_PROJECT", "MSC", "RAINFOREST_ALLIANCE" })
            await owner.AssignAsync(product.Gtin, new { code });
        var reader = fx.ClientFor(TestData.NewOrganizationId());

        var first = await (await reader.GetAsync($"{Certs.ProductsAppCertifications(product.Gtin)}?page_size=2")).ReadAsync<Paged<CertificationAssignmentOut>>();
        var last = await (await reader.GetAsync($"{Certs.ProductsAppCertifications(product.Gtin)}?page_size=2&page=3")).ReadAsync<Paged<CertificationAssignmentOut>>();
        var past = await (await reader.GetAsync($"{Certs.ProductsAppCertifications(product.Gtin)}?page_size=2&page=4")).ReadAsync<Paged<CertificationAssignmentOut>>();
        var filtered = await (await reader.GetAsync($"{Certs.ProductsAppCertifications(product.Gtin)}?ordering=-label&page_size=1")).ReadAsync<Paged<CertificationAssignmentOut>>();

        Assert.Equal(["FAIR_TRADE_USA", "MSC"], first.Data.Select(a => a.Code));
        Assert.Equal(new PaginationInfo(1, 2, 5, 3, true, false), first.Pagination);
        Assert.Equal(["USDA_ORGANIC"], last.Data.Select(a => a.Code));
        Assert.Equal(new PaginationInfo(3, 2, 5, 3, false, true), last.Pagination);
        Assert.Empty(past.Data);
        Assert.Equal(["USDA_ORGANIC"], filtered.Data.Select(a => a.Code));
    }

    [Fact]
    public async Task Claims_are_paginated_in_the_products_api()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        foreach (var (label, code) in new[] { ("Vegan", "VEGAN"), ("Gluten free", "GLUTEN_FREE"), ("Kosher", "KOSHER") })
            await owner.PostJsonAsync(Certs.Claims(product.Gtin), new { label, code, category = "DIETARY" });

        var page = await (await owner.GetAsync($"{Certs.ProductsAppClaims(product.Gtin)}?page_size=2&page=2")).ReadAsync<Paged<ClaimOut>>();
        var bad = await owner.GetAsync($"{Certs.ProductsAppClaims(product.Gtin)}?page_size=0");

        Assert.Equal(["VEGAN"], page.Data.Select(c => c.Code));
        Assert.Equal(new PaginationInfo(2, 2, 3, 2, false, true), page.Pagination);
        await bad.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "page_size");
    }

    [Fact]
    public async Task The_certifications_openapi_document_describes_the_certification_paths()
    {
        var response = await fx.Client.GetAsync("/certifications/api/v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/certifications/api/v1/certifications").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/certifications/api/v1/products/{gtin}/certifications/{certificationId}").TryGetProperty("patch", out _));
        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/certifications/api/v1/", p.Name));
    }
}
