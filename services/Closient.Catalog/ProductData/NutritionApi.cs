using System.Text.Json;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Catalog.ProductData;

/// <summary>
/// <c>/products/api/v1/products/{gtin}/nutrition</c>: read the panel (any secret key; 404 when the product has
/// none), replace it (PUT) or remove it (DELETE) for members with ManageProducts in the owning organization.
/// </summary>
public static class NutritionApi
{
    public static IEndpointRouteBuilder MapNutritionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/products/api/v1/products/{gtin}/nutrition").WithTags("Products");
        group.MapGet("", GetNutrition).WithName("GetProductNutrition").WithAccess(AccessRule.AnyKey)
            .WithSummary("A product's nutrition panel; 404 when it has none.");
        group.MapPut("", PutNutrition).WithName("PutProductNutrition").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Replace the product's nutrition panel (owning organization).");
        group.MapDelete("", DeleteNutrition).WithName("DeleteProductNutrition").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Remove the product's nutrition panel (owning organization).");
        return app;
    }

    static readonly JsonSerializerOptions StoredJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    sealed record Row(string ServingSize, string LabelFormat, string Nutrients, decimal? ServingSizeG, decimal? ServingsPerContainer)
    {
        public NutritionOut ToOut() => new(ServingSize, LabelFormat,
            JsonSerializer.Deserialize<List<NutrientOut>>(Nutrients, StoredJson) ?? [], ServingSizeG, ServingsPerContainer);
    }

    /// <summary>The panel of <paramref name="productId"/>, or null.</summary>
    internal static async Task<NutritionOut?> FindAsync(NpgsqlConnection conn, Guid productId, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        const string sql = """
            SELECT serving_size, label_format, nutrients::text AS nutrients, serving_size_g, servings_per_container
            FROM catalog.product_nutrition WHERE product_id = @productId
            """;
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, new { productId }, tx, cancellationToken: ct));
        return row?.ToOut();
    }

    static async Task<Results<Ok<NutritionOut>, ProblemHttpResult>> GetNutrition(string gtin, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var (product, problem) = await ProductDataAccess.ReadableAsync(conn, caller, gtin, ct);
        if (problem is not null) return problem;
        return await FindAsync(conn, product!.Id, ct) is { } panel
            ? TypedResults.Ok(panel)
            : Problems.NotFound($"The product with GTIN {product.Gtin} has no nutrition panel.");
    }

    static async Task<Results<Ok<NutritionOut>, ProblemHttpResult>> PutNutrition(
        string gtin, PutNutritionRequest body, Caller caller, NpgsqlDataSource db, ProductDataFlags flags, TimeProvider clock, CancellationToken ct)
    {
        if (ProductDataAccess.BadGtin(gtin) is { } bad) return bad;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (product, _, problem) = await ProductDataAccess.WritableAsync(conn, tx, caller, gtin, ct);
        if (problem is not null) return problem;
        var v = new Validation();
        if (NutritionFields.Validate(body, v) is not { } panel) return v.ToProblem();

        const string upsert = """
            INSERT INTO catalog.product_nutrition (product_id, serving_size, label_format, serving_size_g, servings_per_container, nutrients, created_at, modified_at)
            VALUES (@ProductId, @ServingSize, @LabelFormat, @ServingSizeG, @ServingsPerContainer, @Nutrients::jsonb, @Now, @Now)
            ON CONFLICT (product_id) DO UPDATE SET serving_size = EXCLUDED.serving_size, label_format = EXCLUDED.label_format,
                serving_size_g = EXCLUDED.serving_size_g, servings_per_container = EXCLUDED.servings_per_container,
                nutrients = EXCLUDED.nutrients, modified_at = EXCLUDED.modified_at
            """;
        await conn.ExecuteAsync(new CommandDefinition(upsert, new
        {
            ProductId = product!.Id, panel.ServingSize, panel.LabelFormat, panel.ServingSizeG, panel.ServingsPerContainer,
            Nutrients = JsonSerializer.Serialize(panel.Nutrients, StoredJson), Now = DatabaseTime.Now(clock),
        }, tx, cancellationToken: ct));
        var stored = await FindAsync(conn, product.Id, ct, tx);
        await flags.TouchAsync(conn, tx, product.Id, ct);
        await tx.CommitAsync(ct);
        flags.Evict(product.Gtin);
        return TypedResults.Ok(stored!);
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteNutrition(
        string gtin, Caller caller, NpgsqlDataSource db, ProductDataFlags flags, CancellationToken ct)
    {
        if (ProductDataAccess.BadGtin(gtin) is { } bad) return bad;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (product, _, problem) = await ProductDataAccess.WritableAsync(conn, tx, caller, gtin, ct);
        if (problem is not null) return problem;
        var deleted = await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM catalog.product_nutrition WHERE product_id = @Id", new { product!.Id }, tx, cancellationToken: ct));
        if (deleted > 0) await flags.TouchAsync(conn, tx, product.Id, ct);
        await tx.CommitAsync(ct);
        flags.Evict(product.Gtin);
        return deleted == 0 ? Problems.NotFound($"The product with GTIN {product.Gtin} has no nutrition panel.") : TypedResults.NoContent();
    }
}
