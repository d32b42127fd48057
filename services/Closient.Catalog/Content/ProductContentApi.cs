using Closient.Catalog.Certifications;
using Closient.Catalog.Images;
using Closient.Catalog.ProductData;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Catalog.Content;

/// <summary>
/// <c>GET /products/api/v1/products/{gtin}/content</c> (spec/catalog.md §2 "content"): a product's content in
/// one answer, read through the queries of the features that own it (<see cref="ProductImageQueries"/>,
/// <see cref="CertificationQueries"/>, <see cref="IngredientsApi"/>, <see cref="RecallsApi"/>, <see cref="NutritionApi"/>):
/// ingredients in label order, recalls newest first, the nutrition panel or null.
/// </summary>
public static class ProductContentApi
{
    public static IEndpointRouteBuilder MapProductContentApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/products/api/v1/products/{gtin}/content", GetContent).WithName("GetProductContent").WithTags("Products")
            .WithAccess(AccessRule.AnyKey)
            .WithSummary("A product's content aggregate: images, certifications, claims, ingredients, recalls, nutrition.");
        return app;
    }

    static async Task<Results<Ok<ProductContentOut>, ProblemHttpResult>> GetContent(
        string gtin, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        // Like GET /products/{gtin}: any secret key reads any product; anonymous and publishable callers get a 404.
        if (!ProductsApi.IsSecretKeyCaller(caller)) return ProductsApi.ResourceNotFound();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);

        await using var conn = await db.OpenConnectionAsync(ct);
        if (await CertificationQueries.FindProductAsync(conn, gtin14, ct) is not { } product) return ProductsApi.NotFound(gtin14);
        var images = await ProductImageQueries.ImagesAsync(conn, product.Id, ct);
        var certifications = await CertificationQueries.AssignmentsAsync(conn, product.Id, Validity.Today(clock), ct);
        var claims = await CertificationQueries.ClaimsAsync(conn, product.Id, ct);
        var ingredients = await IngredientsApi.AllAsync(conn, product.Id, ct);
        var recalls = await RecallsApi.AllAsync(conn, product.Id, ct);
        var nutrition = await NutritionApi.FindAsync(conn, product.Id, ct);
        return TypedResults.Ok(new ProductContentOut(
            images.Select(ContentImageOut.From).ToList(), certifications, claims, ingredients, recalls, nutrition));
    }
}

/// <summary>The content aggregate; <c>nutrition</c> is null when the product has no panel.</summary>
public sealed record ProductContentOut(
    IReadOnlyList<ContentImageOut> Images,
    IReadOnlyList<CertificationAssignmentOut> Certifications,
    IReadOnlyList<ClaimOut> Claims,
    IReadOnlyList<IngredientOut> Ingredients,
    IReadOnlyList<RecallOut> Recalls,
    NutritionOut? Nutrition);

/// <summary>
/// An image as the content aggregate shows it (spec field list). Images have no description and no separate
/// thumbnail yet: <c>description</c> is "" and <c>thumbnail_url</c> is the image's own URL.
/// </summary>
public sealed record ContentImageOut(
    string Id, string Title, string Description, bool IsPrimary, int Priority, DateTimeOffset Created,
    string ImageUrl, string ThumbnailUrl, int? Width, int? Height)
{
    public static ContentImageOut From(ImageOut image) => new(image.Id, image.Title, "", image.IsPrimary, image.Priority,
        image.Created, image.ImageUrl, image.ImageUrl, image.Width, image.Height);
}
