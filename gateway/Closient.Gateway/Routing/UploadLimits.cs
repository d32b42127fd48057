using Closient.Gateway.Auth;
using Microsoft.AspNetCore.Http.Features;

namespace Closient.Gateway.Routing;

/// <summary>
/// The few endpoints that take uploads larger than the gateway's body limit (<c>Gateway:MaxRequestBodyBytes</c>,
/// 1 MiB): method + path pattern → the most bytes the request may carry (the service's own limit plus room
/// for the multipart framing). The service still checks its limit; this only lets such a body through.
/// </summary>
public static class UploadLimits
{
    const long KiB = 1024, MiB = 1024 * KiB;
    static readonly string[] Post = ["POST"];

    public static readonly IReadOnlyList<(EndpointRule Endpoint, long MaxBytes)> Table =
    [
        (new(EndpointAccess.SecretKey, Post, "/products/api/v1/import/csv"), 10 * MiB + 64 * KiB),
        (new(EndpointAccess.SecretKey, Post, "/dashboard/api/v1/trade-items/{organization_id}/{gtin}/images"), 5 * MiB + 64 * KiB),
        (new(EndpointAccess.SecretKey, Post, "/brands/api/v1/brands/{id}/logo"), 2 * MiB + 64 * KiB),
    ];

    /// <summary>Raises the request's body limit where the table says so; before the body-limit check (MapDefaultEndpoints).</summary>
    public static IApplicationBuilder UseUploadLimits(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path.HasValue ? context.Request.Path.Value.AsSpan() : "/";
        foreach (var (endpoint, maxBytes) in Table)
        {
            if (!endpoint.Matches(context.Request.Method, path)) continue;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = maxBytes;
            break;
        }
        return next(context);
    });
}
