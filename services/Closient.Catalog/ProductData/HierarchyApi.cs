using Closient.Catalog.Certifications;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.ProductData;

/// <summary>A packaging link: the parent pack holds <c>quantity</c> × the child; <c>hierarchy_level</c> is the parent's level;
/// <c>parent_product_name</c> (an addition, last) names the parent for lists of a product's parents.</summary>
public sealed record HierarchyLinkOut(string Id, string ParentGtin, string ChildGtin, string ChildProductName,
    int Quantity, string HierarchyLevel, string ParentProductName);

public sealed record CreateHierarchyLinkRequest(string? ChildGtin = null, int? Quantity = null, string? HierarchyLevel = null);

/// <summary>
/// <c>/products/api/v1/products/{gtin}/hierarchy</c> (GDSN packaging levels): link a child product into the
/// product (POST, 201), list the links where the product is parent or child (GET, paginated), remove a link
/// (DELETE). Writes need ManageProducts in the organization owning the parent ({gtin}); the child may be any
/// existing product. No self-links, no cycles (422), one link per parent and child (409).
/// </summary>
public static class HierarchyApi
{
    public static readonly string[] Levels = ["UNIT", "INNER_PACK", "CASE", "PALLET"];
    public const int QuantityMax = 1_000_000;
    static readonly string[] Relations = ["children", "parents"];

