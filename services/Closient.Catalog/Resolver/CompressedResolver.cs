using Closient.Catalog.Gs1;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Closient.Catalog.Resolver;

/// <summary>
/// Compressed GS1 Digital Link URIs (GS1-Conformant Resolver items 4, 5 and 8): <c>/{segment}</c>, one
/// URI-safe base64 segment, optionally with a query string (partially compressed ones, <c>/01/{gtin}/{segment}</c>, reach
/// the resolver's own route and come here through <see cref="TryPartial"/>). The segment is decompressed and the request
/// answered exactly as its uncompressed URI would be: the request is rewritten to that URI and handed to
/// the resolver's own endpoint for its primary key, so redirects, JSON, linksets, linkType, walk-up and
/// scan recording are the same code. Every answer adds <c>Link: &lt;uncompressed&gt;; rel="owl:sameAs"</c>;
/// a segment that does not decode to a valid Digital Link is 400.
/// </summary>
public static class CompressedResolver
{
    /// <summary>
    /// One segment of 10 to 1024 URI-safe base64 characters (route-template escaped). The shortest
    /// resolvable URI, a GTIN alone, is 10 characters; literal routes (<c>/health</c>, <c>/alive</c>) outrank it.
    /// </summary>
    public const string Route = "/{compressed:regex(^[A-Za-z0-9_-]{{10,1024}}$)}";

    public static IEndpointRouteBuilder MapCompressedResolver(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Route, [HttpMethods.Get, HttpMethods.Head], Resolve).WithName("ResolveCompressed").ExcludeFromDescription();
        app.MapMethods(Route, [HttpMethods.Options], Resolve).WithName("ResolveCompressedOptions").ExcludeFromDescription();
        return app;
    }

    static async Task Resolve(HttpContext http, EndpointDataSource endpoints, IOptions<ResolverOptions> options)
    {
        var isOptions = HttpMethods.IsOptions(http.Request.Method);
        var segment = http.Request.Path.Value!.TrimStart('/');
        var query = http.Request.QueryString.HasValue ? http.Request.QueryString.Value![1..] : "";
        if (!DigitalLinkCompression.Instance.TryDecompressLink(segment, query, out var link, out var uncompressed, out var error))
        {
            if (isOptions)
            {
                // Like an uncompressed URI that does not parse: the CORS answer, without a Link header.
                await Dispatch(http, endpoints, "ResolveOptions01");
                return;
            }
            ResolverApi.AddCors(http.Response);
            await ResolverApi.Problem(http, 400, "Bad Request", $"Not a valid compressed GS1 Digital Link URI: {error}").ExecuteAsync(http);
            return;
        }

        AddSameAs(http, options.Value.RootFor(http.Request) + uncompressed);

        var q = uncompressed.IndexOf('?');
        http.Request.Path = PathString.FromUriComponent(q < 0 ? uncompressed : uncompressed[..q]);
        http.Request.QueryString = q < 0 ? QueryString.Empty : new QueryString(uncompressed[q..]);
        if (http.Features.Get<IHttpRequestFeature>() is { } request) request.RawTarget = uncompressed;
        await Dispatch(http, endpoints, (isOptions ? "ResolveOptions" : "Resolve") + link.PrimaryKey.Ai);
    }

    /// <summary>
    /// A partially compressed request (<c>/01/{gtin}/{segment}</c>, <see cref="DigitalLinkCompression.TryDecompressPartial"/>):
    /// true with the uncompressed link, and the answer will carry <c>Link: &lt;uncompressed&gt;; rel="owl:sameAs"</c>, as a
    /// fully compressed one does. The resolver tries it only for a path that does not parse uncompressed.
    /// </summary>
    internal static bool TryPartial(HttpContext http, string rawPath, string rawQuery, string root, out DigitalLink link)
    {
        if (!DigitalLinkCompression.Instance.TryDecompressPartial(rawPath, rawQuery, out link, out var uncompressed, out _)) return false;
        AddSameAs(http, root + uncompressed);
        return true;
    }

    /// <summary>Adds the owl:sameAs link to the uncompressed URI to whatever Link header the answer ends up with.</summary>
    static void AddSameAs(HttpContext http, string uncompressedUri)
    {
        var sameAs = $"<{uncompressedUri}>; rel=\"owl:sameAs\"";
        http.Response.OnStarting(() =>
        {
            var existing = http.Response.Headers.Link.ToString();
            http.Response.Headers.Link = existing.Length == 0 ? sameAs : existing + ", " + sameAs;
            return Task.CompletedTask;
        });
    }

    /// <summary>Runs the named resolver endpoint (mapped by <see cref="ResolverApi.MapResolver"/>) on the rewritten request.</summary>
    static Task Dispatch(HttpContext http, EndpointDataSource endpoints, string name)
    {
        var endpoint = endpoints.Endpoints.First(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == name);
        http.SetEndpoint(endpoint);
        return endpoint.RequestDelegate!(http);
    }
}
