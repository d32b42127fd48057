using Closient.ServiceDefaults.Messaging;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Images;

/// <summary>
/// Product images in the dashboard API (spec/catalog.md §7): upload, list, change and delete the images of a
/// product the organization owns, and the keyless bytes URL. Writes need <see cref="Permission.ManageProducts"/>
/// (the spec's <c>organization.contribute_organization</c>), the list needs <see cref="Permission.View"/>.
/// A product the organization does not own is a 404, like an unknown one.
/// </summary>
public static class ProductImagesApi
{
    /// <summary>Largest image accepted.</summary>
    public const long MaxImageBytes = 5 * 1024 * 1024;

    public const int TitleMax = 255, PriorityMax = 1_000_000;

    const string Base = "/dashboard/api/v1/trade-items/{organizationId}/{gtin}/images";

    public static IEndpointRouteBuilder MapProductImagesApi(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup(Base).WithTags("Product images");
        images.MapPost("", UploadImage).WithName("UploadProductImage").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Upload a product image (multipart: image, title, is_primary).")
            .WithMetadata(MultipartUpload.SizeLimit(MaxImageBytes))
            .Accepts<IFormFile>("multipart/form-data");
        images.MapGet("", ListImages).WithName("ListProductImages").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("The product's images: primary first, then by priority, then newest.");
        images.MapPatch("{imageId}", UpdateImage).WithName("UpdateProductImage").WithAccess(AccessRule.Org(Permission.ManageProducts));
        images.MapDelete("{imageId}", DeleteImage).WithName("DeleteProductImage").WithAccess(AccessRule.Org(Permission.ManageProducts));
        app.MapGet($"{ProductImageQueries.PublicPath}/{{imageId}}", GetImageBytes).WithName("GetProductImage").WithAccess(AccessRule.Public).WithTags("Product images")
            .WithSummary("The image bytes with their sniffed content type (keyless).");
        return app;
    }

