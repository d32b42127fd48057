using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Certifications;

/// <summary>Body of <c>POST /certifications/api/v1/certification-bodies</c>.</summary>
public sealed record CreateCertificationBodyRequest
{
    public string? OrganizationId { get; init; }
    public string? Name { get; init; }
    public string? Website { get; init; }
    public string? Country { get; init; }
}

/// <summary>Body of <c>PATCH /certification-bodies/{bodyId}</c>: null or omitted = unchanged, <c>""</c> clears website/country.</summary>
public sealed record UpdateCertificationBodyRequest
{
    public string? Name { get; init; }
    public string? Website { get; init; }
    public string? Country { get; init; }
}

/// <summary>
/// <c>/certifications/api/v1/certification-bodies</c>: platform bodies (read-only, visible to every secret key) and
/// organization-private ones (visible to members with View, written by ManageProducts). Anything else is 404.
/// </summary>
public static class CertificationBodiesApi
{
    public const string BasePath = "/certifications/api/v1/certification-bodies";

    public static IEndpointRouteBuilder MapCertificationBodiesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath).WithTags("Certifications");
        group.MapGet("", List).WithName("ListCertificationBodies").WithAccess(AccessRule.AnyKey)
            .WithSummary("List certification bodies by name: platform bodies and the private ones of the caller's organizations.");
        group.MapGet("{id}", Get).WithName("GetCertificationBody").WithAccess(AccessRule.AnyKey);
        group.MapPost("", Create).WithName("CreateCertificationBody").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Create an organization-private certification body.");
        group.MapPatch("{bodyId}", Update).WithName("UpdateCertificationBody").WithAccess(AccessRule.Org(Permission.ManageProducts));
        group.MapDelete("{bodyId}", Delete).WithName("DeleteCertificationBody").WithAccess(AccessRule.Org(Permission.ManageProducts));
        return app;
    }

    const string Columns = "id, name, website, country, organization_id";

    sealed class BodyRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Website { get; init; } = "";
        public string Country { get; init; } = "";
        public Guid? OrganizationId { get; init; }

        public CertificationBodyOut ToOut() => new(ShortId.Encode(Id), Name, Website, Country, OrganizationId is { } org ? ShortId.Encode(org) : null);
    }

    static async Task<Results<Ok<Paged<CertificationBodyOut>>, ProblemHttpResult>> List(
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!CertificationQueries.IsSecretKeyCaller(caller)) return CertificationProblems.NoResource();
        var v = new Validation();
        var query = PageQuery.Parse(page, pageSize, v);
        if (!v.IsValid) return v.ToProblem();
        const string where = "(organization_id IS NULL OR organization_id = ANY(@orgs))";
        const string sql = $"""
            SELECT {Columns} FROM catalog.certification_bodies WHERE {where} ORDER BY lower(name), id LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM catalog.certification_bodies WHERE {where};
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { orgs = CertificationQueries.VisibleOrganizations(caller), limit = query.PageSize, offset = query.Offset }, cancellationToken: ct));
        var rows = (await results.ReadAsync<BodyRow>()).Select(b => b.ToOut()).ToList();
        return TypedResults.Ok(Paged<CertificationBodyOut>.Of(rows, query, await results.ReadSingleAsync<long>()));
    }

    static async Task<Results<Ok<CertificationBodyOut>, ProblemHttpResult>> Get(string id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!CertificationQueries.IsSecretKeyCaller(caller) || !ShortId.TryParse(id, out var bodyId)) return NoBody();
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<BodyRow>(new CommandDefinition(
            $"SELECT {Columns} FROM catalog.certification_bodies WHERE id = @bodyId", new { bodyId }, cancellationToken: ct));
        return row is null || row.OrganizationId is { } org && !caller.Can(org, Permission.View) ? NoBody() : TypedResults.Ok(row.ToOut());
    }

    static async Task<Results<Created<CertificationBodyOut>, ProblemHttpResult>> Create(
        CreateCertificationBodyRequest body, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation();
        var org = v.Id("organization_id", body.OrganizationId?.Trim());
        if (v.IsValid && !caller.Can(org, Permission.ManageProducts)) return Problems.OrganizationNotFound();
        var name = v.Required("name", body.Name, CertificationFields.TextMax);
        var website = CertificationFields.Url(v, "website", body.Website);
        var country = Country(v, body.Country);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await NameTakenAsync(conn, tx, org, name, null, ct) is { } conflict) return conflict;
        var sql = $"""
            INSERT INTO catalog.certification_bodies (id, name, website, country, organization_id, created_at, modified_at)
            VALUES (@id, @name, @website, @country, @org, @now, @now)
            ON CONFLICT (organization_id, lower(name)) WHERE organization_id IS NOT NULL DO NOTHING
            RETURNING {Columns}
            """;
        var row = await conn.QuerySingleOrDefaultAsync<BodyRow>(new CommandDefinition(sql,
            new { id = ShortId.NewGuid(), name, website, country, org, now = DatabaseTime.Now(clock) }, tx, cancellationToken: ct));
        if (row is null) return Duplicate(name);
        await tx.CommitAsync(ct);
        var output = row.ToOut();
        return TypedResults.Created($"{BasePath}/{output.Id}", output);
    }

    static async Task<Results<Ok<CertificationBodyOut>, ProblemHttpResult>> Update(
        string bodyId, UpdateCertificationBodyRequest body, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(bodyId, out var id)) return NoBody();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await LockOwnAsync(conn, tx, id, caller, ct);
        if (current is null) return NoBody();

        var v = new Validation();
        var name = body.Name is null ? current.Name : v.Required("name", body.Name, CertificationFields.TextMax);
        var website = body.Website is null ? current.Website : CertificationFields.Url(v, "website", body.Website);
        var country = body.Country is null ? current.Country : Country(v, body.Country);
        if (!v.IsValid) return v.ToProblem();
        if (name == current.Name && website == current.Website && country == current.Country) return TypedResults.Ok(current.ToOut());

        var org = current.OrganizationId!.Value;
        if (await NameTakenAsync(conn, tx, org, name, id, ct) is { } conflict) return conflict;
        var sql = $"""
            UPDATE catalog.certification_bodies SET name = @name, website = @website, country = @country,
                modified_at = GREATEST(@now, modified_at + interval '1 microsecond')
            WHERE id = @id RETURNING {Columns}
            """;
        try
        {
            var row = await conn.QuerySingleAsync<BodyRow>(new CommandDefinition(sql,
                new { id, name, website, country, now = DatabaseTime.Now(clock) }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return TypedResults.Ok(row.ToOut());
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Duplicate(name);
        }
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(string bodyId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ShortId.TryParse(bodyId, out var id)) return NoBody();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await LockOwnAsync(conn, tx, id, caller, ct) is null) return NoBody();
        const string used = "SELECT count(*)::int FROM catalog.certifications WHERE certification_body_id = @id";
        var definitions = await conn.ExecuteScalarAsync<int>(new CommandDefinition(used, new { id }, tx, cancellationToken: ct));
        if (definitions > 0)
            return Problems.Conflict($"This certification body is named by {definitions} certification definition(s); it cannot be deleted.");
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM catalog.certification_bodies WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>An organization-private body the caller may manage, locked; null for platform bodies and everything else.</summary>
    static async Task<BodyRow?> LockOwnAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Caller caller, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<BodyRow>(new CommandDefinition(
            $"SELECT {Columns} FROM catalog.certification_bodies WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));
        return row?.OrganizationId is { } org && caller.Can(org, Permission.ManageProducts) ? row : null;
    }

    /// <summary>
    /// 409 when <paramref name="name"/> (case-insensitively) is a platform body's or another of the organization's bodies':
    /// a name then means one body for the organization, so definitions can name it unambiguously.
    /// </summary>
    static async Task<ProblemHttpResult?> NameTakenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid org, string name, Guid? except, CancellationToken ct)
    {
        const string sql = """
            SELECT organization_id IS NULL FROM catalog.certification_bodies
            WHERE lower(name) = lower(@name) AND (organization_id IS NULL OR organization_id = @org) AND id IS DISTINCT FROM @except
            ORDER BY organization_id NULLS FIRST LIMIT 1
            """;
        var platform = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(sql, new { name, org, except }, tx, cancellationToken: ct));
        return platform switch
        {
            true => Problems.Conflict($"'{name}' is a platform certification body; use it instead."),
            false => Duplicate(name),
            null => null,
        };
    }

    static string Country(Validation v, string? value)
    {
        var country = value?.Trim().ToUpperInvariant() ?? "";
        if (country.Length > 0 && !Products.CountryCodes.IsAssigned(country)) v.Add("country", "Must be an ISO 3166-1 alpha-2 country code or \"\".");
        return country;
    }

    static ProblemHttpResult Duplicate(string name) => Problems.Conflict($"This organization already has a certification body named '{name}'.");

    static ProblemHttpResult NoBody() => Problems.NotFound("No certification body with this id.");
}
