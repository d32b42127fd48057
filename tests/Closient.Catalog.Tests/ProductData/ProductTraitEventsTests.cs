using Closient.Catalog.ProductData;
using Closient.Catalog.Tests.Certifications;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using static Closient.Catalog.Tests.ProductData.ProductDataTestApi;

namespace Closient.Catalog.Tests.ProductData;

/// <summary>ProductUpserted carries the product's allergen slugs, whether it declared any, and its substances (issue #6).</summary>
public sealed class ProductTraitEventsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    [Fact]
    public void The_substance_table_covers_exactly_the_shared_substance_slugs()
    {
        Assert.Equal(SubstanceSlugs.All.Order(StringComparer.Ordinal), Substances.Table.Select(t => t.Slug).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Sucralose", "artificial-sweeteners,sucralose")]
    [InlineData("Sweetener (E955)", "artificial-sweeteners,sucralose")]
    [InlineData("Palm kernel oil", "palm-oil")]
    [InlineData("High-fructose corn syrup", "added-sugar,high-fructose-corn-syrup")]
    [InlineData("Cane sugar", "added-sugar")]
    [InlineData("Red 40 Lake", "artificial-colors")]
    [InlineData("Sodium nitrite", "nitrites")]
    [InlineData("Oats & water", "")]
    [InlineData("Palmitic acid", "")]
    [InlineData("Sunflower oil", "")]
    public void Ingredient_names_map_to_substance_slugs(string name, string expected)
    {
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), Substances.Of([name]));
    }

    [Fact]
    public async Task Ingredients_publish_allergens_declared_and_substances_and_clearing_them_publishes_low_data()
    {
        var (org, _, product) = await Certs.ClaimedProductAsync(fx);
        var owner = fx.ClientFor(org, Roles.Manager);
        await owner.PutJsonAsync(Ingredients(product.Gtin), new
        {
            ingredients = new object[]
            {
                new { name = "Milk powder", allergen = "milk" },
                new { name = "Sucralose" },
                new { name = "Palm oil" },
                new { name = "Hazelnut", allergen = "tree-nuts", may_contain = true },
                new { name = "Whole milk", allergen = "milk" },
            },
        }).OkAsync<List<IngredientOut>>();

        var (declared, _) = await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == product.Gtin && e.AllergensDeclared == true);
        Assert.Equal(["milk", "tree-nuts"], declared.ContainsAllergens!);
        Assert.Equal(["artificial-sweeteners", "palm-oil", "sucralose"], declared.Substances!);
        Assert.Empty(declared.Certifications!);

        await owner.PutJsonAsync(Ingredients(product.Gtin), new { ingredients = Array.Empty<object>() }).OkAsync<List<IngredientOut>>();
        var (cleared, _) = await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == product.Gtin && e.UpdatedAt > declared.UpdatedAt);
        Assert.False(cleared.AllergensDeclared);
        Assert.Empty(cleared.ContainsAllergens!);
        Assert.Empty(cleared.Substances!);
    }

    [Fact]
    public async Task A_list_without_allergens_is_declared_with_none()
    {
        var (org, _, product) = await Certs.ClaimedProductAsync(fx);
        await fx.ClientFor(org, Roles.Manager).PutJsonAsync(Ingredients(product.Gtin), new { ingredients = new object[] { new { name = "Water" } } })
            .OkAsync<List<IngredientOut>>();

        var (evt, _) = await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == product.Gtin && e.AllergensDeclared == true);
        Assert.Empty(evt.ContainsAllergens!);
        Assert.Empty(evt.Substances!);
    }
}
