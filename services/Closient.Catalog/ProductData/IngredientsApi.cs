using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.ProductData;

/// <summary>
/// <c>/products/api/v1/products/{gtin}/ingredients</c>: the list in label order, filter <c>is_major_allergen</c>,
/// paginated (any secret key); PUT replaces the whole ordered list (ManageProducts in the owning organization).
/// </summary>
public static class IngredientsApi
{
    public static IEndpointRouteBuilder MapIngredientsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/products/api/v1/products/{gtin}/ingredients").WithTags("Products");
        group.MapGet("", ListIngredients).WithName("ListProductIngredients").WithAccess(AccessRule.AnyKey)
            .WithSummary("A product's ingredients in label order, paginated; filter is_major_allergen.");
        group.MapPut("", PutIngredients).WithName("PutProductIngredients").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Replace the product's ingredient list (label order) (owning organization).");
        return app;
    }

    internal sealed record Row(Guid Id, int Position, string Name, string Allergen, bool MayContain, string Notes, decimal? Percentage, string Origin)
    {
        public const string Columns = "id, position, name, allergen, may_contain, notes, percentage, origin";

        public IngredientOut ToOut() => new(ShortId.Encode(Id), Name, Allergen.Length > 0, MayContain, Position, Notes, Percentage, Origin, Allergen);
    }

    /// <summary>Every ingredient of <paramref name="productId"/> in label order (content aggregate, hosted page).</summary>
    internal static async Task<IReadOnlyList<IngredientOut>> AllAsync(NpgsqlConnection conn, Guid productId, CancellationToken ct, NpgsqlTransaction? tx = null) =>
        (await conn.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Row.Columns} FROM catalog.product_ingredients WHERE product_id = @productId ORDER BY position",
            new { productId }, tx, cancellationToken: ct))).Select(r => r.ToOut()).ToList();

    static async Task<Results<Ok<Paged<IngredientOut>>, ProblemHttpResult>> ListIngredients(
        string gtin,
        [FromQuery(Name = "is_major_allergen")] string? isMajorAllergen,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        var v = new Validation();
        bool? major = null;
        if (isMajorAllergen is not null)
        {
            if (bool.TryParse(isMajorAllergen.Trim(), out var b)) major = b;
            else v.Add("is_major_allergen", "Must be true or false.");
        }
        var query = PageQuery.Parse(page, pageSize, v);
        await using var conn = await db.OpenConnectionAsync(ct);
        var (product, problem) = await ProductDataAccess.ReadableAsync(conn, caller, gtin, ct);
        if (problem is not null) return problem;
        if (!v.IsValid) return v.ToProblem();

        const string where = "product_id = @productId AND (@major::boolean IS NULL OR (allergen <> '') = @major)";
        const string sql = $"""
            SELECT {Row.Columns} FROM catalog.product_ingredients WHERE {where} ORDER BY position LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM catalog.product_ingredients WHERE {where};
            """;
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { productId = product!.Id, major, limit = query.PageSize, offset = query.Offset }, cancellationToken: ct));
        var rows = (await results.ReadAsync<Row>()).Select(r => r.ToOut()).ToList();
        return TypedResults.Ok(Paged<IngredientOut>.Of(rows, query, await results.ReadSingleAsync<long>()));
    }

    static async Task<Results<Ok<IReadOnlyList<IngredientOut>>, ProblemHttpResult>> PutIngredients(
        string gtin, PutIngredientsRequest body, Caller caller, NpgsqlDataSource db, ProductDataFlags flags, CancellationToken ct)
    {
        if (ProductDataAccess.BadGtin(gtin) is { } bad) return bad;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (product, _, problem) = await ProductDataAccess.WritableAsync(conn, tx, caller, gtin, ct);
        if (problem is not null) return problem;
        var v = new Validation();
        if (IngredientFields.Validate(body, v) is not { } list) return v.ToProblem();

        // Concurrent PUTs of one product's list serialize; the last one wins whole.
        await ProductDataAccess.LockAsync(conn, tx, "ingredients", product!.Id, ct);
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM catalog.product_ingredients WHERE product_id = @Id", new { product.Id }, tx, cancellationToken: ct));
        const string insert = """
            INSERT INTO catalog.product_ingredients (id, product_id, position, name, allergen, may_contain, notes, percentage, origin)
            VALUES (@Id, @ProductId, @Position, @Name, @Allergen, @MayContain, @Notes, @Percentage, @Origin)
            """;
        var rows = list.Select((i, index) => new
        {
            Id = ShortId.NewGuid(), ProductId = product.Id, Position = index + 1, i.Name, i.Allergen, i.MayContain, i.Notes, i.Percentage, i.Origin,
        }).ToList();
        if (rows.Count > 0) await conn.ExecuteAsync(new CommandDefinition(insert, rows, tx, cancellationToken: ct));
        var stored = await AllAsync(conn, product.Id, ct, tx);
        await flags.TouchAsync(conn, tx, product.Id, ct);
        await tx.CommitAsync(ct);
        flags.Evict(product.Gtin);
        return TypedResults.Ok(stored);
    }
}
