using System.Net;
using Closient.Catalog.ProductData;
using Closient.Catalog.Tests.Certifications;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using static Closient.Catalog.Tests.ProductData.ProductDataTestApi;

namespace Closient.Catalog.Tests.ProductData;

public sealed class IngredientsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    static object Recipe => new
    {
        ingredients = new object[]
        {
            new { name = "Oat base", percentage = 90, origin = "SE" },
            new { name = "Rapeseed oil", percentage = 2.5 },
            new { name = "Milk powder", allergen = "Milk", is_major_allergen = true, notes = "Skimmed" },
            new { name = "Hazelnut", allergen = "tree-nuts", may_contain = true },
        },
    };

    [Fact]
    public async Task PUT_stores_the_list_in_label_order_and_GET_pages_and_filters_it()
    {
        var (org, _, product) = await Certs.ClaimedProductAsync(fx);
        var stored = await fx.ClientFor(org, Roles.Manager).PutJsonAsync(Ingredients(product.Gtin), Recipe).OkAsync<List<IngredientOut>>();
        Assert.Equal(["Oat base", "Rapeseed oil", "Milk powder", "Hazelnut"], stored.Select(i => i.Name));
        Assert.Equal([1, 2, 3, 4], stored.Select(i => i.Priority));

        var reader = fx.ClientFor(TestData.NewOrganizationId(), Roles.Viewer);
        var page = await reader.GetAsync(Ingredients(product.Gtin) + "?page_size=2&page=2").OkAsync<Paged<IngredientOut>>();
        Assert.Equal(["Milk powder", "Hazelnut"], page.Data.Select(i => i.Name));
        Assert.Equal(4, page.Pagination.TotalCount);
        var milk = page.Data[0];
        Assert.Equal((true, false, "milk", "Skimmed", (decimal?)null), (milk.IsMajorAllergen, milk.MayContain, milk.Allergen, milk.Notes, milk.Percentage));
        Assert.True(page.Data[1].MayContain);

        var allergens = await reader.GetAsync(Ingredients(product.Gtin) + "?is_major_allergen=true").OkAsync<Paged<IngredientOut>>();
        Assert.Equal(["milk", "tree-nuts"], allergens.Data.Select(i => i.Allergen));
        var others = await reader.GetAsync(Ingredients(product.Gtin) + "?is_major_allergen=false").OkAsync<Paged<IngredientOut>>();
        Assert.Equal(("Oat base", 90m, "SE"), (others.Data[0].Name, others.Data[0].Percentage, others.Data[0].Origin));
        Assert.Equal(2, others.Data.Count);

        // PUT replaces; [] clears.
        await fx.ClientFor(org).PutJsonAsync(Ingredients(product.Gtin), new { ingredients = Array.Empty<object>() }).OkAsync<List<IngredientOut>>();
        Assert.Empty((await reader.GetAsync(Ingredients(product.Gtin)).OkAsync<Paged<IngredientOut>>()).Data);
    }

    [Theory]
    [InlineData("""{}""", "ingredients")]
    [InlineData("""{"ingredients":[{"percentage":5}]}""", "ingredients[0].name")]
    [InlineData("""{"ingredients":[{"name":"Water","percentage":100.5}]}""", "ingredients[0].percentage")]
    [InlineData("""{"ingredients":[{"name":"Water","percentage":-1}]}""", "ingredients[0].percentage")]
    [InlineData("""{"ingredients":[{"name":"Nuts","allergen":"nuts"}]}""", "ingredients[0].allergen")]
    [InlineData("""{"ingredients":[{"name":"Nuts","is_major_allergen":true}]}""", "ingredients[0].allergen")]
    [InlineData("""{"ingredients":[{"name":"Milk","allergen":"milk","is_major_allergen":false}]}""", "ingredients[0].is_major_allergen")]
    [InlineData("""{"ingredients":[{"name":"A","percentage":60},{"name":"B","percentage":50}]}""", "ingredients")]
    public async Task Bad_lists_are_422_and_keep_the_stored_one(string json, string field)
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        await owner.PutJsonAsync(Ingredients(product.Gtin), Recipe).OkAsync<List<IngredientOut>>();
        var response = await owner.PutAsync(Ingredients(product.Gtin), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        Assert.Equal(4, (await owner.GetAsync(Ingredients(product.Gtin)).OkAsync<Paged<IngredientOut>>()).Pagination.TotalCount);
    }

    [Fact]
    public async Task Bad_filters_are_422_unknown_products_404_and_outsiders_cannot_write()
    {
        var (org, owner, product) = await Certs.ClaimedProductAsync(fx);
        await (await owner.GetAsync(Ingredients(product.Gtin) + "?is_major_allergen=maybe")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "is_major_allergen");
        await (await owner.GetAsync(Ingredients(TestGtins.New13()))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        foreach (var client in new[] { fx.ClientFor(TestData.NewOrganizationId()), fx.ClientFor(org, Roles.Viewer) })
            await (await client.PutJsonAsync(Ingredients(product.Gtin), Recipe)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty((await owner.GetAsync(Ingredients(product.Gtin)).OkAsync<Paged<IngredientOut>>()).Data);
        // An unclaimed product has no owner to write for it.
        var unclaimed = await owner.CreateProductAsync(new { gtin = TestGtins.New13() });
        await (await owner.PutJsonAsync(Ingredients(unclaimed.Gtin), Recipe)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
