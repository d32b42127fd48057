using Closient.ServiceDefaults.Auth;
using System.Text.Json;
using System.Text.Json.Nodes;
using Closient.Catalog.Gs1;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Closient.Catalog.Resolver;

/// <summary>
/// The public GS1 Digital Link resolver (spec/resolver.md §1, GS1-Conformant Resolver 1.2.0):
/// GET/HEAD/OPTIONS on every primary-key path of the syntax dictionary (<c>/01/{gtin}/…</c>, <c>/00/…</c>,
/// …), the resolver description file, the hosted product page and the linkset JSON-LD context. Callers
/// arrive with the gateway's anonymous token (or a key's); nothing here is organization-scoped.
/// </summary>
public static class ResolverApi
{
    public const string HostedPagePrefix = "/resolver/api/v1/pages/01";
    public const string ContextPath = "/resolver/api/v1/linkset-context.jsonld";
    public const string WellKnownPath = "/.well-known/gs1resolver";
    const string JsonLdContextRel = "http://www.w3.org/ns/json-ld#context";
    const string AllowedMethods = "GET, HEAD, OPTIONS";

    static readonly JsonSerializerOptions LinksetJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapResolver(this IEndpointRouteBuilder app)
    {
        foreach (var key in SyntaxDictionary.Instance.PrimaryKeys)
        {
            app.MapMethods($"/{key.Ai}/{{**rest}}", [HttpMethods.Get, HttpMethods.Head], Resolve)
                .WithName($"Resolve{key.Ai}").ExcludeFromDescription();
            app.MapMethods($"/{key.Ai}/{{**rest}}", [HttpMethods.Options], Options)
                .WithName($"ResolveOptions{key.Ai}").ExcludeFromDescription();
        }
        app.MapCompressedResolver(); // compressed URIs (/{base64 segment}) are rewritten and dispatched to the routes above
        app.MapMethods(WellKnownPath, [HttpMethods.Get, HttpMethods.Head], Description).WithName("ResolverDescription").ExcludeFromDescription();
        app.MapMethods(WellKnownPath, [HttpMethods.Options], CorsOnly).ExcludeFromDescription();

        var resolver = app.MapGroup("/resolver/api/v1").WithTags("Resolver");
        resolver.MapMethods("pages/01/{gtin}", [HttpMethods.Get, HttpMethods.Head], HostedPage.Render).WithName("HostedProductPage").WithAccess(AccessRule.Public)
            .WithSummary("Closient's hosted product page (HTML) for a GTIN: the default link of the resolver.");
        resolver.MapMethods("linkset-context.jsonld", [HttpMethods.Get, HttpMethods.Head], LinksetContext).WithName("LinksetContext").WithAccess(AccessRule.Public)
            .WithSummary("The JSON-LD context of GS1 linksets served by the resolver.");
        return app;
    }

