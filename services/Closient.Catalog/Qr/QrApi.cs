using System.Security.Cryptography;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Closient.Catalog.Qr;

/// <summary>
/// <c>POST /products/api/v1/qr/</c>: a QR code that encodes a GS1 Digital Link (spec/catalog.md §5), as
/// SVG or PNG bytes. Any secret-key caller (csb/csu); others get 404 like every non-public endpoint.
/// </summary>
public static class QrApi
{
    public const string Path = "/products/api/v1/qr/";

    /// <summary>30 days: the bytes for a request never change (deterministic rendering).</summary>
    public const string CacheControl = "public, max-age=2592000";

    public static IEndpointRouteBuilder MapQrApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, CreateQrCode).WithTags("QR codes").WithName("CreateQrCode").WithAccess(AccessRule.AnyKey)
            .WithSummary("Render a QR code for a GS1 Digital Link (GTIN with optional lot, serial and expiry).")
            .Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: ["image/svg+xml"])
            .Produces(StatusCodes.Status304NotModified);
        app.MapQrBulkApi();
        return app;
    }

    static Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> CreateQrCode(
        QrRequest body, Caller caller, DigitalLinkOptions link, TimeProvider clock, HttpContext http)
    {
        if (!IsSecretKeyCaller(caller)) return Problems.NotFound("The requested resource was not found.");
        var v = new Validation();
        var spec = Validate(v, body, clock);
        if (!v.IsValid) return v.ToProblem();

        var bytes = QrRenderer.Render(spec.Url(link.Root), spec.Format, spec.Size);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        http.Response.Headers.CacheControl = CacheControl;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (http.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } tags
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.File(bytes, QrRenderer.ContentType(spec.Format));
    }

    static QrSpec Validate(Validation v, QrRequest body, TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new QrSpec(
            QrFields.Gtin(v, body.Gtin),
            QrFields.Attribute(v, "lot", "10", body.Lot),
            QrFields.Attribute(v, "serial", "21", body.Serial),
            QrFields.Expiry(v, body.Expiry, today),
            QrFields.Format(v, body.Format, QrFormat.Png),
            QrFields.Size(v, body.Size));
    }

    /// <summary>csb and csu keys; not the gateway's anonymous token, publishable keys or its service token.</summary>
    internal static bool IsSecretKeyCaller(Caller caller) => caller.KeyType is ApiKeyFormat.Business or ApiKeyFormat.User;
}
