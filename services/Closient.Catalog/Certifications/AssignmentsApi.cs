using Closient.ServiceDefaults.Messaging;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Certifications;

/// <summary>
/// <c>/certifications/api/v1/products/{gtin}</c>: the certifications a product holds. Reads are open to every
/// secret-key caller (products are not org-scoped reads); writes need ManageProducts on the organization that
/// owns the product, and everyone else gets the same 404 as for an unknown GTIN.
/// </summary>
public static class AssignmentsApi
{
    public const string BasePath = "/certifications/api/v1/products";

    public static IEndpointRouteBuilder MapCertificationAssignmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath + "/{gtin}").WithTags("Product certifications");
        group.MapGet("", GetProductCertifications).WithName("GetProductCertificationsHeld").WithAccess(AccessRule.AnyKey)
            .WithSummary("The certifications and claims a product holds, with how many certifications are active today.");
        group.MapGet("certifications", ListAssignments).WithName("ListProductCertificationAssignments").WithAccess(AccessRule.AnyKey)
            .WithSummary("A product's certifications as a bare array; filters verification_status, is_active; ordering expiry_date|label (±).");
        group.MapPost("certifications", AssignCertification).WithName("AssignCertification").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Assign a certification definition (by certification_id or code) to a product.");
        group.MapPatch("certifications/{certificationId}", UpdateAssignment).WithName("UpdateCertificationAssignment").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Change some details of a product's certification; dates sent as null are cleared.");
        group.MapDelete("certifications/{certificationId}", DeleteAssignment).WithName("DeleteCertificationAssignment").WithAccess(AccessRule.Org(Permission.ManageProducts));
        return app;
    }

    static async Task<Results<Ok<ProductCertificationsOut>, ProblemHttpResult>> GetProductCertifications(
        string gtin, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!CertificationQueries.IsSecretKeyCaller(caller)) return CertificationProblems.NoResource();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await CertificationQueries.FindProductAsync(conn, gtin14, ct) is not { } product) return CertificationProblems.NoProduct(gtin14);
        var today = Validity.Today(clock);
        var certifications = await CertificationQueries.AssignmentsAsync(conn, product.Id, today, ct);
        var claims = await CertificationQueries.ClaimsAsync(conn, product.Id, ct);
        return TypedResults.Ok(new ProductCertificationsOut(ShortId.Encode(product.Id), product.Gtin, product.ProductName,
            certifications.Count(c => c.IsActive), certifications, claims));
    }

    static async Task<Results<Ok<IReadOnlyList<CertificationAssignmentOut>>, ProblemHttpResult>> ListAssignments(
        string gtin,
        [FromQuery(Name = "verification_status")] string? verificationStatus,
        [FromQuery(Name = "is_active")] string? isActive,
        [FromQuery(Name = "ordering")] string? ordering,
        Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!CertificationQueries.IsSecretKeyCaller(caller)) return CertificationProblems.NoResource();
        var v = new Validation();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) v.Add("gtin", error);
        var filter = AssignmentFilter.Parse(verificationStatus, isActive, ordering, v, out var badOrdering);
        if (badOrdering) return Problems.BadRequest(AssignmentFilter.OrderingError);
        if (!v.IsValid) return v.ToProblem();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await CertificationQueries.FindProductAsync(conn, gtin14, ct) is not { } product) return CertificationProblems.NoProduct(gtin14);
        var (rows, _) = await filter.QueryAsync(conn, product.Id, Validity.Today(clock), null, ct);
        return TypedResults.Ok(rows);
    }

    static async Task<Results<Created<CertificationAssignmentOut>, ProblemHttpResult>> AssignCertification(
        string gtin, AssignCertificationRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var product = await CertificationQueries.FindProductAsync(conn, gtin14, ct, tx, lockForUpdate: true);
        if (product?.OwnerId is not { } owner || !caller.Can(owner, Permission.ManageProducts)) return CertificationProblems.NoProduct(gtin14);

        var v = new Validation();
        Guid? certificationId = null;
        string? code = null;
        if ((body.CertificationId is null) == (body.Code is null)) v.Add("certification_id", "Send exactly one of certification_id and code.");
        else if (body.CertificationId is not null) certificationId = v.Id("certification_id", body.CertificationId.Trim());
        else code = CertificationFields.Code(v, "code", body.Code);
        var validFrom = CertificationFields.Date(v, "valid_from", body.ValidFrom);
        var expirationDate = CertificationFields.Date(v, "expiration_date", body.ExpirationDate);
        CertificationFields.Window(v, validFrom, expirationDate);
        var now = DatabaseTime.Now(clock);
        var assignment = new
        {
            Id = ShortId.NewGuid(),
            ProductId = product.Id,
            Metadata = Metadata.ToJson(Metadata.ForCreate(body.Metadata, v)),
            ValidFrom = validFrom,
            ExpirationDate = expirationDate,
            CertificateNumber = v.Optional("certificate_number", body.CertificateNumber, CertificationFields.CertificateNumberMax),
            IssuingBody = v.Optional("issuing_body", body.IssuingBody, CertificationFields.TextMax),
            VerificationUrl = CertificationFields.Url(v, "verification_url", body.VerificationUrl),
            VerificationStatus = CertificationFields.OneOf(v, "verification_status", body.VerificationStatus, CertificationFields.VerificationStatuses, "unverified"),
            Scope = v.Optional("scope", body.Scope, CertificationFields.ScopeMax),
            CertificationValue = v.Optional("certification_value", body.CertificationValue, CertificationFields.TextMax),
            AuditDate = CertificationFields.Date(v, "audit_date", body.AuditDate),
            InitialCertificationDate = CertificationFields.Date(v, "initial_certification_date", body.InitialCertificationDate),
            CertificateCountries = CertificationFields.Countries(v, body.CertificateCountries),
            Now = now,
        };
        if (!v.IsValid) return v.ToProblem();

        // The owner organization may assign platform definitions and its own private ones.
        var definition = await FindAssignableAsync(conn, tx, owner, certificationId, code, ct);
        if (definition is null) return CertificationProblems.NoCertification();

        var args = new DynamicParameters(assignment);
        args.Add("CertificationId", definition.Value);
        const string insert = """
            INSERT INTO catalog.product_certifications (id, product_id, certification_id, metadata, valid_from, expiration_date,
                certificate_number, issuing_body, verification_url, verification_status, scope, certification_value,
                audit_date, initial_certification_date, certificate_countries, created_at, modified_at)
            VALUES (@Id, @ProductId, @CertificationId, @Metadata::jsonb, @ValidFrom, @ExpirationDate,
                @CertificateNumber, @IssuingBody, @VerificationUrl, @VerificationStatus, @Scope, @CertificationValue,
                @AuditDate, @InitialCertificationDate, @CertificateCountries, @Now, @Now)
            ON CONFLICT (product_id, certification_id) DO NOTHING
            """;
        if (await conn.ExecuteAsync(new CommandDefinition(insert, args, tx, cancellationToken: ct)) == 0)
            return Problems.Conflict($"The product with GTIN {gtin14} already holds this certification; change it with PATCH.");
        var row = await ReadAsync(conn, tx, assignment.Id, ct);
        await Products.ProductVersions.PublishAsync(conn, tx, outbox, product.Id, clock, ct);
        await tx.CommitAsync(ct);
        var output = row!.ToOut(Validity.Today(clock));
        return TypedResults.Created($"{BasePath}/{gtin14}/certifications/{output.Id}", output);
    }

    static async Task<Results<Ok<CertificationAssignmentOut>, ProblemHttpResult>> UpdateAssignment(
        string gtin, string certificationId, UpdateCertificationRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var product = await CertificationQueries.FindProductAsync(conn, gtin14, ct, tx, lockForUpdate: true);
        if (product?.OwnerId is not { } owner || !caller.Can(owner, Permission.ManageProducts)) return CertificationProblems.NoProduct(gtin14);
        if (!ShortId.TryParse(certificationId, out var id) || await LockAsync(conn, tx, product.Id, id, ct) is not { } current)
            return NoAssignment();

        var v = new Validation();
        var (fromSet, from) = CertificationFields.PatchDate(v, "valid_from", body.ValidFrom);
        var (toSet, to) = CertificationFields.PatchDate(v, "expiration_date", body.ExpirationDate);
        var (auditSet, audit) = CertificationFields.PatchDate(v, "audit_date", body.AuditDate);
        var (initialSet, initial) = CertificationFields.PatchDate(v, "initial_certification_date", body.InitialCertificationDate);
        var change = new
        {
            current.Id,
            Metadata = Metadata.ToJson(Metadata.Merge(Metadata.FromJson(current.Metadata), body.Metadata, v)),
            ValidFrom = fromSet ? from : current.ValidFrom,
            ExpirationDate = toSet ? to : current.ExpirationDate,
            CertificateNumber = body.CertificateNumber is null ? current.CertificateNumber : v.Optional("certificate_number", body.CertificateNumber, CertificationFields.CertificateNumberMax),
            IssuingBody = body.IssuingBody is null ? current.IssuingBody : v.Optional("issuing_body", body.IssuingBody, CertificationFields.TextMax),
            VerificationUrl = body.VerificationUrl is null ? current.VerificationUrl : CertificationFields.Url(v, "verification_url", body.VerificationUrl),
            VerificationStatus = CertificationFields.OneOf(v, "verification_status", body.VerificationStatus, CertificationFields.VerificationStatuses, current.VerificationStatus),
            Scope = body.Scope is null ? current.Scope : v.Optional("scope", body.Scope, CertificationFields.ScopeMax),
            CertificationValue = body.CertificationValue is null ? current.CertificationValue : v.Optional("certification_value", body.CertificationValue, CertificationFields.TextMax),
            AuditDate = auditSet ? audit : current.AuditDate,
            InitialCertificationDate = initialSet ? initial : current.InitialCertificationDate,
            CertificateCountries = body.CertificateCountries is null ? current.CertificateCountries : CertificationFields.Countries(v, body.CertificateCountries),
            Now = DatabaseTime.Now(clock),
        };
        CertificationFields.Window(v, change.ValidFrom, change.ExpirationDate);
        if (!v.IsValid) return v.ToProblem();

        const string update = """
            UPDATE catalog.product_certifications
            SET metadata = @Metadata::jsonb, valid_from = @ValidFrom, expiration_date = @ExpirationDate,
                certificate_number = @CertificateNumber, issuing_body = @IssuingBody, verification_url = @VerificationUrl,
                verification_status = @VerificationStatus, scope = @Scope, certification_value = @CertificationValue,
                audit_date = @AuditDate, initial_certification_date = @InitialCertificationDate,
                certificate_countries = @CertificateCountries, modified_at = @Now
            WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(update, change, tx, cancellationToken: ct));
        var row = await ReadAsync(conn, tx, current.Id, ct);
        await Products.ProductVersions.PublishAsync(conn, tx, outbox, product.Id, clock, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(row!.ToOut(Validity.Today(clock)));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteAssignment(
        string gtin, string certificationId, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var product = await CertificationQueries.FindProductAsync(conn, gtin14, ct, tx, lockForUpdate: true);
        if (product?.OwnerId is not { } owner || !caller.Can(owner, Permission.ManageProducts)) return CertificationProblems.NoProduct(gtin14);
        if (!ShortId.TryParse(certificationId, out var id)) return NoAssignment();
        const string delete = "DELETE FROM catalog.product_certifications WHERE product_id = @productId AND (id = @id OR certification_id = @id)";
        if (await conn.ExecuteAsync(new CommandDefinition(delete, new { productId = product.Id, id }, tx, cancellationToken: ct)) == 0)
            return NoAssignment();
        await Products.ProductVersions.PublishAsync(conn, tx, outbox, product.Id, clock, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The definition's id when the owner may assign it: a platform definition or one of its own.</summary>
    static Task<Guid?> FindAssignableAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid owner, Guid? id, string? code, CancellationToken ct)
    {
        // By code, the organization's own definition cannot collide with a platform one (create refuses that).
        const string sql = """
            SELECT id FROM catalog.certifications
            WHERE (organization_id IS NULL OR organization_id = @owner)
              AND ((@id::uuid IS NOT NULL AND id = @id) OR (@code::text IS NOT NULL AND code = @code))
            LIMIT 1
            """;
        return conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, new { owner, id, code }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// The assignment named in the path, locked for update: by its own id or by its definition's id (a product
    /// holds a definition at most once, so either names one assignment).
    /// </summary>
    static Task<StoredAssignment?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid productId, Guid id, CancellationToken ct)
    {
        const string sql = """
            SELECT id, metadata::text AS metadata, valid_from, expiration_date, certificate_number, issuing_body, verification_url,
                   verification_status, scope, certification_value, audit_date, initial_certification_date, certificate_countries
            FROM catalog.product_certifications WHERE product_id = @productId AND (id = @id OR certification_id = @id)
            FOR UPDATE
            """;
        return conn.QuerySingleOrDefaultAsync<StoredAssignment>(new CommandDefinition(sql, new { productId, id }, tx, cancellationToken: ct));
    }

    static Task<AssignmentRow?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<AssignmentRow>(new CommandDefinition(
            $"SELECT {AssignmentRow.Columns} FROM {AssignmentRow.From} WHERE pc.id = @id", new { id }, tx, cancellationToken: ct));

    static ProblemHttpResult NoAssignment() => Problems.NotFound("This product holds no such certification.");

    sealed class StoredAssignment
    {
        public Guid Id { get; init; }
        public string Metadata { get; init; } = "{}";
        public DateOnly? ValidFrom { get; init; }
        public DateOnly? ExpirationDate { get; init; }
        public string CertificateNumber { get; init; } = "";
        public string IssuingBody { get; init; } = "";
        public string VerificationUrl { get; init; } = "";
        public string VerificationStatus { get; init; } = "";
        public string Scope { get; init; } = "";
        public string CertificationValue { get; init; } = "";
        public DateOnly? AuditDate { get; init; }
        public DateOnly? InitialCertificationDate { get; init; }
        public string[] CertificateCountries { get; init; } = [];
    }
}
