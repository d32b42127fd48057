using Closient.Catalog.Resolver;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Closient.Catalog.Gs1;

/// <summary>
/// <c>/products/api/v1/digital-link</c>: parse and compose GS1 Digital Link URIs. Any csb or csu key may
/// call them (not organization-scoped); anonymous and publishable callers get 404 like elsewhere.
/// </summary>
public static class DigitalLinkApi
{
    const string BasePath = "/products/api/v1/digital-link";
    const int BaseUrlMax = 1024;

    public static IEndpointRouteBuilder MapDigitalLinkApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath).WithTags("Digital Link");
        group.MapPost("parse", Parse).WithName("ParseDigitalLink").WithAccess(AccessRule.AnyKey)
            .WithSummary("Parse a GS1 Digital Link URI; always 200, with is_valid false for anything that is not one.");
        group.MapPost("build", Build).WithName("BuildDigitalLink").WithAccess(AccessRule.AnyKey)
            .WithSummary("Compose the canonical GS1 Digital Link URI for a GTIN with optional lot, serial, expiry and data attributes.");
        return app;
    }

    static Results<Ok<ParseDigitalLinkResponse>, ProblemHttpResult> Parse(ParseDigitalLinkRequest body, Caller caller)
    {
        if (!IsSecretKeyCaller(caller)) return Problems.NotFound("The requested resource was not found.");
        if (string.IsNullOrEmpty(body.Url)) return Problems.Validation("url", "Required.");
        if (body.Url.Length > DigitalLinkParser.MaxLength) return Problems.Validation("url", $"At most {DigitalLinkParser.MaxLength} characters.");

        var url = body.Url;
        string? uncompressed = null;
        if (!DigitalLinkParser.Instance.TryParseUri(url.Trim(), out var link, out var error))
        {
            var trimmed = url.Trim();
            // Not an uncompressed Digital Link: a partially compressed one (https://host/01/{gtin}/{segment})?
            if (PartialUri.Match(trimmed) is { Success: true } partial
                && DigitalLinkCompression.Instance.TryDecompressPartial(partial.Groups["path"].Value, partial.Groups["query"].Value,
                    out link, out var expanded, out _))
                uncompressed = partial.Groups["root"].Value + expanded;
            // Or a compressed one (https://host/{segment})?
            else if (CompressedUri.Match(trimmed) is not { Success: true } compressed)
                return TypedResults.Ok(Invalid(url, error.Message));
            else if (!DigitalLinkCompression.Instance.TryDecompressLink(compressed.Groups["segment"].Value, compressed.Groups["query"].Value,
                    out link, out var pathAndQuery, out var reason))
                return TypedResults.Ok(compressed.Groups["root"].Value.Count(c => c == '/') > 2
                    ? Invalid(url, error.Message)
                    : Invalid(url, $"Not a valid compressed GS1 Digital Link URI: {reason}") with { IsCompressed = true });
            else uncompressed = compressed.Groups["root"].Value + pathAndQuery;
        }
        if (link.PrimaryKey.Ai != "01")
            return TypedResults.Ok(Invalid(url, $"The primary key is AI ({link.PrimaryKey.Ai}); only GTIN URIs (/01/...) are parsed into a product.")
                with { IsCompressed = uncompressed is not null });

        var raw = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var ai in link.Qualifiers.Prepend(link.PrimaryKey).Concat(link.DataAttributes)) raw[ai.Ai] = ai.Value;
        return TypedResults.Ok(new ParseDigitalLinkResponse(true, url, link.PrimaryKey.Value, link.Get("10"), link.Get("17"), link.Get("21"), raw, null,
            uncompressed is not null, uncompressed));
    }

    static ParseDigitalLinkResponse Invalid(string url, string error) =>
        new(false, url, null, null, null, null, new Dictionary<string, string>(), error);

    static Results<Ok<BuildDigitalLinkResponse>, ProblemHttpResult> Build(
        BuildDigitalLinkRequest body, Caller caller, HttpRequest request, IOptions<ResolverOptions> options)
    {
        if (!IsSecretKeyCaller(caller)) return Problems.NotFound("The requested resource was not found.");
        var v = new Validation();
        var gtin = "";
        if (string.IsNullOrWhiteSpace(body.Gtin)) v.Add("gtin", "Required.");
        else if (!Gtin.TryNormalize(body.Gtin, out gtin, out var gtinError)) v.Add("gtin", gtinError);

        var root = options.Value.RootFor(request);
        if (body.BaseUrl is not null)
        {
            var baseUrl = body.BaseUrl.Trim().TrimEnd('/');
            if (baseUrl.Length > BaseUrlMax || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0
                || uri.UserInfo.Length > 0 || baseUrl.Any(c => c <= ' ' || c >= 0x7F))
                v.Add("base_url", $"Must be an absolute http(s) URL without query, fragment or credentials, at most {BaseUrlMax} characters.");
            else root = baseUrl;
        }

        var qualifiers = new List<AiValue>();
        if (body.Lot is not null) qualifiers.Add(new("10", body.Lot));
        if (body.Serial is not null) qualifiers.Add(new("21", body.Serial));
        var attributes = new List<AiValue>();
        if (body.Expiry is not null) attributes.Add(new("17", body.Expiry));
        foreach (var (ai, value) in body.Attributes ?? [])
        {
            if (ai.Length == 0 || !ai.All(char.IsAsciiDigit)) v.Add("attributes", $"'{ai}' is not an AI (2 to 4 digits).");
            else if (ai == "17" && body.Expiry is not null) v.Add("attributes", "AI (17) is given both as expiry and in attributes.");
            else attributes.Add(new(ai, value ?? ""));
        }
        if (!v.IsValid) return v.ToProblem();

        if (!DigitalLinkBuilder.Instance.TryBuild(root, new AiValue("01", gtin), qualifiers, attributes, body.LinkType, out var url, out var errors))
        {
            foreach (var e in errors) v.Add(FieldFor(e.Ai, body), e.Message);
            return v.ToProblem();
        }
        if (body.Compress != true) return TypedResults.Ok(new BuildDigitalLinkResponse(url));

        var path = url[root.Length..];
        var q = path.IndexOf('?');
        if (!DigitalLinkParser.Instance.TryParse(q < 0 ? path : path[..q], q < 0 ? "" : path[(q + 1)..], primaryKeyFirst: true, out var built, out _)
            || !DigitalLinkCompression.Instance.TryCompress(built, out var segment, out _))
        {
            v.Add("compress", "This link cannot be compressed.");
            return v.ToProblem();
        }
        return TypedResults.Ok(new BuildDigitalLinkResponse(url, root + "/" + segment));
    }

    /// <summary>
    /// <c>scheme://host[/prefix]/{segment}[?query]</c> whose last path segment is URI-safe base64 of at least
    /// 10 characters and not an AI: a compressed Digital Link (an uncompressed one always has /{AI}/{value}).
    /// </summary>
    static readonly System.Text.RegularExpressions.Regex CompressedUri = new(
        @"^(?<root>https?://[^/?#]+(?:/[^?#]*)?)/(?<segment>[A-Za-z0-9_-]{10,1024})/?(?:\?(?<query>[^#]*))?(?:#.*)?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary><c>scheme://host[/prefix]/{primary key AI}/{value}/{segment}[?query]</c>: a partially compressed Digital Link.</summary>
    static readonly System.Text.RegularExpressions.Regex PartialUri = new(
        @"^(?<root>https?://[^/?#]+(?:/[^?#]*?)?)(?<path>/\d{2,4}/[^/?#]+/[A-Za-z0-9_-]{1,1024})/?(?:\?(?<query>[^#]*))?(?:#.*)?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>The request field an error is about: an AI given in <c>attributes</c> is reported there.</summary>
    static string FieldFor(string? ai, BuildDigitalLinkRequest body) => ai switch
    {
        "01" => "gtin",
        "10" when body.Lot is not null => "lot",
        "21" when body.Serial is not null => "serial",
        "17" when body.Expiry is not null => "expiry",
        "linkType" => "link_type",
        _ => "attributes",
    };

    /// <summary>csb and csu keys; not the gateway's anonymous token, publishable keys or its service token.</summary>
    static bool IsSecretKeyCaller(Caller caller) => caller.KeyType is ApiKeyFormat.Business or ApiKeyFormat.User;
}
