using System.Net;
using Closient.Catalog.Dashboard;
using Closient.Catalog.ProductData;
using Closient.Catalog.Tests.Certifications;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;
using static Closient.Catalog.Tests.ProductData.ProductDataTestApi;

namespace Closient.Catalog.Tests.ProductData;

public sealed class NutritionTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    [Fact]
    public async Task A_product_without_a_panel_is_404_then_PUT_stores_it_and_any_key_reads_it()
    {
        var (org, owner, product) = await Certs.ClaimedProductAsync(fx);
        await (await owner.GetAsync(Nutrition(product.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var put = await fx.ClientFor(org, Roles.Editor).PutJsonAsync(Nutrition(product.Gtin), Panel()).OkAsync<NutritionOut>();
        Assert.Equal(("1 cup (240 ml)", "US_FDA", 240m, 4.5m), (put.ServingSize, put.LabelFormat, put.ServingSizeG, put.ServingsPerContainer));

        var read = await fx.ClientFor(TestData.NewOrganizationId(), Roles.Viewer).GetAsync(Nutrition(product.Gtin)).OkAsync<NutritionOut>();
        Assert.Equal(["Energy", "Total Sugars"], read.Nutrients.Select(n => n.Name));
        Assert.Equal((12.5m, "g", 25m), (read.Nutrients[1].Amount, read.Nutrients[1].Unit, read.Nutrients[1].DailyValuePct));
        Assert.Null(read.Nutrients[0].DailyValuePct);

        // PUT replaces the whole panel.
        var replaced = await owner.PutJsonAsync(Nutrition(product.Gtin), new { serving_size = "100 g", label_format = "eu", nutrients = new[] { new { name = "Fat", amount = 3 } } })
            .OkAsync<NutritionOut>();
        Assert.Equal(("EU", null, null), (replaced.LabelFormat, replaced.ServingSizeG, replaced.ServingsPerContainer));
        Assert.Equal("Fat", Assert.Single(replaced.Nutrients).Name);
    }

    [Fact]
    public async Task Delete_removes_the_panel_and_a_second_delete_is_404()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        await owner.PutJsonAsync(Nutrition(product.Gtin), Panel()).OkAsync<NutritionOut>();

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(Nutrition(product.Gtin))).StatusCode);
        await (await owner.GetAsync(Nutrition(product.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await owner.DeleteAsync(Nutrition(product.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"label_format":"US_FDA","nutrients":[]}""", "serving_size")]
    [InlineData("""{"serving_size":"1 cup","label_format":"FDA"}""", "label_format")]
    [InlineData("""{"serving_size":"1 cup","label_format":"EU","nutrients":[{"name":"Fat","amount":-1}]}""", "nutrients[0].amount")]
    [InlineData("""{"serving_size":"1 cup","label_format":"EU","nutrients":[{"name":"Fat"}]}""", "nutrients[0].amount")]
    [InlineData("""{"serving_size":"1 cup","label_format":"EU","nutrients":[{"name":"Fat","amount":1,"daily_value_pct":1000.5}]}""", "nutrients[0].daily_value_pct")]
    [InlineData("""{"serving_size":"1 cup","label_format":"EU","nutrients":[{"name":"Fat","amount":1},{"name":"fat","amount":2}]}""", "nutrients[1].name")]
    [InlineData("""{"serving_size":"1 cup","label_format":"EU","servings_per_container":0}""", "servings_per_container")]
    [InlineData("""{"serving_size":"1 cup","label_format":"EU","serving_size_g":-5}""", "serving_size_g")]
    public async Task Bad_panels_are_422_and_store_nothing(string json, string field)
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        var response = await owner.PutAsync(Nutrition(product.Gtin), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        await (await owner.GetAsync(Nutrition(product.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Other_organizations_viewers_and_keyless_callers_get_404_on_writes()
    {
        var (org, owner, product) = await Certs.ClaimedProductAsync(fx);
        await owner.PutJsonAsync(Nutrition(product.Gtin), Panel()).OkAsync<NutritionOut>();

        foreach (var client in new[] { fx.ClientFor(TestData.NewOrganizationId(), Roles.Owner), fx.ClientFor(org, Roles.Viewer), fx.ClientFor(org, Roles.Billing) })
        {
            await (await client.PutJsonAsync(Nutrition(product.Gtin), Panel(1))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            await (await client.DeleteAsync(Nutrition(product.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        }
        await (await fx.AnonymousClient().GetAsync(Nutrition(product.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var kept = await owner.GetAsync(Nutrition(product.Gtin)).OkAsync<NutritionOut>();
        Assert.Equal(12.5m, kept.Nutrients[1].Amount);
        await (await owner.GetAsync(Nutrition("12345"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
    }

    [Fact]
    public async Task A_panel_counts_for_the_completeness_nutrition_field()
    {
        var (org, owner, product) = await Certs.ClaimedProductAsync(fx);
        var path = $"/dashboard/api/v1/trade-items/{org}/{product.Gtin}/completeness";
        Assert.Equal(0m, (await owner.GetAsync(path).OkAsync<CompletenessOut>()).Fields["nutrition"].Score);

        await owner.PutJsonAsync(Nutrition(product.Gtin), Panel()).OkAsync<NutritionOut>();

        var after = await owner.GetAsync(path).OkAsync<CompletenessOut>();
        Assert.Equal(1m, after.Fields["nutrition"].Score);
    }
}
