using Closient.Gateway.RateLimiting;
using Closient.Gateway.Routing;
using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Auth;

namespace Closient.Gateway.Auth;

/// <summary>What a request must present to pass the gateway.</summary>
public enum EndpointAccess
{
    /// <summary>
    /// No key needed. A key that is sent is still verified, so the service can see the caller (search
    /// sessions attach to a user; serial verification has a keyed tier); a malformed or unknown key is
    /// 401 here too, so a client learns that its key is wrong instead of silently going anonymous.
    /// </summary>
    Public,
    /// <summary>A key is needed, and a publishable <c>cpk_</c> key is enough (the store locator).</summary>
    Publishable,
    /// <summary>A <c>csb_</c> or <c>csu_</c> key; publishable keys are refused. Everything not in the table.</summary>
    SecretKey,
}

/// <summary>
/// The one table of endpoints that do not need a secret key (spec/conventions.md §10, DESIGN.md §2):
/// method + public path pattern → <see cref="EndpointAccess"/>. Patterns use the route syntax of
/// <see cref="GatewayRoutes"/>: <c>{name}</c> is one non-empty segment, <c>{name:regex(...)}</c> one that
/// matches the expression (braces doubled, as in route templates), a trailing <c>{**rest}</c> any number (zero included). Literals compare case-insensitively and one trailing slash is ignored,
/// as ASP.NET routing does in the services.
/// </summary>
public static class PublicEndpoints
{
    static readonly string[] Get = ["GET", "HEAD"], GetOrOptions = ["GET", "HEAD", "OPTIONS"], Post = ["POST"], Delete = ["DELETE"];

    public static readonly IReadOnlyList<EndpointRule> Table =
    [
        // GS1 Digital Link resolution (/01/{gtin}/..., every primary key the gateway routes): what a phone's camera opens.
        // A conformant resolver answers GET, HEAD and OPTIONS (with its Link header) to anyone.
        .. GatewayRoutes.Table.SelectMany(c => c.Paths).Where(p => char.IsAsciiDigit(p[1])).Select(p => new EndpointRule(EndpointAccess.Public, GetOrOptions, p)),
        new(EndpointAccess.Public, GetOrOptions, GatewayRoutes.CompressedDigitalLink),
        new(EndpointAccess.Public, GetOrOptions, "/.well-known/gs1resolver"),
        // The resolver's hosted product page (the default link) and the JSON-LD context its linksets cite.
        new(EndpointAccess.Public, Get, "/resolver/api/v1/pages/{**rest}"),
        new(EndpointAccess.Public, Get, "/resolver/api/v1/linkset-context.jsonld"),
        // Discovery: api-catalog, gs1resolver, mcp.json, OAuth metadata, and the OpenAPI documents they point at.
        new(EndpointAccess.Public, Get, "/.well-known/{**rest}"),
        new(EndpointAccess.Public, Get, "/{app}/api/v1/openapi.json"),
        new(EndpointAccess.Public, Get, "/resolver/api/v1/verify/{**rest}", PerHour(60)),
        // Keyless calls are throttled per client address where spec/conventions.md §6 says so (keyed calls count against the key).
        new(EndpointAccess.Public, Get, "/search/api/v1/search", PerMinute(60)),
        new(EndpointAccess.Public, Post, "/search/api/v1/search/session", PerMinute(30)),
        // Whoever opened a session (anonymously too) reads it back; the opaque id is the capability.
        new(EndpointAccess.Public, Get, "/search/api/v1/search/session/{sessionId}"),
        // Follow-ups, constraint removal, clearing and ending: writes, so they share the sessions' 30/min keyless throttle (one window per row).
        new(EndpointAccess.Public, Post, "/search/api/v1/search/session/{sessionId}/query", PerMinute(30)),
        new(EndpointAccess.Public, Post, "/search/api/v1/search/session/{sessionId}/refine", PerMinute(30)),
        new(EndpointAccess.Public, Delete, "/search/api/v1/search/session/{sessionId}/constraints/{key}", PerMinute(30)),
        new(EndpointAccess.Public, Delete, "/search/api/v1/search/session/{sessionId}/constraints", PerMinute(30)),
        new(EndpointAccess.Public, Delete, "/search/api/v1/search/session/{sessionId}", PerMinute(30)),
        new(EndpointAccess.Public, Post, "/content/api/v1/learn/readiness-check", PerMinute(10), PerHour(30)),
        new(EndpointAccess.Public, Post, "/products/api/v1/products/{gtin}/report-claim"),
        new(EndpointAccess.Public, Get, "/products/api/v1/import/csv/template"),
        // Product image bytes: what a product page or a shopper's app shows, like the brand logos below.
        new(EndpointAccess.Public, Get, "/products/api/v1/images/{imageId}"),
        new(EndpointAccess.Public, Post, "/locations/api/v1/public/widget-events"),
        new(EndpointAccess.Public, Post, "/brands/api/v1/public/widget-events"),
        new(EndpointAccess.Public, Get, "/brands/api/v1/public/brands/{**rest}"),
        // Shopify: the browser's redirect back from the OAuth consent, and webhook deliveries. Neither carries a
        // key; the offers service verifies Shopify's hmac, its own signed state and the webhook HMAC instead.
        new(EndpointAccess.Public, Get, "/integrations/shopify/callback", PerMinute(30)),
        new(EndpointAccess.Public, Post, "/integrations/shopify/webhooks"),
        new(EndpointAccess.Publishable, Get, "/locations/api/v1/public/locations"),
    ];

