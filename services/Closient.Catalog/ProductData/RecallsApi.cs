using Closient.Catalog.Products;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.ProductData;

/// <summary>
/// <c>/products/api/v1/products/{gtin}/recalls</c>: the product's recalls, filtered and ordered (any secret key),
/// and filing or changing one (ManageProducts in the owning organization). A recall that becomes open (created
/// ONGOING/UNKNOWN, or reopened) publishes <see cref="ProductRecalled"/> through the outbox in the same transaction.
/// </summary>
public static class RecallsApi
{
    const string Base = "/products/api/v1/products/{gtin}/recalls";

    public static IEndpointRouteBuilder MapRecallsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Base).WithTags("Products");
        group.MapGet("", ListRecalls).WithName("ListProductRecalls").WithAccess(AccessRule.AnyKey)
            .WithSummary("A product's recalls, paginated; filters status, severity, source_system; ordering recall_date|severity (±).");
        group.MapPost("", CreateRecall).WithName("CreateProductRecall").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("File a recall of the product (owning organization).");
        group.MapPatch("{recall_id}", UpdateRecall).WithName("UpdateProductRecall").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Change some fields of a recall; null or omitted fields stay unchanged.");
        return app;
    }

    /// <summary>Every recall of <paramref name="productId"/>, newest recall date first (content aggregate, hosted page).</summary>
    internal static async Task<IReadOnlyList<RecallOut>> AllAsync(NpgsqlConnection conn, Guid productId, CancellationToken ct) =>
        (await conn.QueryAsync<RecallRow>(new CommandDefinition(
            $"SELECT {RecallRow.Columns} FROM catalog.product_recalls WHERE product_id = @productId ORDER BY {RecallFields.Orderings[RecallFields.DefaultOrdering]}",
            new { productId }, cancellationToken: ct))).Select(r => r.ToOut()).ToList();

    static async Task<Results<Ok<Paged<RecallOut>>, ProblemHttpResult>> ListRecalls(
        string gtin,
        [FromQuery(Name = "status")] string? status,
        [FromQuery(Name = "severity")] string? severity,
        [FromQuery(Name = "source_system")] string? sourceSystem,
        [FromQuery(Name = "ordering")] string? ordering,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        var v = new Validation();
        var statusFilter = status is null ? null : RecallFields.OneOf(v, "status", status, RecallFields.Statuses, "");
        var severityFilter = severity is null ? null : RecallFields.OneOf(v, "severity", severity, RecallFields.Severities, "");
        var sourceFilter = sourceSystem is null ? null : RecallFields.OneOf(v, "source_system", sourceSystem, RecallFields.SourceSystems, "");
        var query = PageQuery.Parse(page, pageSize, v);
        var orderKey = ordering?.Trim() ?? RecallFields.DefaultOrdering;
        await using var conn = await db.OpenConnectionAsync(ct);
        var (product, problem) = await ProductDataAccess.ReadableAsync(conn, caller, gtin, ct);
        if (problem is not null) return problem;
        // A bad ordering is a 400, as in every list (spec/other.md "anything else 400").
        if (!RecallFields.Orderings.TryGetValue(orderKey, out var orderBy)) return Problems.BadRequest(RecallFields.OrderingError);
        if (!v.IsValid) return v.ToProblem();

        const string where = """
            product_id = @productId AND (@status::text IS NULL OR status = @status)
            AND (@severity::text IS NULL OR severity = @severity) AND (@source::text IS NULL OR source_system = @source)
            """;
        var sql = $"""
            SELECT {RecallRow.Columns} FROM catalog.product_recalls WHERE {where} ORDER BY {orderBy} LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM catalog.product_recalls WHERE {where};
            """;
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new
        {
            productId = product!.Id, status = statusFilter, severity = severityFilter, source = sourceFilter, limit = query.PageSize, offset = query.Offset,
        }, cancellationToken: ct));
        var rows = (await results.ReadAsync<RecallRow>()).Select(r => r.ToOut()).ToList();
        return TypedResults.Ok(Paged<RecallOut>.Of(rows, query, await results.ReadSingleAsync<long>()));
    }

    static async Task<Results<Created<RecallOut>, ProblemHttpResult>> CreateRecall(
        string gtin, CreateRecallRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, ProductDataFlags flags, TimeProvider clock, CancellationToken ct)
    {
        if (ProductDataAccess.BadGtin(gtin) is { } bad) return bad;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (product, owner, problem) = await ProductDataAccess.WritableAsync(conn, tx, caller, gtin, ct);
        if (problem is not null) return problem;

        var v = new Validation();
        var now = DatabaseTime.Now(clock);
        var row = new RecallRow
        {
            Id = ShortId.NewGuid(),
            ProductId = product!.Id,
            Title = v.Required("title", body.Title, RecallFields.TitleMax),
            Status = RecallFields.OneOf(v, "status", body.Status, RecallFields.Statuses, "ONGOING"),
            SourceSystem = body.SourceSystem is null ? Required(v, "source_system") : RecallFields.OneOf(v, "source_system", body.SourceSystem, RecallFields.SourceSystems, ""),
            Severity = RecallFields.OneOf(v, "severity", body.Severity, RecallFields.Severities, "UNKNOWN"),
            CreatedAt = now,
            Description = v.Optional("description", body.Description, RecallFields.TextMax),
            Hazard = v.Optional("hazard", body.Hazard, RecallFields.ShortTextMax),
            Remedy = v.Optional("remedy", body.Remedy, RecallFields.ShortTextMax),
            PublicUrl = ProductFields.Url(v, "public_url", body.PublicUrl),
            CompanyName = v.Optional("company_name", body.CompanyName, RecallFields.CompanyMax),
            RecallDate = RecallFields.Date(v, "recall_date", body.RecallDate),
            Jurisdictions = RecallFields.Jurisdictions(v, body.Jurisdictions),
        };
        if (!v.IsValid) return v.ToProblem();

        const string insert = $"""
            INSERT INTO catalog.product_recalls (id, product_id, title, status, source_system, severity, description, hazard, remedy,
                public_url, company_name, recall_date, jurisdictions, created_at, modified_at)
            VALUES (@Id, @ProductId, @Title, @Status, @SourceSystem, @Severity, @Description, @Hazard, @Remedy,
                @PublicUrl, @CompanyName, @RecallDate, @Jurisdictions, @CreatedAt, @CreatedAt)
            RETURNING {RecallRow.Columns}
            """;
        var stored = await conn.QuerySingleAsync<RecallRow>(new CommandDefinition(insert, row, tx, cancellationToken: ct));
        if (stored.IsOpen) await outbox.AddAsync(conn, tx, Recalled(stored, product.Gtin, owner, now), ct);
        await flags.TouchAsync(conn, tx, product.Id, ct);
        await tx.CommitAsync(ct);
        flags.Evict(product.Gtin);
        var output = stored.ToOut();
        return TypedResults.Created($"/products/api/v1/products/{product.Gtin}/recalls/{output.Id}", output);
    }

    static async Task<Results<Ok<RecallOut>, ProblemHttpResult>> UpdateRecall(
        string gtin, [FromRoute(Name = "recall_id")] string recallId, UpdateRecallRequest body, Caller caller,
        NpgsqlDataSource db, Outbox outbox, ProductDataFlags flags, TimeProvider clock, CancellationToken ct)
    {
        if (ProductDataAccess.BadGtin(gtin) is { } bad) return bad;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (product, owner, problem) = await ProductDataAccess.WritableAsync(conn, tx, caller, gtin, ct);
        if (problem is not null) return problem;
        if (!ShortId.TryParse(recallId.Trim(), out var id)) return NoRecall();
        var current = await conn.QuerySingleOrDefaultAsync<RecallRow>(new CommandDefinition(
            $"SELECT {RecallRow.Columns} FROM catalog.product_recalls WHERE id = @id AND product_id = @productId FOR UPDATE",
            new { id, productId = product!.Id }, tx, cancellationToken: ct));
        if (current is null) return NoRecall();

        var v = new Validation();
        var change = current with
        {
            Title = body.Title is null ? current.Title : v.Required("title", body.Title, RecallFields.TitleMax),
            Status = RecallFields.OneOf(v, "status", body.Status, RecallFields.Statuses, current.Status),
            SourceSystem = RecallFields.OneOf(v, "source_system", body.SourceSystem, RecallFields.SourceSystems, current.SourceSystem),
            Severity = RecallFields.OneOf(v, "severity", body.Severity, RecallFields.Severities, current.Severity),
            Description = body.Description is null ? current.Description : v.Optional("description", body.Description, RecallFields.TextMax),
            Hazard = body.Hazard is null ? current.Hazard : v.Optional("hazard", body.Hazard, RecallFields.ShortTextMax),
            Remedy = body.Remedy is null ? current.Remedy : v.Optional("remedy", body.Remedy, RecallFields.ShortTextMax),
            PublicUrl = body.PublicUrl is null ? current.PublicUrl : ProductFields.Url(v, "public_url", body.PublicUrl),
            CompanyName = body.CompanyName is null ? current.CompanyName : v.Optional("company_name", body.CompanyName, RecallFields.CompanyMax),
            RecallDate = body.RecallDate is null ? current.RecallDate : RecallFields.Date(v, "recall_date", body.RecallDate),
            Jurisdictions = body.Jurisdictions is null ? current.Jurisdictions : RecallFields.Jurisdictions(v, body.Jurisdictions),
        };
        if (!v.IsValid) return v.ToProblem();

        var now = DatabaseTime.Now(clock);
        const string update = $"""
            UPDATE catalog.product_recalls SET title = @Title, status = @Status, source_system = @SourceSystem, severity = @Severity,
                description = @Description, hazard = @Hazard, remedy = @Remedy, public_url = @PublicUrl, company_name = @CompanyName,
                recall_date = @RecallDate, jurisdictions = @Jurisdictions, modified_at = @Now
            WHERE id = @Id
            RETURNING {RecallRow.Columns}
            """;
        var args = new DynamicParameters(change);
        args.Add("Now", now);
        var stored = await conn.QuerySingleAsync<RecallRow>(new CommandDefinition(update, args, tx, cancellationToken: ct));
        // Only a transition into open is news; an open recall edited stays one event.
        if (!current.IsOpen && stored.IsOpen) await outbox.AddAsync(conn, tx, Recalled(stored, product.Gtin, owner, now), ct);
        await flags.TouchAsync(conn, tx, product.Id, ct);
        await tx.CommitAsync(ct);
        flags.Evict(product.Gtin);
        return TypedResults.Ok(stored.ToOut());
    }

    static string Required(Validation v, string field)
    {
        v.Add(field, "Required.");
        return "";
    }

    static ProductRecalled Recalled(RecallRow r, string gtin, Guid owner, DateTimeOffset now) =>
        new(r.Id, r.ProductId, gtin, owner, r.Title, r.Status, r.Severity, r.SourceSystem, r.RecallDate, now);

    static ProblemHttpResult NoRecall() => Problems.NotFound("No recall with this id on this product.");
}
