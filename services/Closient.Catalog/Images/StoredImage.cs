using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Closient.Catalog.Images;

/// <summary>
/// Serves stored image bytes with the sniffed content type, a strong ETag (SHA-256; If-None-Match → 304),
/// <c>nosniff</c>, and a Content-Security-Policy that keeps an SVG opened directly from running or fetching anything.
/// </summary>
public static class StoredImage
{
    public static FileContentHttpResult Serve(HttpResponse response, byte[] bytes, string contentType, string sha256, string cacheControl)
    {
        response.Headers.CacheControl = cacheControl;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        return TypedResults.File(bytes, contentType, entityTag: new EntityTagHeaderValue($"\"{sha256}\""));
    }
}