    static IpLimit PerMinute(int limit) => new(limit, 60);
    static IpLimit PerHour(int limit) => new(limit, 3600);

    /// <summary>What <paramref name="method"/> on <paramref name="path"/> needs; <see cref="EndpointAccess.SecretKey"/> unless the table says otherwise.</summary>
    public static EndpointAccess For(string method, PathString path) => Match(method, path)?.Access ?? EndpointAccess.SecretKey;

    /// <summary>The first row of the table that matches, or null (a secret-key endpoint).</summary>
    public static EndpointRule? Match(string method, PathString path)
    {
        var value = path.HasValue ? path.Value.AsSpan() : "/";
        foreach (var rule in Table)
            if (rule.Matches(method, value))
                return rule;
        return null;
    }

    /// <summary>Whether a verified key of <paramref name="keyType"/> may call an endpoint with this access.</summary>
    public static bool Accepts(this EndpointAccess access, string keyType) =>
        access != EndpointAccess.SecretKey || keyType is ApiKeyFormat.Business or ApiKeyFormat.User;
}

/// <summary>One row of <see cref="PublicEndpoints.Table"/>.</summary>
public sealed class EndpointRule
{
    const string Segment = "{}", Rest = "{**}";
    readonly string[] segments;
    readonly Regex?[] constraints;

    public EndpointRule(EndpointAccess access, IReadOnlyList<string> methods, string pattern, params IpLimit[] anonymousLimits)
    {
        if (!pattern.StartsWith('/')) throw new ArgumentException($"Pattern '{pattern}' must start with '/'.");
        (Access, Methods, Pattern, AnonymousLimits) = (access, methods, pattern, anonymousLimits);
        AnonymousPolicyHeader = string.Join(", ", anonymousLimits.Select(l => $"{l.Limit};w={l.WindowSeconds}"));
        var parts = pattern[1..].Split('/');
        segments = parts.Select(s => s.StartsWith("{**") ? Rest : s.StartsWith('{') ? Segment : s).ToArray();
        constraints = parts.Select(s => s.IndexOf(":regex(", StringComparison.Ordinal) is var at and >= 0 && s.EndsWith(")}")
            ? new Regex(s[(at + ":regex(".Length)..^2].Replace("{{", "{").Replace("}}", "}"), RegexOptions.CultureInvariant)
            : null).ToArray();
        if (Array.IndexOf(segments, Rest) is var rest and >= 0 && rest != segments.Length - 1)
            throw new ArgumentException($"Pattern '{pattern}': {{**...}} must be the last segment.");
    }

    public EndpointAccess Access { get; }

    public IReadOnlyList<string> Methods { get; }

    public string Pattern { get; }

    /// <summary>The per-address throttle of keyless calls (<see cref="AnonymousRateLimiter"/>); empty: none.</summary>
    public IReadOnlyList<IpLimit> AnonymousLimits { get; }

    /// <summary>The <c>RateLimit-Policy</c> header of that throttle, e.g. <c>10;w=60, 30;w=3600</c>.</summary>
    public string AnonymousPolicyHeader { get; }

    public bool Matches(string method, ReadOnlySpan<char> path)
    {
        var methodMatches = false;
        foreach (var m in Methods)
            methodMatches |= HttpMethods.Equals(m, method);
        if (!methodMatches || path.IsEmpty || path[0] != '/') return false;

        path = path[1..];
        if (path.EndsWith("/")) path = path[..^1];
        var i = 0;
        foreach (var range in path.Split('/'))
        {
            if (i == segments.Length) return false;
            var pattern = segments[i++];
            if (ReferenceEquals(pattern, Rest)) return true;
            var segment = path[range];
            if (ReferenceEquals(pattern, Segment) ? segment.IsEmpty : !segment.Equals(pattern, StringComparison.OrdinalIgnoreCase))
                return false;
            if (constraints[i - 1] is { } constraint && !constraint.IsMatch(segment))
                return false;
        }
        return i == segments.Length || (i == segments.Length - 1 && ReferenceEquals(segments[i], Rest));
    }

    public override string ToString() => $"{string.Join('|', Methods)} {Pattern} → {Access}";
}