    public static IEndpointRouteBuilder MapHierarchyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/products/api/v1/products/{gtin}/hierarchy").WithTags("Products");
        group.MapGet("", ListLinks).WithName("ListProductHierarchy").WithAccess(AccessRule.AnyKey)
            .WithSummary("The packaging links of a product (as parent and as child), paginated; filter relation=children|parents.");
        group.MapPost("", CreateLink).WithName("CreateProductHierarchyLink").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Link a child product into this product's packaging (owning organization of the parent).");
        group.MapDelete("{hierarchy_link_id}", DeleteLink).WithName("DeleteProductHierarchyLink").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Remove a packaging link of which this product is the parent.");
        return app;
    }

    sealed class Row
    {
        public const string Select = """
            SELECT h.id, p.gtin AS parent_gtin, p.product_name AS parent_product_name, c.gtin AS child_gtin,
                   c.product_name AS child_product_name, h.quantity, h.hierarchy_level
            FROM catalog.product_hierarchy h
            JOIN catalog.products p ON p.id = h.parent_id JOIN catalog.products c ON c.id = h.child_id
            """;
        public Guid Id { get; init; }
        public string ParentGtin { get; init; } = "";
        public string ParentProductName { get; init; } = "";
        public string ChildGtin { get; init; } = "";
        public string ChildProductName { get; init; } = "";
        public int Quantity { get; init; }
        public string HierarchyLevel { get; init; } = "";

        public HierarchyLinkOut ToOut() => new(ShortId.Encode(Id), ParentGtin, ChildGtin, ChildProductName, Quantity, HierarchyLevel, ParentProductName);
    }

    static async Task<Results<Ok<Paged<HierarchyLinkOut>>, ProblemHttpResult>> ListLinks(
        string gtin,
        [FromQuery(Name = "relation")] string? relation,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        var v = new Validation();
        var rel = relation?.Trim().ToLowerInvariant();
        if (rel is not null && !Relations.Contains(rel)) v.Add("relation", "Must be children or parents.");
        var query = PageQuery.Parse(page, pageSize, v);
        await using var conn = await db.OpenConnectionAsync(ct);
        var (product, problem) = await ProductDataAccess.ReadableAsync(conn, caller, gtin, ct);
        if (problem is not null) return problem;
        if (!v.IsValid) return v.ToProblem();

        // Children first (largest quantity first is not meaningful: by level then GTIN), then parents.
        const string where = """
            ((@rel::text IS NULL OR @rel = 'children') AND h.parent_id = @productId)
            OR ((@rel::text IS NULL OR @rel = 'parents') AND h.child_id = @productId)
            """;
        var sql = $"""
            {Row.Select} WHERE {where}
            ORDER BY (h.parent_id = @productId) DESC, p.gtin, c.gtin LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM catalog.product_hierarchy h WHERE {where};
            """;
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { productId = product!.Id, rel, limit = query.PageSize, offset = query.Offset }, cancellationToken: ct));
        var rows = (await results.ReadAsync<Row>()).Select(r => r.ToOut()).ToList();
        return TypedResults.Ok(Paged<HierarchyLinkOut>.Of(rows, query, await results.ReadSingleAsync<long>()));
    }

    static async Task<Results<Created<HierarchyLinkOut>, ProblemHttpResult>> CreateLink(
        string gtin, CreateHierarchyLinkRequest body, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (ProductDataAccess.BadGtin(gtin) is { } bad) return bad;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (parent, _, problem) = await ProductDataAccess.WritableAsync(conn, tx, caller, gtin, ct);
        if (problem is not null) return problem;

        var v = new Validation();
        string? childGtin = null;
        if (string.IsNullOrWhiteSpace(body.ChildGtin)) v.Add("child_gtin", "Required.");
        else if (!Gtin.TryNormalize(body.ChildGtin, out var normalized, out var error)) v.Add("child_gtin", error);
        else childGtin = normalized;
        if (body.Quantity is not { } quantity) { v.Add("quantity", "Required."); quantity = 0; }
        else if (quantity < 1 || quantity > QuantityMax) v.Add("quantity", $"Must be an integer from 1 to {QuantityMax}.");
        var level = body.HierarchyLevel?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(level)) v.Add("hierarchy_level", "Required.");
        else if (!Levels.Contains(level)) v.Add("hierarchy_level", $"Must be one of: {string.Join(", ", Levels)}.");
        if (childGtin is not null && childGtin == parent!.Gtin) v.Add("child_gtin", "A product cannot contain itself.");
        if (!v.IsValid) return v.ToProblem();

        var child = await CertificationQueries.FindProductAsync(conn, childGtin!, ct, tx, lockShared: true);
        if (child is null) return Problems.Validation("child_gtin", $"No product found for GTIN {childGtin}.");

        // One writer of the whole graph at a time: two links added concurrently (A→B, B→A) could otherwise make a cycle.
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('catalog.product_hierarchy', 0))", transaction: tx, cancellationToken: ct));
        const string cycle = """
            WITH RECURSIVE below(id) AS (
                SELECT @childId
                UNION
                SELECT h.child_id FROM catalog.product_hierarchy h JOIN below b ON h.parent_id = b.id
            )
            SELECT EXISTS (SELECT 1 FROM below WHERE id = @parentId)
            """;
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(cycle, new { childId = child.Id, parentId = parent!.Id }, tx, cancellationToken: ct)))
            return Problems.Validation("child_gtin", $"GTIN {childGtin} already contains {parent.Gtin} (directly or further down): the link would make a cycle.");

        const string insert = """
            INSERT INTO catalog.product_hierarchy (id, parent_id, child_id, quantity, hierarchy_level, created_at)
            VALUES (@Id, @ParentId, @ChildId, @Quantity, @Level, @Now)
            ON CONFLICT (parent_id, child_id) DO NOTHING
            """;
        var id = ShortId.NewGuid();
        var inserted = await conn.ExecuteAsync(new CommandDefinition(insert,
            new { Id = id, ParentId = parent.Id, ChildId = child.Id, Quantity = quantity, Level = level, Now = DatabaseTime.Now(clock) }, tx, cancellationToken: ct));
        if (inserted == 0) return Problems.Conflict($"GTIN {parent.Gtin} already contains {childGtin}; delete that link to change it.");
        var row = await conn.QuerySingleAsync<Row>(new CommandDefinition($"{Row.Select} WHERE h.id = @id", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/products/api/v1/products/{parent.Gtin}/hierarchy/{ShortId.Encode(id)}", row.ToOut());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteLink(
        string gtin, [FromRoute(Name = "hierarchy_link_id")] string linkId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (ProductDataAccess.BadGtin(gtin) is { } bad) return bad;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (parent, _, problem) = await ProductDataAccess.WritableAsync(conn, tx, caller, gtin, ct);
        if (problem is not null) return problem;
        if (!ShortId.TryParse(linkId.Trim(), out var id)) return NoLink();
        var deleted = await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM catalog.product_hierarchy WHERE id = @id AND parent_id = @parentId", new { id, parentId = parent!.Id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted == 0 ? NoLink() : TypedResults.NoContent();
    }

    static ProblemHttpResult NoLink() => Problems.NotFound("No packaging link with this id under this product.");
}
