using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Certifications;

/// <summary>
/// <c>/certifications/api/v1/certifications</c>: certification definitions. Platform definitions are visible
/// to every secret-key caller; organization-private ones only to that organization's members (View), and
/// only members with ManageProducts create them. Everything else is a 404 (spec/conventions.md §3.3).
/// </summary>
public static class DefinitionsApi
{
    public const string BasePath = "/certifications/api/v1/certifications";

    public static IEndpointRouteBuilder MapCertificationDefinitionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath).WithTags("Certifications");
        group.MapGet("", ListCertifications).WithName("ListCertifications").WithAccess(AccessRule.AnyKey)
            .WithSummary("List the certification definitions the caller can see (platform and its organizations' own), by label.");
        group.MapGet("{id}", GetCertification).WithName("GetCertification").WithAccess(AccessRule.AnyKey);
        group.MapPost("", CreateCertification).WithName("CreateCertification").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Create an organization-private certification definition.");
        return app;
    }

    static async Task<Results<Ok<Paged<CertificationOut>>, ProblemHttpResult>> ListCertifications(
        [FromQuery(Name = "q")] string? q, [FromQuery(Name = "code")] string? code,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!CertificationQueries.IsSecretKeyCaller(caller)) return CertificationProblems.NoResource();
        var v = new Validation();
        var query = PageQuery.Parse(page, pageSize, v);
        var text = q is null ? null : v.Optional("q", q, 255);
        var exact = code is null ? null : v.Optional("code", code, CertificationFields.CodeMax).ToUpperInvariant();
        if (!v.IsValid) return v.ToProblem();

        var args = new
        {
            orgs = CertificationQueries.VisibleOrganizations(caller),
            pattern = string.IsNullOrEmpty(text) ? null : "%" + EscapeLike(text) + "%",
            code = string.IsNullOrEmpty(exact) ? null : exact,
            limit = query.PageSize,
            offset = query.Offset,
        };
        const string where = """
            (c.organization_id IS NULL OR c.organization_id = ANY(@orgs))
            AND (@pattern::text IS NULL OR c.label ILIKE @pattern OR c.code ILIKE @pattern)
            AND (@code::text IS NULL OR c.code = @code)
            """;
        var sql = $"""
            SELECT {CertificationRow.Columns} FROM {CertificationRow.From} WHERE {where}
            ORDER BY c.label, c.id LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM catalog.certifications c WHERE {where};
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var rows = (await results.ReadAsync<CertificationRow>()).Select(r => r.ToOut()).ToList();
        var total = await results.ReadSingleAsync<long>();
        return TypedResults.Ok(Paged<CertificationOut>.Of(rows, query, total));
    }

    static async Task<Results<Ok<CertificationOut>, ProblemHttpResult>> GetCertification(string id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!CertificationQueries.IsSecretKeyCaller(caller) || !ShortId.TryParse(id, out var certificationId))
            return CertificationProblems.NoCertification();
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await FindVisibleAsync(conn, certificationId, CertificationQueries.VisibleOrganizations(caller), ct);
        return row is null ? CertificationProblems.NoCertification() : TypedResults.Ok(row.ToOut());
    }

    static async Task<Results<Created<CertificationOut>, ProblemHttpResult>> CreateCertification(
        CreateCertificationRequest body, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        var v = new Validation();
        var org = v.Id("organization_id", body.OrganizationId?.Trim());
        // The organization check comes first, so an outsider learns nothing from the other fields' errors.
        if (v.IsValid && !caller.Can(org, Permission.ManageProducts)) return Problems.OrganizationNotFound();
        var definition = new
        {
            Id = ShortId.NewGuid(),
            OrganizationId = org,
            Code = CertificationFields.Code(v, "code", body.Code),
            Label = v.Required("label", body.Label, CertificationFields.LabelMax),
            Description = v.Optional("description", body.Description, CertificationFields.DescriptionMax),
            Url = CertificationFields.Url(v, "url", body.Url),
            LogoUrl = CertificationFields.Url(v, "logo_url", body.LogoUrl) is { Length: > 0 } logo ? logo : null,
            BodyName = v.Optional("certification_body_name", body.CertificationBodyName, CertificationFields.TextMax),
            Program = v.Optional("program", body.Program, CertificationFields.TextMax),
            Standard = v.Optional("standard", body.Standard, CertificationFields.TextMax),
        };
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // A private code may not shadow a platform one: "USDA_ORGANIC" must mean the same thing everywhere.
        const string platform = "SELECT EXISTS (SELECT 1 FROM catalog.certifications WHERE organization_id IS NULL AND code = @Code)";
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(platform, definition, tx, cancellationToken: ct)))
            return Problems.Conflict($"{definition.Code} is a platform certification code; assign the platform definition instead.");
        Guid? bodyId = null;
        if (definition.BodyName.Length > 0)
        {
            // Bodies are matched by name, case-insensitively: the organization's own body first, then a platform one;
            // an unknown name creates a body private to the organization.
            const string findBody = """
                SELECT id FROM catalog.certification_bodies
                WHERE lower(name) = lower(@name) AND (organization_id IS NULL OR organization_id = @org)
                ORDER BY organization_id NULLS LAST LIMIT 1
                """;
            const string insertBody = """
                INSERT INTO catalog.certification_bodies (id, name, organization_id) VALUES (@id, @name, @org)
                ON CONFLICT (organization_id, lower(name)) WHERE organization_id IS NOT NULL DO UPDATE SET name = catalog.certification_bodies.name
                RETURNING id
                """;
            var bodyArgs = new { id = ShortId.NewGuid(), name = definition.BodyName, org };
            bodyId = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(findBody, bodyArgs, tx, cancellationToken: ct))
                ?? await conn.ExecuteScalarAsync<Guid>(new CommandDefinition(insertBody, bodyArgs, tx, cancellationToken: ct));
        }
        var sql = $"""
            WITH c AS (
                INSERT INTO catalog.certifications (id, organization_id, code, label, description, url, logo_url,
                                                    certification_body_id, program, standard)
                VALUES (@Id, @OrganizationId, @Code, @Label, @Description, @Url, @LogoUrl, @bodyId, @Program, @Standard)
                ON CONFLICT (organization_id, code) WHERE organization_id IS NOT NULL DO NOTHING
                RETURNING *)
            SELECT {CertificationRow.Columns} FROM c LEFT JOIN catalog.certification_bodies b ON b.id = c.certification_body_id
            """;
        var args = new DynamicParameters(definition);
        args.Add("bodyId", bodyId);
        var row = await conn.QuerySingleOrDefaultAsync<CertificationRow>(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        if (row is null) return Problems.Conflict($"This organization already has a certification with code {definition.Code}.");
        await tx.CommitAsync(ct);
        return TypedResults.Created($"{BasePath}/{row.ToOut().Id}", row.ToOut());
    }

    /// <summary>A platform definition, or a private one of an organization in <paramref name="orgs"/>.</summary>
    internal static Task<CertificationRow?> FindVisibleAsync(NpgsqlConnection conn, Guid id, Guid[] orgs, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        var sql = $"SELECT {CertificationRow.Columns} FROM {CertificationRow.From} WHERE c.id = @id AND (c.organization_id IS NULL OR c.organization_id = ANY(@orgs))";
        return conn.QuerySingleOrDefaultAsync<CertificationRow>(new CommandDefinition(sql, new { id, orgs }, tx, cancellationToken: ct));
    }

    static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
