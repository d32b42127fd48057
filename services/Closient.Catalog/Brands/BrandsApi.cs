using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Brands;

/// <summary>
/// <c>/brands/api/v1/brands</c> (spec/catalog.md §3): list, read, create-and-claim, partially update and
/// soft-delete brands. Creating (claiming) and deleting need <see cref="Permission.ManageOrganization"/>
/// (owner, manager) on the organization; editing needs <see cref="Permission.ManageProducts"/> on the
/// owning organization. Reads need a secret key. Refusals are 404, never 403.
/// </summary>
public static class BrandsApi
{
    public const string BasePath = "/brands/api/v1/brands";
    public const string PublicBase = "/brands/api/v1/public/brands";

    public static IEndpointRouteBuilder MapBrandsApi(this IEndpointRouteBuilder app)
    {
        var brands = app.MapGroup(BasePath).WithTags("Brands");
        brands.MapGet("", ListBrands).WithName("ListBrands").WithAccess(AccessRule.AnyKey)
            .WithSummary("List brands (claimed and unclaimed), filtered by name substring or organization.");
        brands.MapPost("", CreateBrand).WithName("CreateBrand").WithAccess(AccessRule.Org(Permission.ManageOrganization))
            .WithSummary("Create a brand claimed by the organization (owner or manager).");
        brands.MapGet("{brandId}", GetBrand).WithName("GetBrand").WithAccess(AccessRule.AnyKey);
        brands.MapPatch("{brandId}", UpdateBrand).WithName("UpdateBrand").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Change some fields of a brand; omitted or null fields stay unchanged.");
        brands.MapDelete("{brandId}", DeleteBrand).WithName("DeleteBrand").WithAccess(AccessRule.Org(Permission.ManageOrganization))
            .WithSummary("Delete a brand: it disappears from reads and its name can be reused.");
        app.MapBrandMediaApi();
        return app;
    }

    static readonly Dictionary<string, string> Orderings = new()
    {
        ["name"] = "lower(b.name), b.id",
        ["-name"] = "lower(b.name) DESC, b.id DESC",
        ["created"] = "b.created_at, b.id",
        ["-created"] = "b.created_at DESC, b.id DESC",
    };

