using Closient.Catalog.Images;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Catalog.Brands;

/// <summary>
/// A brand's logo (upload by the owning organization, keyless read) and the public brand catalog.
/// The public paths live under <c>/brands/api/v1/public/brands/**</c>, which the gateway already serves
/// without a key (requests arrive with its anonymous token, which these handlers accept).
/// </summary>
public static class BrandMediaApi
{
    /// <summary>Largest logo accepted.</summary>
    public const long MaxLogoBytes = 2 * 1024 * 1024;

    /// <summary>At most this many products are listed by the public catalog.</summary>
    public const int MaxCatalogProducts = 1000;

    public static IEndpointRouteBuilder MapBrandMediaApi(this IEndpointRouteBuilder app)
    {
        app.MapPost($"{BrandsApi.BasePath}/{{brandId}}/logo", UploadLogo).WithName("UploadBrandLogo").WithAccess(AccessRule.Org(Permission.ManageProducts)).WithTags("Brands")
            .WithSummary("Upload the brand's logo (multipart field 'logo': JPEG, PNG, GIF, WebP, SVG or BMP, at most 2 MiB).")
            .WithMetadata(MultipartUpload.SizeLimit(MaxLogoBytes))
            .Accepts<IFormFile>("multipart/form-data");
        var open = app.MapGroup(BrandsApi.PublicBase).WithTags("Brands (public)");
        open.MapGet("{brandId}/logo", GetLogo).WithName("GetBrandLogo").WithAccess(AccessRule.Public).WithSummary("The brand's logo bytes (keyless).");
        open.MapGet("{brandId}/catalog", GetCatalog).WithName("GetBrandCatalog").WithAccess(AccessRule.Public)
            .WithSummary("The brand and its products, ordered by name (keyless).");
        return app;
    }

    static async Task<Results<Ok<BrandOut>, ProblemHttpResult>> UploadLogo(
        string brandId, HttpRequest request, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        // Who may upload is settled before a byte of the body is read.
        await using var conn = await db.OpenConnectionAsync(ct);
        var brand = await BrandQueries.FindLiveAsync(conn, null, brandId, forUpdate: false, ct);
        if (brand?.OrganizationId is not { } owner || !caller.Can(owner, Permission.ManageProducts)) return BrandsApi.BrandNotFound();

        var (form, problem) = await MultipartUpload.ReadAsync(request, "logo", MaxLogoBytes, [], ct);
        if (problem is not null) return problem;
        var v = new Validation();
        var image = ImageSniffer.Check(form!.File!, "logo", v);
        if (image is null) return v.ToProblem();

        var bytes = form.File!.Bytes;
        await using var tx = await conn.BeginTransactionAsync(ct);
        const string sql = $"""
            INSERT INTO catalog.brand_logos (brand_id, content_type, byte_size, sha256, bytes, uploaded_at)
            SELECT b.id, @ContentType, @Size, @Sha256, @Bytes, @Now FROM catalog.brands b WHERE b.id = @Id AND b.deleted_at IS NULL
            ON CONFLICT (brand_id) DO UPDATE SET content_type = EXCLUDED.content_type, byte_size = EXCLUDED.byte_size,
                sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes, uploaded_at = EXCLUDED.uploaded_at;
            UPDATE catalog.brands AS b SET modified_at = GREATEST(@Now, b.modified_at + interval '1 microsecond')
            WHERE b.id = @Id AND b.deleted_at IS NULL
            RETURNING {BrandRow.Columns};
            """;
        var row = await conn.QuerySingleOrDefaultAsync<BrandRow>(new CommandDefinition(sql, new
        {
            brand.Id, image.ContentType, Size = bytes.Length, Sha256 = ImageSniffer.Sha256(bytes), Bytes = bytes, Now = DatabaseTime.Now(clock),
        }, tx, cancellationToken: ct));
        if (row is null) return BrandsApi.BrandNotFound(); // deleted while the upload streamed in
        await outbox.AddAsync(conn, tx, row.ToUpserted(), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(row.ToOut());
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetLogo(
        string brandId, HttpResponse response, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ShortId.TryParse(brandId.Trim(), out var id)) return LogoNotFound();
        const string sql = """
            SELECT l.content_type, l.sha256, l.bytes FROM catalog.brand_logos l
            JOIN catalog.brands b ON b.id = l.brand_id AND b.deleted_at IS NULL
            WHERE l.brand_id = @id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var logo = await conn.QuerySingleOrDefaultAsync<(string ContentType, string Sha256, byte[] Bytes)>(
            new CommandDefinition(sql, new { id }, cancellationToken: ct));
        if (logo.Bytes is null) return LogoNotFound();
        // logo_url carries ?v=<hash>, so a new logo is a new URL; a day's caching of any one URL is safe.
        return StoredImage.Serve(response, logo.Bytes, logo.ContentType, logo.Sha256, "public, max-age=86400");
    }

    static async Task<Results<Ok<BrandCatalogOut>, ProblemHttpResult>> GetCatalog(string brandId, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var brand = await BrandQueries.FindLiveAsync(conn, null, brandId, forUpdate: false, ct);
        if (brand is null) return BrandsApi.BrandNotFound();

        // The link rule (README): a product belongs to a brand when its owner is the brand's organization
        // (both unclaimed for an unclaimed brand) and its brand text equals the brand's name, ignoring case.
        const string sql = """
            SELECT p.id, p.product_name FROM catalog.products p
            WHERE p.owner_id IS NOT DISTINCT FROM @OrganizationId AND lower(p.brand) = lower(@Name)
            ORDER BY lower(p.product_name), p.product_name, p.id
            LIMIT @limit
            """;
        var products = await conn.QueryAsync<(Guid Id, string ProductName)>(new CommandDefinition(sql,
            new { brand.OrganizationId, brand.Name, limit = MaxCatalogProducts }, cancellationToken: ct));
        return TypedResults.Ok(new BrandCatalogOut(
            new BrandCatalogBrand(ShortId.Encode(brand.Id), brand.Name, brand.Website, brand.LogoUrl),
            products.Select(p => new BrandCatalogProduct(ShortId.Encode(p.Id), p.ProductName)).ToList()));
    }

    static ProblemHttpResult LogoNotFound() => Problems.NotFound("This brand has no logo.");
}