    static async Task<IResult> Resolve(HttpContext http, ResolutionData data, IResolutionLinkSource source, ScanRecorder scans,
        ResolverCertifications certificationData, IOptions<ResolverOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        TimeProvider clock, CancellationToken ct)
    {
        var request = http.Request;
        var response = http.Response;
        AddCors(response);
        response.Headers.Vary = "Accept, Accept-Language";
        var root = options.Value.RootFor(request);
        var (rawPath, rawQuery) = RawTarget(http);

        if (!DigitalLinkParser.Instance.TryParse(rawPath, rawQuery, primaryKeyFirst: true, out var link, out var error)
            && !CompressedResolver.TryPartial(http, rawPath, rawQuery, root, out link))
            return Problem(http, 400, "Bad Request", $"Not a valid GS1 Digital Link URI: {error.Message}");

        var linksetUrl = root + link.CanonicalPath + "?linkType=linkset";
        response.Headers.Link = LinksetLink(linksetUrl);

        if (link.ShortGtin)
            return Results.Redirect(root + link.CanonicalPath + Query(link.QueryString), permanent: true, preserveMethod: false);

        if (link.PrimaryKey.Ai != "01")
        {
            var key = SyntaxDictionary.Instance.Find(link.PrimaryKey.Ai)!;
            return Problem(http, 404, "Not Found",
                $"GS1 Digital Link URIs with primary key AI ({key.Ai}) {key.Title} are recognised and valid, but not yet resolved here: only GTINs (AI 01) are.");
        }

        var linkType = link.LinkType;
        var wantsLinkset = linkType is "linkset" or "all";
        if (linkType is not null && !wantsLinkset && LinkTypes.IsGs1Namespace(linkType) && !LinkTypes.Instance.TryFind(linkType, out _))
            return Problem(http, 400, "Bad Request", $"'{linkType}' is not a GS1 link type; see https://gs1.org/voc/ for the ratified ones.");

        var product = await data.GetAsync(link.PrimaryKey.Value, ct);
        if (product is null) return Problem(http, 404, "Not Found", $"No product found for GTIN {link.PrimaryKey.Value}.");

        var negotiation = new Negotiation(request.Headers.Accept, request.Headers.AcceptLanguage);
        var representation = wantsLinkset ? Representation.Linkset : linkType is null ? negotiation.Choose() : Representation.Redirect;
        // The product JSON shows no links: it needs neither the rules nor the item's links.
        if (representation == Representation.ProductJson)
            return Results.Bytes(product.JsonUtf8(json.Value.SerializerOptions), "application/json; charset=utf-8");

        var hostedPage = root + HostedPagePrefix + "/" + link.PrimaryKey.Value;
        var country = CountryOf(request, options.Value);
        var extra = await source.GetLinksAsync(
            new ResolutionRequest(link, product, country, negotiation.Languages, clock.GetUtcNow(), hostedPage), ct);
        // Whether the product has active certifications is part of its in-memory copy (the link); their details are a
        // second (cached) query, run only for the JSON-LD answer.
        var links = new ItemLinks(root, link, product, hostedPage, extra, product.Content,
            product.Content?.HasCertifications == true ? hostedPage + "#" + HostedPage.CertificationsAnchor : null);

        if (representation == Representation.Linkset)
        {
            response.Headers.Link = LinksetLink(linksetUrl) + ", " + $"<{ContextUrl(root, options.Value)}>; rel=\"{JsonLdContextRel}\"; type=\"application/ld+json\"";
            return Results.Text(links.ToLinkset().ToJsonString(LinksetJson), Negotiation.LinksetMediaType, System.Text.Encoding.UTF8);
        }
        if (representation == Representation.JsonLd)
            return JsonLd(links, await certificationData.GetAsync(product.Id, link.PrimaryKey.Value, ct));

        var wanted = linkType is null ? ItemLinks.DefaultLink
            : LinkTypes.Instance.TryFind(linkType, out var type) ? type.Uri : linkType;
        var candidates = links.OfType(wanted);
        if (candidates.Count == 0)
            return Problem(http, 404, "Not Found", $"GTIN {link.PrimaryKey.Value} has no link of type {linkType}; the linkset lists the available ones.");
        var chosen = ItemLinks.Narrow(candidates, link.Context, negotiation);
        if (chosen.Count > 1)
            return Results.Text(links.ToLinkset(chosen).ToJsonString(LinksetJson), Negotiation.LinksetMediaType, System.Text.Encoding.UTF8,
                StatusCodes.Status300MultipleChoices);

        var target = chosen[0];
        // The built-in describedby link is the canonical URI itself: asked for by linkType, it is answered here
        // (redirecting to the canonical URI would only land on the default link).
        if (target.LinkType == "describedby" && target.Href == links.Anchor(0))
            return JsonLd(links, await certificationData.GetAsync(product.Id, link.PrimaryKey.Value, ct));
        var destination = WithQuery(target.Href, link.QueryString);
        if (HttpMethods.IsGet(request.Method))
            scans.TryRecord(Scan(link, product, target, destination, country, request, clock));
        return Results.Redirect(destination, permanent: false, preserveMethod: true);
    }

    static IResult JsonLd(ItemLinks links, IReadOnlyList<ResolverCertification> certifications) =>
        Results.Text(ProductJsonLd.Build(links, certifications).ToJsonString(LinksetJson), ProductJsonLd.MediaType, System.Text.Encoding.UTF8);

    static IResult Options(HttpContext http, IOptions<ResolverOptions> options)
    {
        var (rawPath, rawQuery) = RawTarget(http);
        var root = options.Value.RootFor(http.Request);
        if (DigitalLinkParser.Instance.TryParse(rawPath, rawQuery, primaryKeyFirst: true, out var link, out _)
            || CompressedResolver.TryPartial(http, rawPath, rawQuery, root, out link))
            http.Response.Headers.Link = LinksetLink(root + link.CanonicalPath + "?linkType=linkset");
        return CorsOnly(http);
    }

    static IResult CorsOnly(HttpContext http)
    {
        AddCors(http.Response);
        http.Response.Headers.Allow = AllowedMethods;
        if (http.Request.Headers.AccessControlRequestHeaders is { Count: > 0 } requested)
            http.Response.Headers.AccessControlAllowHeaders = requested;
        http.Response.Headers.AccessControlMaxAge = "86400";
        return Results.NoContent();
    }

