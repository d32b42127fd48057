using System.Text;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Import;

/// <summary>
/// <c>POST /products/api/v1/import/csv</c> (spec/catalog.md §4) and its downloadable template. Request-level
/// problems are 4xx and apply nothing; row-level problems are reported in a 200. README "CSV import".
/// </summary>
public static class ProductImportApi
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxRows = 10_000;

    /// <summary>Room for the multipart framing and the organization_id field around a file of the maximum size.</summary>
    const long MaxRequestBytes = MaxFileBytes + 64 * 1024;

    /// <summary>The multipart form, for the OpenAPI document only (the handler reads the form itself).</summary>
    sealed record ImportUpload(IFormFile File, string? OrganizationId);

    const string TemplateName = "closient-product-import-template.csv";

    public static IEndpointRouteBuilder MapProductImportApi(this IEndpointRouteBuilder app)
    {
        var import = app.MapGroup("/products/api/v1/import").WithTags("CSV import");
        // The service-wide body limit is 1 MiB; routing raises it for this endpoint (IRequestSizeLimitMetadata).
        import.MapPost("csv", ImportCsv).WithName("ImportProductsCsv").WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .Accepts<ImportUpload>("multipart/form-data")
            .WithSummary("Create or update the organization's products from a CSV file (multipart field 'file').");
        import.MapGet("csv/template", GetTemplate).WithName("GetProductsCsvTemplate").WithAccess(AccessRule.Public)
            .WithSummary("A CSV file with the canonical headers and one example row.");
        return app;
    }

    static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> ImportCsv(
        HttpRequest request, [FromQuery(Name = "organization_id")] string? organizationId,
        Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                "Send the CSV as multipart/form-data in a field named 'file'.");
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        // A truncated or garbled multipart body surfaces as one of these; BadHttpRequestException (an IOException
        // too, e.g. the body limit) keeps its own status through the exception handler.
        catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException)
        {
            return Problems.BadRequest("The multipart body is malformed.");
        }

        // organization_id may come as a form field or a query parameter; two different ones are a mistake.
        var formOrganization = form.TryGetValue("organization_id", out var values) ? values.ToString() : null;
        if (formOrganization is not null && organizationId is not null && formOrganization.Trim() != organizationId.Trim())
            return Problems.Validation("organization_id", "Given twice (form field and query parameter) with different values.");
        var (org, problem) = ActingOrganization.Resolve(caller, formOrganization ?? organizationId, Permission.ManageProducts);
        if (problem is not null) return problem;

        if (form.Files.GetFile("file") is not { } file) return Problems.Validation("file", "Required: the CSV file as the multipart field 'file'.");
        if (file.Length > MaxFileBytes)
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Payload Too Large", $"The file is larger than {MaxFileBytes} bytes (10 MiB).");

        string text;
        try
        {
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return Problems.Validation("file", "The file must be UTF-8 text.");
        }
        if (text.StartsWith('\uFEFF')) text = text[1..];

        ImportFile parsed;
        try { parsed = ImportFile.Parse(text); }
        catch (ImportRejected e) { return Problems.Validation("file", e.Message); }

        return TypedResults.Ok(await ProductImporter.ApplyAsync(parsed, org, db, outbox, clock, ct));
    }

    /// <summary>Public at the gateway (DESIGN.md §2 lists the CSV template), so any caller with the gateway's token.</summary>
    static FileContentHttpResult GetTemplate()
    {
        var csv = string.Join(",", ImportColumns.Canonical) + "\r\n"
            + "00614141123452,Sparkling Water 330 ml,Fizz,Fizz Bottling Co.,\"Lightly carbonated, in a glass bottle.\","
            + "https://example.com/images/fizz-330.jpg,DE,330 ml\r\n";
        return TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", TemplateName);
    }
}
