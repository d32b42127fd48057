using System.Text.Json;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Certifications;

/// <summary>Body of <c>POST /certifications/api/v1/certifications</c>: an organization-private definition.</summary>
public sealed record CreateCertificationRequest
{
    public string? OrganizationId { get; init; }
    public string? Code { get; init; }
    public string? Label { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }
    public string? LogoUrl { get; init; }
    public string? CertificationBodyName { get; init; }
    public string? Program { get; init; }
    public string? Standard { get; init; }
}

/// <summary>A certification definition (spec/catalog.md §6); <c>organization_id</c> is null for platform rows.</summary>
public sealed record CertificationOut(
    string Id, string Label, string Code, string Description, string Url, string? LogoUrl,
    string CertificationBodyName, string Program, string Standard, string? OrganizationId);

/// <summary>A certification body (inferred: name, website, country).</summary>
/// <remarks><c>organization_id</c> is null for platform bodies (read-only), else the owning organization.</remarks>
public sealed record CertificationBodyOut(string Id, string Name, string Website, string Country, string? OrganizationId = null);

/// <summary>Body of <c>POST …/products/{gtin}/certifications</c>: the definition by id or by code, and the certificate's details.</summary>
public sealed record AssignCertificationRequest
{
    public string? CertificationId { get; init; }
    public string? Code { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
    public string? ValidFrom { get; init; }
    public string? ExpirationDate { get; init; }
    public string? CertificateNumber { get; init; }
    public string? IssuingBody { get; init; }
    public string? VerificationUrl { get; init; }
    public string? VerificationStatus { get; init; }
    public string? Scope { get; init; }
    public string? CertificationValue { get; init; }
    public string? AuditDate { get; init; }
    public string? InitialCertificationDate { get; init; }
    public List<string>? CertificateCountries { get; init; }
}

/// <summary>
/// Body of <c>PATCH …/products/{gtin}/certifications/{certification_id}</c>. Dates are raw JSON so that an
/// omitted field (unchanged) differs from <c>null</c> (cleared); other fields: null or omitted = unchanged.
/// </summary>
public sealed record UpdateCertificationRequest
{
    public Dictionary<string, string?>? Metadata { get; init; }
    public JsonElement ValidFrom { get; init; }
    public JsonElement ExpirationDate { get; init; }
    public string? CertificateNumber { get; init; }
    public string? IssuingBody { get; init; }
    public string? VerificationUrl { get; init; }
    public string? VerificationStatus { get; init; }
    public string? Scope { get; init; }
    public string? CertificationValue { get; init; }
    public JsonElement AuditDate { get; init; }
    public JsonElement InitialCertificationDate { get; init; }
    public List<string>? CertificateCountries { get; init; }
}

/// <summary>A certification a product holds; <c>is_active</c> is computed for each request, never stored.</summary>
public sealed record CertificationAssignmentOut(
    string Id, string CertificationId, string Label, bool IsActive, IReadOnlyDictionary<string, string> Metadata,
    string Code, string Description, string Url, string? LogoUrl,
    DateOnly? ValidFrom, DateOnly? ExpirationDate, string CertificateNumber, string IssuingBody, DateOnly? ExpiryDate,
    string VerificationUrl, string VerificationStatus, string Scope, string CertificationValue,
    DateOnly? AuditDate, DateOnly? InitialCertificationDate, IReadOnlyList<string> CertificateCountries);

/// <summary>Body of <c>POST …/products/{gtin}/claims</c>.</summary>
public sealed record CreateClaimRequest
{
    public string? Label { get; init; }
    public string? Code { get; init; }
    public string? Category { get; init; }
    public string? Source { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
    public string? ValidFrom { get; init; }
    public string? ExpirationDate { get; init; }
}

/// <summary>A marketing claim on a product (spec/catalog.md §6).</summary>
public sealed record ClaimOut(
    string Id, string Label, string Code, string Category, string Source,
    IReadOnlyDictionary<string, string> Metadata, DateOnly? ValidFrom, DateOnly? ExpirationDate);

/// <summary><c>GET /certifications/api/v1/products/{gtin}</c>: what a product holds (compare-products skill).</summary>
public sealed record ProductCertificationsOut(
    string ProductId, string Gtin, string ProductName, int ActiveCertificationCount,
    IReadOnlyList<CertificationAssignmentOut> Certifications, IReadOnlyList<ClaimOut> Claims);

sealed class CertificationRow
{
    public const string Columns = """
        c.id, c.organization_id, c.code, c.label, c.description, c.url, c.logo_url,
        COALESCE(b.name, '') AS certification_body_name, c.program, c.standard
        """;
    public const string From = "catalog.certifications c LEFT JOIN catalog.certification_bodies b ON b.id = c.certification_body_id";

    public Guid Id { get; init; }
    public Guid? OrganizationId { get; init; }
    public string Code { get; init; } = "";
    public string Label { get; init; } = "";
    public string Description { get; init; } = "";
    public string Url { get; init; } = "";
    public string? LogoUrl { get; init; }
    public string CertificationBodyName { get; init; } = "";
    public string Program { get; init; } = "";
    public string Standard { get; init; } = "";

    public CertificationOut ToOut() => new(ShortId.Encode(Id), Label, Code, Description, Url, LogoUrl, CertificationBodyName,
        Program, Standard, OrganizationId is { } org ? ShortId.Encode(org) : null);
}

sealed class AssignmentRow
{
    public const string Columns = """
        pc.id, pc.certification_id, c.label, c.code, c.description, c.url, c.logo_url, pc.metadata::text AS metadata,
        pc.valid_from, pc.expiration_date, pc.certificate_number, pc.issuing_body, pc.verification_url,
        pc.verification_status, pc.scope, pc.certification_value, pc.audit_date, pc.initial_certification_date,
        pc.certificate_countries
        """;
    public const string From = "catalog.product_certifications pc JOIN catalog.certifications c ON c.id = pc.certification_id";

    public Guid Id { get; init; }
    public Guid CertificationId { get; init; }
    public string Label { get; init; } = "";
    public string Code { get; init; } = "";
    public string Description { get; init; } = "";
    public string Url { get; init; } = "";
    public string? LogoUrl { get; init; }
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

    public CertificationAssignmentOut ToOut(DateOnly today) => new(
        ShortId.Encode(Id), ShortId.Encode(CertificationId), Label, Validity.IsActive(ValidFrom, ExpirationDate, today),
        ServiceDefaults.Http.Metadata.FromJson(Metadata), Code, Description, Url, LogoUrl,
        ValidFrom, ExpirationDate, CertificateNumber, IssuingBody, ExpirationDate,
        VerificationUrl, VerificationStatus, Scope, CertificationValue, AuditDate, InitialCertificationDate, CertificateCountries);
}

sealed class ClaimRow
{
    public const string Columns = "id, label, code, category, source, metadata::text AS metadata, valid_from, expiration_date";

    public Guid Id { get; init; }
    public string Label { get; init; } = "";
    public string Code { get; init; } = "";
    public string Category { get; init; } = "";
    public string Source { get; init; } = "";
    public string Metadata { get; init; } = "{}";
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ExpirationDate { get; init; }

    public ClaimOut ToOut() => new(ShortId.Encode(Id), Label, Code, Category, Source,
        ServiceDefaults.Http.Metadata.FromJson(Metadata), ValidFrom, ExpirationDate);
}