    static async Task<Results<Ok<Paged<BrandOut>>, ProblemHttpResult>> ListBrands(
        [FromQuery(Name = "name")] string? name,
        [FromQuery(Name = "organization_id")] string? organizationId,
        [FromQuery(Name = "ordering")] string? ordering,
        [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "page_size")] string? pageSize,
        HttpRequest request, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!IsSecretKeyCaller(caller)) return ResourceNotFound();
        var order = ordering?.Trim() is { Length: > 0 } o ? o : "name";
        if (!Orderings.TryGetValue(order, out var orderBy))
            return Problems.BadRequest($"Unknown ordering '{order}': use name, -name, created or -created.");
        var v = new Validation();
        var nameFilter = v.Optional("name", name, BrandFields.NameMax);
        Guid? org = organizationId is null ? null : v.Id("organization_id", organizationId.Trim());
        var query = PageQuery.Parse(page, pageSize, v);
        var metadata = MetadataFilter.Parse(request.Query, v);
        if (!v.IsValid) return v.ToProblem();

        // The ORDER BY comes from the fixed table above, never from the request text.
        const string where = """
            WHERE b.deleted_at IS NULL AND (@org::uuid IS NULL OR b.organization_id = @org)
              AND b.name ILIKE '%' || @pattern || '%' ESCAPE '\' AND b.metadata @> @metadata::jsonb
            """;
        var sql = $"""
            SELECT {BrandRow.Columns} FROM catalog.brands b {where} ORDER BY {orderBy} LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM catalog.brands b {where};
            """;
        var pattern = nameFilter.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { org, pattern, metadata, limit = query.PageSize, offset = query.Offset }, cancellationToken: ct));
        var rows = (await results.ReadAsync<BrandRow>()).Select(r => r.ToOut()).ToList();
        var total = await results.ReadSingleAsync<long>();
        return TypedResults.Ok(Paged<BrandOut>.Of(rows, query, total));
    }

    static async Task<Results<Ok<BrandOut>, ProblemHttpResult>> GetBrand(string brandId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!IsSecretKeyCaller(caller)) return ResourceNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await BrandQueries.FindLiveAsync(conn, null, brandId, forUpdate: false, ct);
        return row is null ? BrandNotFound() : TypedResults.Ok(row.ToOut());
    }

    static async Task<Results<Created<BrandOut>, ProblemHttpResult>> CreateBrand(
        CreateBrandRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!IsSecretKeyCaller(caller)) return ResourceNotFound();
        var v = new Validation();
        var org = v.Id("organization_id", body.OrganizationId?.Trim());
        // Claiming a brand for an organization is an owner's or manager's act; checked before the rest of the body.
        if (v.IsValid && !caller.Can(org, Permission.ManageOrganization)) return Problems.OrganizationNotFound();
        var brand = new
        {
            Id = ShortId.NewGuid(),
            Name = v.Required("name", body.Name, BrandFields.NameMax),
            OrganizationId = org,
            Website = BrandFields.Website(v, body.Website),
            Description = v.Optional("description", body.Description, BrandFields.DescriptionMax),
            Metadata = Metadata.ToJson(Metadata.ForCreate(body.Metadata, v)),
            Now = DatabaseTime.Now(clock),
        };
        if (!v.IsValid) return v.ToProblem();

        const string sql = $"""
            INSERT INTO catalog.brands AS b (id, name, organization_id, website, description, metadata, created_at, modified_at)
            VALUES (@Id, @Name, @OrganizationId, @Website, @Description, @Metadata::jsonb, @Now, @Now)
            ON CONFLICT (organization_id, lower(name)) WHERE deleted_at IS NULL AND organization_id IS NOT NULL DO NOTHING
            RETURNING {BrandRow.Columns}
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<BrandRow>(new CommandDefinition(sql, brand, tx, cancellationToken: ct));
        if (row is null) return DuplicateName(brand.Name);
        await outbox.AddAsync(conn, tx, row.ToUpserted(), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"{BasePath}/{ShortId.Encode(row.Id)}", row.ToOut());
    }

    static async Task<Results<Ok<BrandOut>, ProblemHttpResult>> UpdateBrand(
        string brandId, UpdateBrandRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await BrandQueries.FindLiveAsync(conn, tx, brandId, forUpdate: true, ct);
        // Only the owning organization edits; an unclaimed brand has nobody to vouch for an edit (same 404 as unknown).
        if (current?.OrganizationId is not { } owner || !caller.Can(owner, Permission.ManageProducts)) return BrandNotFound();

        var v = new Validation();
        string Social(string network, string? value, string old) => value is null ? old : SocialHandles.Normalize(v, network, value);
        var currentMetadata = Metadata.FromJson(current.Metadata);
        var metadata = Metadata.Merge(currentMetadata, body.Metadata, v);
        var change = new
        {
            current.Id,
            Name = body.Name is null ? current.Name : v.Required("name", body.Name, BrandFields.NameMax),
            Website = body.Website is null ? current.Website : BrandFields.Website(v, body.Website),
            Description = body.Description is null ? current.Description : v.Optional("description", body.Description, BrandFields.DescriptionMax),
            Instagram = Social("instagram", body.Instagram, current.Instagram),
            Facebook = Social("facebook", body.Facebook, current.Facebook),
            Twitter = Social("twitter", body.Twitter, current.Twitter),
            Linkedin = Social("linkedin", body.Linkedin, current.Linkedin),
            Youtube = Social("youtube", body.Youtube, current.Youtube),
            Tiktok = Social("tiktok", body.Tiktok, current.Tiktok),
            Pinterest = Social("pinterest", body.Pinterest, current.Pinterest),
            Threads = Social("threads", body.Threads, current.Threads),
            Metadata = Metadata.ToJson(metadata),
            Now = DatabaseTime.Now(clock),
        };
        if (!v.IsValid) return v.ToProblem();

        // A PATCH that changes nothing writes nothing and publishes nothing.
        string[] after = [change.Name, change.Website, change.Description, change.Instagram, change.Facebook, change.Twitter,
            change.Linkedin, change.Youtube, change.Tiktok, change.Pinterest, change.Threads];
        string[] before = [current.Name, current.Website, current.Description, .. current.Socials];
        var sameMetadata = metadata.Count == currentMetadata.Count && metadata.All(kv => currentMetadata.TryGetValue(kv.Key, out var old) && old == kv.Value);
        if (after.SequenceEqual(before, StringComparer.Ordinal) && sameMetadata) return TypedResults.Ok(current.ToOut());

        const string update = $"""
            UPDATE catalog.brands AS b
            SET name = @Name, website = @Website, description = @Description, instagram = @Instagram, facebook = @Facebook,
                twitter = @Twitter, linkedin = @Linkedin, youtube = @Youtube, tiktok = @Tiktok, pinterest = @Pinterest,
                threads = @Threads, metadata = @Metadata::jsonb, modified_at = GREATEST(@Now, b.modified_at + interval '1 microsecond')
            WHERE b.id = @Id
            RETURNING {BrandRow.Columns}
            """;
        BrandRow row;
        try
        {
            row = await conn.QuerySingleAsync<BrandRow>(new CommandDefinition(update, change, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "brands_org_name_key" })
        {
            return DuplicateName(change.Name);
        }
        await outbox.AddAsync(conn, tx, row.ToUpserted(), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(row.ToOut());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteBrand(
        string brandId, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await BrandQueries.FindLiveAsync(conn, tx, brandId, forUpdate: true, ct);
        if (current?.OrganizationId is not { } owner || !caller.Can(owner, Permission.ManageOrganization)) return BrandNotFound();

        // Soft delete: the row stays (and stays claimed) as a tombstone; the name is free again.
        const string sql = $"""
            UPDATE catalog.brands AS b
            SET deleted_at = GREATEST(@Now, b.modified_at + interval '1 microsecond'), modified_at = GREATEST(@Now, b.modified_at + interval '1 microsecond')
            WHERE b.id = @Id
            RETURNING {BrandRow.Columns}
            """;
        var row = await conn.QuerySingleAsync<BrandRow>(new CommandDefinition(sql, new { current.Id, Now = DatabaseTime.Now(clock) }, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, row.ToUpserted(), ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>csb and csu keys; not the gateway's anonymous token or publishable keys.</summary>
    internal static bool IsSecretKeyCaller(Caller caller) => caller.KeyType is ApiKeyFormat.Business or ApiKeyFormat.User;

    static ProblemHttpResult ResourceNotFound() => Problems.NotFound("The requested resource was not found.");

    internal static ProblemHttpResult BrandNotFound() => Problems.NotFound("No brand with this id.");

    static ProblemHttpResult DuplicateName(string name) =>
        Problems.Conflict($"The organization already has a brand named '{name}' (names are compared case-insensitively).");
}

/// <summary>Lookups the brand handlers share.</summary>
static class BrandQueries
{
    /// <summary>The live (not deleted) brand with this public id, or null (also for a malformed id).</summary>
    public static async Task<BrandRow?> FindLiveAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string brandId, bool forUpdate, CancellationToken ct)
    {
        if (!ShortId.TryParse(brandId.Trim(), out var id)) return null;
        var sql = $"SELECT {BrandRow.Columns} FROM catalog.brands b WHERE b.id = @id AND b.deleted_at IS NULL"
            + (forUpdate ? " FOR UPDATE OF b" : "");
        return await conn.QuerySingleOrDefaultAsync<BrandRow>(new CommandDefinition(sql, new { id }, tx, cancellationToken: ct));
    }
}
