namespace Closient.Catalog.ProductData;

/// <summary>Product content (issue #4): nutrition, ingredients, recalls, packaging hierarchy.</summary>
public static class ProductDataRegistration
{
    public static IHostApplicationBuilder AddProductData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProductDataFlags>();
        return builder;
    }

    public static IEndpointRouteBuilder MapProductDataApi(this IEndpointRouteBuilder app) =>
        app.MapNutritionApi().MapIngredientsApi().MapRecallsApi().MapHierarchyApi();
}
