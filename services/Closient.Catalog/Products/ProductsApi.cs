using Closient.Catalog.Certifications;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Products;

/// <summary>
/// <c>/products/api/v1/products</c>: create, read, partially update and list products (spec/catalog.md §2).
/// Authorization (README "Authorization"): claiming on create and PATCH need <see cref="Permission.ManageProducts"/>
/// on the owning organization, the list needs <see cref="Permission.View"/>; reads by GTIN and unclaimed
/// creates need a secret key (csb/csu). Every refusal is a 404, never a 403 (spec/conventions.md §3.3).
/// </summary>
public static class ProductsApi
{
    const string BasePath = "/products/api/v1/products";

    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup(BasePath).WithTags("Products");
        products.MapPost("", CreateProduct).WithName("CreateProduct").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Create a product; with organization_id it is claimed for that organization.");
        products.MapGet("", ListProducts).WithName("ListProducts").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("List the products an organization has claimed, newest first.");
        products.MapGet("{gtin}", GetProduct).WithName("GetProduct").WithAccess(AccessRule.AnyKey);
        products.MapPatch("{gtin}", UpdateProduct).WithName("UpdateProduct").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Change some fields of a product; omitted or null fields stay unchanged.");
        return app;
    }

    static async Task<Results<Created<ProductOut>, ProblemHttpResult>> CreateProduct(
        CreateProductRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        // Any secret-key caller (csb/csu) may contribute an unclaimed product; anonymous and publishable callers may not.
        if (!IsSecretKeyCaller(caller)) return ResourceNotFound();
        var v = new Validation();
        Guid? ownerId = null;
        if (body.OrganizationId is not null)
        {
            // Claiming for an organization needs ManageProducts there; checked before anything else in the
            // body is validated, so an outsider learns nothing. A malformed id is still a 422.
            if (ShortId.TryParse(body.OrganizationId.Trim(), out var org))
            {
                if (!caller.Can(org, Permission.ManageProducts)) return Problems.NotFound("No organization with this id.");
                ownerId = org;
            }
            else v.Add("organization_id", "Must be a 22-character id or a UUID.");
        }
        if (!Gtin.TryNormalize(body.Gtin, out var gtin, out var gtinError)) v.Add("gtin", gtinError);
        var claimed = ownerId is not null;
        var now = clock.GetUtcNow();
        var product = new
        {
            Id = ShortId.NewGuid(),
            Gtin = gtin,
            ProductName = v.Optional("product_name", body.ProductName, ProductFields.NameMax),
            Brand = v.Optional("brand", body.Brand, ProductFields.BrandMax),
            Manufacturer = v.Optional("manufacturer", body.Manufacturer, ProductFields.ManufacturerMax),
            Description = v.Optional("description", body.Description, ProductFields.DescriptionMax),
            CountryOfOrigin = ProductFields.CountryOfOrigin(v, body.CountryOfOrigin),
            NetContent = v.Optional("net_content", body.NetContent, ProductFields.NetContentMax),
            OwnerId = ownerId,
            // A claiming organization is the authority on its own product; anything else is a crowd contribution.
            DataSource = claimed ? "claimed" : "crowd_sourced",
            ConfidenceScore = claimed ? 1.0 : 0.5,
            Metadata = Metadata.ToJson(Metadata.ForCreate(body.Metadata, v)),
            Now = now,
            ClaimedAt = claimed ? now : (DateTimeOffset?)null,
        };
        if (!v.IsValid) return v.ToProblem();

        const string sql = $"""
            INSERT INTO catalog.products (id, gtin, product_name, brand, manufacturer, description, country_of_origin,
                                          net_content, owner_id, data_source, claim_verification_status, confidence_score,
                                          metadata, created_at, modified_at, claimed_at)
            VALUES (@Id, @Gtin, @ProductName, @Brand, @Manufacturer, @Description, @CountryOfOrigin,
                    @NetContent, @OwnerId, @DataSource, 'unverified', @ConfidenceScore,
                    @Metadata::jsonb, @Now, @Now, @ClaimedAt)
            ON CONFLICT (gtin) DO NOTHING
            RETURNING {ProductRow.Columns}
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ProductRow>(new CommandDefinition(sql, product, tx, cancellationToken: ct));
        if (row is null)
            return Problems.Conflict($"A product with GTIN {gtin} already exists; claim it with POST {BasePath}/{gtin}/claim.");
        await outbox.AddAsync(conn, tx, row.ToUpserted(ProductEventData.None), ct);
        if (row.OwnerId is not null) await outbox.AddAsync(conn, tx, row.ToClaimed(), ct);
        await tx.CommitAsync(ct);

        // A product created just now has no images yet.
        return TypedResults.Created($"{BasePath}/{row.Gtin}", row.ToOut(ProductRow.NoImages));
    }

    static async Task<Results<Ok<ProductOut>, ProblemHttpResult>> GetProduct(string gtin, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        // Products are not org-scoped reads: any secret-key caller may read any product.
        if (!IsSecretKeyCaller(caller)) return ResourceNotFound();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);

        const string sql = $"SELECT {ProductRow.Columns} FROM catalog.products WHERE gtin = @gtin14";
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ProductRow>(new CommandDefinition(sql, new { gtin14 }, cancellationToken: ct));
        return row is null ? NotFound(gtin14) : TypedResults.Ok(row.ToOut(await ProductRow.PrimaryImagesAsync(conn, [row], ct)));
    }

    static async Task<Results<Ok<ProductOut>, ProblemHttpResult>> UpdateProduct(
        string gtin, UpdateProductRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        const string select = $"SELECT {ProductRow.Columns} FROM catalog.products WHERE gtin = @gtin14 FOR UPDATE";
        var current = await conn.QuerySingleOrDefaultAsync<ProductRow>(new CommandDefinition(select, new { gtin14 }, tx, cancellationToken: ct));
        // Only members with ManageProducts on the owning organization may edit; an unclaimed product has no
        // owner to vouch for an edit, so nobody may patch it yet (README "Authorization"). Same 404 as unknown.
        if (current is null || current.OwnerId is not { } owner || !caller.Can(owner, Permission.ManageProducts))
            return NotFound(gtin14);

        var v = new Validation();
        var change = ProductEdit.Apply(current, body, v);
        if (!v.IsValid) return v.ToProblem();
        // A named brand is matched among the owner's brands (their spelling wins) or created for it, in this transaction.
        if (body.Brand is not null && change.Brand.Length > 0)
            change = change with { Brand = await Brands.ProductBrands.EnsureAsync(conn, tx, outbox, owner, change.Brand, clock, ct) };

        // A PATCH that changes nothing writes nothing: no new modified time, no event for consumers to process.
        if (change.SameAs(current))
        {
            var unchanged = current.ToOut(await ProductRow.PrimaryImagesAsync(conn, [current], ct, tx));
            await tx.CommitAsync(ct); // a brand the PATCH named may have been created
            return TypedResults.Ok(unchanged);
        }

        // modified_at only moves forward, even if this replica's clock is behind the last writer's:
        // consumers drop events whose UpdatedAt is not newer than what they already hold.
        const string update = $"""
            UPDATE catalog.products
            SET product_name = @ProductName, brand = @Brand, manufacturer = @Manufacturer, description = @Description,
                country_of_origin = @CountryOfOrigin, net_content = @NetContent, metadata = @Metadata::jsonb,
                net_content_value = @NetContentValue, net_content_uom = @NetContentUom,
                length = @Length, length_uom = @LengthUom, width = @Width, width_uom = @WidthUom,
                height = @Height, height_uom = @HeightUom, depth = @Depth, depth_uom = @DepthUom,
                gross_weight = @GrossWeight, gross_weight_uom = @GrossWeightUom, net_weight = @NetWeight, net_weight_uom = @NetWeightUom,
                gpc_brick_code = @GpcBrickCode, gpc_class_code = @GpcClassCode, gpc_family_code = @GpcFamilyCode,
                gpc_segment_code = @GpcSegmentCode, primary_language = @PrimaryLanguage,
                usage_instructions = @UsageInstructions, brand_product_page_url = @BrandProductPageUrl,
                countries_sold = @CountriesSold,
                modified_at = GREATEST(@Now, modified_at + interval '1 microsecond')
            WHERE id = @Id
            RETURNING {ProductRow.Columns}
            """;
        var row = await conn.QuerySingleAsync<ProductRow>(new CommandDefinition(update, change with { Now = clock.GetUtcNow() }, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, row.ToUpserted(await ProductEventData.LoadAsync(conn, tx, row.Id, Validity.Today(clock), ct)), ct);
        var images = await ProductRow.PrimaryImagesAsync(conn, [row], ct, tx);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(row.ToOut(images));
    }

    static async Task<Results<Ok<Paged<ProductOut>>, ProblemHttpResult>> ListProducts(
        [FromQuery(Name = "organization_id")] string? organizationId,
        [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "page_size")] string? pageSize,
        HttpRequest request, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        var v = new Validation();
        var ownerId = v.Id("organization_id", organizationId?.Trim());
        if (v.IsValid && !caller.Can(ownerId, Permission.View)) return Problems.NotFound("No organization with this id.");
        var query = PageQuery.Parse(page, pageSize, v);
        var metadata = MetadataFilter.Parse(request.Query, v);
        if (!v.IsValid) return v.ToProblem();

        const string sql = $"""
            SELECT {ProductRow.Columns} FROM catalog.products
            WHERE owner_id = @ownerId AND metadata @> @metadata::jsonb
            ORDER BY created_at DESC, id DESC
            LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM catalog.products WHERE owner_id = @ownerId AND metadata @> @metadata::jsonb;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { ownerId, metadata, limit = query.PageSize, offset = query.Offset }, cancellationToken: ct));
        var rows = (await results.ReadAsync<ProductRow>()).ToList();
        var total = await results.ReadSingleAsync<long>();
        var images = await ProductRow.PrimaryImagesAsync(conn, rows, ct);
        return TypedResults.Ok(Paged<ProductOut>.Of(rows.Select(r => r.ToOut(images)).ToList(), query, total));
    }

    /// <summary>csb and csu keys; not the gateway's anonymous token, publishable keys or its service token.</summary>
    internal static bool IsSecretKeyCaller(Caller caller) => caller.KeyType is ApiKeyFormat.Business or ApiKeyFormat.User;

    internal static ProblemHttpResult ResourceNotFound() => Problems.NotFound("The requested resource was not found.");

    internal static ProblemHttpResult NotFound(string gtin14) => Problems.NotFound($"No product found for GTIN {gtin14}.");
}
