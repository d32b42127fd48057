using System.Net;
using System.Text.Json;
using Closient.Catalog.Content;
using Closient.Catalog.ProductData;
using Closient.Catalog.Tests.Resolver;
using Closient.ServiceDefaults.Http;
using static Closient.Catalog.Tests.ProductData.ProductDataTestApi;

namespace Closient.Catalog.Tests.ProductData;

/// <summary>The content aggregate, the hosted page's sections and the resolver's built-in content links.</summary>
public sealed class ContentAndResolverTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    const string Gs1 = "https://gs1.org/voc/";

    async Task<(string Gtin, HttpClient Owner)> ProductWithContentAsync(bool recall = true)
    {
        var (gtin, org) = await fx.CreateProductAsync(name: "Oat <Drink>");
        var owner = fx.ClientFor(ShortId.Encode(org));
        await owner.PutJsonAsync(Nutrition(gtin), Panel()).OkAsync<NutritionOut>();
        await owner.PutJsonAsync(Ingredients(gtin), new
        {
            ingredients = new object[] { new { name = "Oats & water" }, new { name = "Milk powder", allergen = "milk" }, new { name = "Hazelnut", allergen = "tree-nuts", may_contain = true } },
        }).OkAsync<List<IngredientOut>>();
        if (recall)
            await owner.PostJsonAsync(Recalls(gtin), new { title = "Undeclared <milk>", recall_date = "2026-02-02", source_system = "FDA", severity = "CLASS_I" })
                .OkAsync<RecallOut>(HttpStatusCode.Created);
        return (gtin, owner);
    }

    static async Task<Dictionary<string, string[]>> LinksAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var context = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("linkset")[0];
        return context.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array)
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(l => l.GetProperty("href").GetString()!).ToArray());
    }

    [Fact]
    public async Task The_content_aggregate_holds_the_ingredients_recalls_and_nutrition()
    {
        var (gtin, owner) = await ProductWithContentAsync();
        var content = await owner.GetAsync($"{Api.Products}/{gtin}/content").OkAsync<ProductContentOut>();
        Assert.Equal(["Oats & water", "Milk powder", "Hazelnut"], content.Ingredients.Select(i => i.Name));
        Assert.Equal("Undeclared <milk>", Assert.Single(content.Recalls).Title);
        Assert.Equal("US_FDA", content.Nutrition!.LabelFormat);
    }

    [Fact]
    public async Task The_linkset_points_at_the_hosted_page_sections_for_the_content_the_product_has()
    {
        var (gtin, _) = await ProductWithContentAsync();
        var links = await LinksAsync(await fx.Scanner().GetAsync($"/01/{gtin}?linkType=linkset", null));
        var page = $"http://localhost/resolver/api/v1/pages/01/{gtin}";
        Assert.Equal([page + "#nutrition"], links[Gs1 + "nutritionalInfo"]);
        Assert.Equal([page + "#ingredients"], links[Gs1 + "ingredientsInfo"]);
        Assert.Equal([page + "#allergens"], links[Gs1 + "allergenInfo"]);
        Assert.Equal([page + "#recalls"], links[Gs1 + "recallStatus"]);

        // A plain product has none of them.
        var (plain, _) = await fx.CreateProductAsync();
        var none = await LinksAsync(await fx.Scanner().GetAsync($"/01/{plain}?linkType=linkset", null));
        Assert.DoesNotContain(none.Keys, k => k is Gs1 + "nutritionalInfo" or Gs1 + "ingredientsInfo" or Gs1 + "allergenInfo" or Gs1 + "recallStatus");
    }

    [Fact]
    public async Task Closing_the_recall_removes_the_recall_link_at_once_on_this_instance()
    {
        var (gtin, owner) = await ProductWithContentAsync();
        Assert.Contains(Gs1 + "recallStatus", (await LinksAsync(await fx.Scanner().GetAsync($"/01/{gtin}?linkType=linkset", null))).Keys);
        var recall = Assert.Single((await owner.GetAsync(Recalls(gtin)).OkAsync<Paged<RecallOut>>()).Data);
        await owner.PatchJsonAsync($"{Recalls(gtin)}/{recall.Id}", new { status = "COMPLETED" }).OkAsync<RecallOut>();

        var after = await LinksAsync(await fx.Scanner().GetAsync($"/01/{gtin}?linkType=linkset", null));
        Assert.DoesNotContain(Gs1 + "recallStatus", after.Keys);
        Assert.Contains(Gs1 + "nutritionalInfo", after.Keys);
        // linkType=gs1:recallStatus now has nothing to redirect to.
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Scanner().GetAsync($"/01/{gtin}?linkType=gs1:recallStatus", null)).StatusCode);
    }

    [Fact]
    public async Task The_hosted_page_shows_the_sections_html_encoded()
    {
        var (gtin, _) = await ProductWithContentAsync();
        var html = await (await fx.Scanner().GetAsync($"/resolver/api/v1/pages/01/{gtin}", "text/html")).Content.ReadAsStringAsync();
        Assert.Contains("<section id=\"recalls\">", html);
        Assert.Contains("Undeclared &lt;milk&gt;", html);
        Assert.Contains("<section id=\"nutrition\">", html);
        Assert.Contains("Total Sugars", html);
        Assert.Contains("<section id=\"ingredients\">", html);
        Assert.Contains("Oats &amp; water, Milk powder</p>", html);
        Assert.Contains("<section id=\"allergens\">", html);
        Assert.Contains("Contains: milk", html);
        Assert.Contains("May contain: tree-nuts", html);
        Assert.DoesNotContain("<milk>", html);
    }
}