    static IResult Description(HttpContext http, IOptions<ResolverOptions> options)
    {
        AddCors(http.Response);
        var root = options.Value.RootFor(http.Request);
        var description = new JsonObject
        {
            ["name"] = options.Value.Name,
            ["resolverRoot"] = root,
            ["supportedPrimaryKeys"] = new JsonArray("01"),
            ["supportedLinkType"] = new JsonArray(new JsonObject { ["namespace"] = LinkTypes.Namespace, ["prefix"] = LinkTypes.Prefix }),
            ["linkTypeDefaultCanBeLinkset"] = false,
            ["jsonLdContextLocation"] = ContextUrl(root, options.Value),
        };
        return Results.Text(description.ToJsonString(LinksetJson), "application/json", System.Text.Encoding.UTF8);
    }

    static IResult LinksetContext(HttpContext http)
    {
        AddCors(http.Response);
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Text(LinksetContextDocument.Value, "application/ld+json", System.Text.Encoding.UTF8);
    }

    static readonly Lazy<string> LinksetContextDocument = new(() =>
    {
        using var stream = typeof(ResolverApi).Assembly.GetManifestResourceStream("Gs1.Data.linksetContext.jsonld")
            ?? throw new InvalidOperationException("The embedded linkset context is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    static ScanRecorded Scan(DigitalLink link, ResolvedProduct product, ResolverLink target, string destination, string? country,
        HttpRequest request, TimeProvider clock)
    {
        var (deviceClass, isBot) = DeviceClassifier.Classify(request.Headers.UserAgent.ToString());
        var referrer = request.Headers.Referer.ToString();
        return new ScanRecorded(Guid.CreateVersion7(), link.PrimaryKey.Value, product.Id, product.OwnerId, link.Get("10"), link.Get("21"),
            target.LinkType == ItemLinks.DefaultLink && target.IsHostedPage ? LinkTypes.Namespace + "pip" : target.LinkType,
            destination, target.IsHostedPage ? "HOSTED_PAGE" : "REDIRECT_ONLY", link.Context, country, deviceClass, isBot,
            referrer.Length == 0 ? null : referrer[..Math.Min(referrer.Length, 2048)], clock.GetUtcNow());
    }

    /// <summary>The country header's value when it is a two-letter code (Cloudflare's XX/T1 mean unknown/Tor).</summary>
    static string? CountryOf(HttpRequest request, ResolverOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CountryHeader)) return null;
        var value = request.Headers[options.CountryHeader].ToString().Trim().ToUpperInvariant();
        return value.Length == 2 && value.All(char.IsAsciiLetterUpper) && value != "XX" ? value : null;
    }

    /// <summary>The request's path and query exactly as sent (percent-encoding intact: %2F in a value is not a separator).</summary>
    static (string Path, string Query) RawTarget(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
            raw = http.Request.PathBase.ToUriComponent() + http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent();
        var q = raw.IndexOf('?');
        return q < 0 ? (raw, "") : (raw[..q], raw[(q + 1)..]);
    }

    /// <summary>The target with the request's query string passed on: after its own query, before any fragment.</summary>
    internal static string WithQuery(string href, string query)
    {
        if (query.Length == 0) return href;
        var hash = href.IndexOf('#');
        var (target, fragment) = hash < 0 ? (href, "") : (href[..hash], href[hash..]);
        return target + (target.Contains('?') ? "&" : "?") + query + fragment;
    }

    static string Query(string query) => query.Length == 0 ? "" : "?" + query;

    static string LinksetLink(string url) => $"<{url}>; rel=\"linkset\"; type=\"{Negotiation.LinksetMediaType}\"";

    static string ContextUrl(string root, ResolverOptions options) =>
        string.IsNullOrWhiteSpace(options.LinksetContextUrl) ? root + ContextPath : options.LinksetContextUrl;

    internal static void AddCors(HttpResponse response)
    {
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlAllowMethods = AllowedMethods;
        response.Headers.AccessControlExposeHeaders = "Link, Location, Content-Type";
    }

    /// <summary>
    /// An RFC 9457 problem with the API's conventions, written whatever the Accept header says: scanners send
    /// text/html, for which the framework's problem writer would skip the conventions.
    /// </summary>
    internal static IResult Problem(HttpContext http, int status, string title, string detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        ProblemConventions.Customize(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
        return Results.Json(problem, contentType: "application/problem+json", statusCode: status);
    }
}