    static async Task<Results<Created<ImageOut>, ProblemHttpResult>> UploadImage(
        string organizationId, string gtin, HttpRequest request, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageProducts, out var org)) return Problems.OrganizationNotFound();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var gtinError)) return Problems.Validation("gtin", gtinError);
        await using var conn = await db.OpenConnectionAsync(ct);
        // Ownership is settled before the body is read: nobody makes us read 5 MiB for a product they cannot touch.
        if (await OwnedProductAsync(conn, null, org, gtin14, ct) is not { } productId) return ProductNotFound(gtin14);

        var (form, problem) = await MultipartUpload.ReadAsync(request, "image", MaxImageBytes, ["title", "is_primary"], ct);
        if (problem is not null) return problem;
        var v = new Validation();
        var image = ImageSniffer.Check(form!.File!, "image", v);
        var title = v.Optional("title", form.Fields.GetValueOrDefault("title"), TitleMax);
        var isPrimary = ParseBool(v, "is_primary", form.Fields.GetValueOrDefault("is_primary"));
        if (!v.IsValid) return v.ToProblem();

        var bytes = form.File!.Bytes;
        var now = DatabaseTime.Now(clock);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Still owned (it could have changed hands while the body streamed in), locked against concurrent image writes.
        if (await OwnedProductAsync(conn, tx, org, gtin14, ct) is null) return ProductNotFound(gtin14);
        await LockImagesAsync(conn, tx, productId, ct);
        if (isPrimary) await DemotePrimaryAsync(conn, tx, productId, now, ct);
        const string insert = $"""
            INSERT INTO catalog.product_images (id, product_id, title, is_primary, priority, content_type, width, height,
                                                byte_size, sha256, bytes, created_at, modified_at)
            VALUES (@Id, @ProductId, @Title, @IsPrimary,
                    (SELECT COALESCE(max(priority) + 1, 0) FROM catalog.product_images WHERE product_id = @ProductId),
                    @ContentType, @Width, @Height, @ByteSize, @Sha256, @Bytes, @Now, @Now)
            RETURNING {ImageRow.Columns}
            """;
        var row = await conn.QuerySingleAsync<ImageRow>(new CommandDefinition(insert, new
        {
            Id = ShortId.NewGuid(), ProductId = productId, Title = title, IsPrimary = isPrimary, image!.ContentType, image.Width, image.Height,
            ByteSize = bytes.Length, Sha256 = ImageSniffer.Sha256(bytes), Bytes = bytes, Now = now,
        }, tx, cancellationToken: ct));
        await Products.ProductVersions.PublishAsync(conn, tx, outbox, productId, clock, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created(row.ToOut().ImageUrl, row.ToOut());
    }

    static async Task<Results<Ok<Paged<ImageOut>>, ProblemHttpResult>> ListImages(
        string organizationId, string gtin,
        [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.View, out var org)) return Problems.OrganizationNotFound();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var gtinError)) return Problems.Validation("gtin", gtinError);
        var v = new Validation();
        var query = PageQuery.Parse(page, pageSize, v);
        if (!v.IsValid) return v.ToProblem();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await OwnedProductAsync(conn, null, org, gtin14, ct) is not { } productId) return ProductNotFound(gtin14);

        const string sql = $"""
            SELECT {ImageRow.Columns} FROM catalog.product_images WHERE product_id = @productId
            ORDER BY {ProductImageQueries.ListOrder}
            LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM catalog.product_images WHERE product_id = @productId;
            """;
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { productId, limit = query.PageSize, offset = query.Offset }, cancellationToken: ct));
        var rows = (await results.ReadAsync<ImageRow>()).Select(r => r.ToOut()).ToList();
        return TypedResults.Ok(Paged<ImageOut>.Of(rows, query, await results.ReadSingleAsync<long>()));
    }

    static async Task<Results<Ok<ImageOut>, ProblemHttpResult>> UpdateImage(
        string organizationId, string gtin, string imageId, UpdateImageRequest body, Caller caller,
        NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageProducts, out var org)) return Problems.OrganizationNotFound();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var gtinError)) return Problems.Validation("gtin", gtinError);
        var v = new Validation();
        var title = body.Title is null ? null : v.Optional("title", body.Title, TitleMax);
        if (body.Priority is < 0 or > PriorityMax) v.Add("priority", $"Must be an integer from 0 to {PriorityMax}.");
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await OwnedProductAsync(conn, tx, org, gtin14, ct) is not { } productId) return ProductNotFound(gtin14);
        await LockImagesAsync(conn, tx, productId, ct);
        if (await FindImageAsync(conn, tx, productId, imageId, ct) is not { } current) return ImageNotFound();

        var now = DatabaseTime.Now(clock);
        if (body.IsPrimary == true && !current.IsPrimary) await DemotePrimaryAsync(conn, tx, productId, now, ct);
        const string update = $"""
            UPDATE catalog.product_images
            SET title = @Title, is_primary = @IsPrimary, priority = @Priority, modified_at = @Now
            WHERE id = @Id
            RETURNING {ImageRow.Columns}
            """;
        var row = await conn.QuerySingleAsync<ImageRow>(new CommandDefinition(update, new
        {
            current.Id, Title = title ?? current.Title, IsPrimary = body.IsPrimary ?? current.IsPrimary,
            Priority = body.Priority ?? current.Priority, Now = now,
        }, tx, cancellationToken: ct));
        await Products.ProductVersions.PublishAsync(conn, tx, outbox, productId, clock, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(row.ToOut());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteImage(
        string organizationId, string gtin, string imageId, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageProducts, out var org)) return Problems.OrganizationNotFound();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var gtinError)) return Problems.Validation("gtin", gtinError);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await OwnedProductAsync(conn, tx, org, gtin14, ct) is not { } productId) return ProductNotFound(gtin14);
        await LockImagesAsync(conn, tx, productId, ct);
        if (await FindImageAsync(conn, tx, productId, imageId, ct) is not { } current) return ImageNotFound();
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM catalog.product_images WHERE id = @Id", new { current.Id }, tx, cancellationToken: ct));
        await Products.ProductVersions.PublishAsync(conn, tx, outbox, productId, clock, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetImageBytes(
        string imageId, HttpResponse response, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ShortId.TryParse(imageId.Trim(), out var id)) return ImageNotFound();
        const string sql = "SELECT content_type, sha256, bytes FROM catalog.product_images WHERE id = @id";
        await using var conn = await db.OpenConnectionAsync(ct);
        var image = await conn.QuerySingleOrDefaultAsync<(string ContentType, string Sha256, byte[] Bytes)>(
            new CommandDefinition(sql, new { id }, cancellationToken: ct));
        if (image.Bytes is null) return ImageNotFound();
        // An image's bytes never change under its id (PATCH changes only title, priority, primary), so caches may keep them.
        return StoredImage.Serve(response, image.Bytes, image.ContentType, image.Sha256, "public, max-age=31536000, immutable");
    }

    /// <summary>The id of the product with this GTIN if <paramref name="org"/> owns it.</summary>
    static Task<Guid?> OwnedProductAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid org, string gtin14, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM catalog.products WHERE gtin = @gtin14 AND owner_id = @org", new { gtin14, org }, tx, cancellationToken: ct));

    static async Task<ImageRow?> FindImageAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid productId, string imageId, CancellationToken ct)
    {
        if (!ShortId.TryParse(imageId.Trim(), out var id)) return null;
        return await conn.QuerySingleOrDefaultAsync<ImageRow>(new CommandDefinition(
            $"SELECT {ImageRow.Columns} FROM catalog.product_images WHERE id = @id AND product_id = @productId",
            new { id, productId }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// Serializes image writes per product for the rest of the transaction, so "demote the old primary, insert
    /// the new one" and "next priority = max + 1" are atomic under concurrency (the partial unique index
    /// on the primary image is the backstop).
    /// </summary>
    static Task LockImagesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid productId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('catalog.product_images:' || @productId::text, 0))",
            new { productId }, tx, cancellationToken: ct));

    static Task DemotePrimaryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid productId, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "UPDATE catalog.product_images SET is_primary = false, modified_at = @now WHERE product_id = @productId AND is_primary",
            new { productId, now }, tx, cancellationToken: ct));

    /// <summary>A form boolean: true or false (any case); absent or empty is false.</summary>
    static bool ParseBool(Validation v, string field, string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0 || text.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        v.Add(field, "Must be true or false.");
        return false;
    }

    static ProblemHttpResult ProductNotFound(string gtin14) => Problems.NotFound($"The organization has no product with GTIN {gtin14}.");

    static ProblemHttpResult ImageNotFound() => Problems.NotFound("No image with this id.");
}
