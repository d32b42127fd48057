namespace Closient.Gateway.Routing;

/// <summary>
/// The gateway's one route table (DESIGN.md §1): public path → cluster. Services map the same public
/// paths, so nothing is rewritten. A new service is one line here plus its
/// <c>services:&lt;cluster&gt;:http:0</c> address in configuration.
/// </summary>
public static class GatewayRoutes
{
    public static readonly IReadOnlyList<ClusterRoutes> Table =
    [
        new("catalog",
            "/products/api/v1/{**rest}", "/brands/api/v1/{**rest}", "/certifications/api/v1/{**rest}",
            "/content/api/v1/{**rest}", "/compliance/api/v1/{**rest}", "/resolver/api/v1/{**rest}",
            // The brand dashboard's trade-item endpoints (images, completeness, stats) are catalog's today; DESIGN.md
            // gives /dashboard to analytics, which will take the paths it serves with more specific routes.
            "/dashboard/api/v1/{**rest}",
            "/.well-known/gs1resolver",
            // GS1 Digital Link primary-key application identifiers: the resolver answers scans of /01/{gtin}/... etc.
            "/01/{**rest}", "/00/{**rest}", "/253/{**rest}", "/255/{**rest}", "/401/{**rest}", "/402/{**rest}",
            "/414/{**rest}", "/415/{**rest}", "/417/{**rest}", "/8003/{**rest}", "/8004/{**rest}", "/8006/{**rest}",
            "/8010/{**rest}", "/8013/{**rest}", "/8017/{**rest}", "/8018/{**rest}",
            // Compressed GS1 Digital Link URIs: one URI-safe base64 segment at the root.
            CompressedDigitalLink),
        new("offers", "/retailers/api/v1/{**rest}", "/integrations/shopify/{**rest}"),
        new("locations", "/locations/api/v1/{**rest}"),
        new("search", "/search/api/v1/{**rest}"),
        // Every other /.well-known document (api-catalog, mcp.json, OAuth metadata); /.well-known/gs1resolver,
        // a literal, outranks this catch-all and stays with catalog.
        new("accounts", "/account/api/v1/{**rest}", "/.well-known/{**rest}"),
    ];

    /// <summary>
    /// A compressed GS1 Digital Link URI (<c>/AQnYUc1gmC3ZCAEAfiSxgw</c>): exactly one segment of 10 to 1024
    /// URI-safe base64 characters (route-template escaped). The shortest resolvable one, a GTIN alone, has 10.
    /// Literal root paths (<c>/health</c>, <c>/alive</c>) outrank it; anything with '.' or '/' never matches.
    /// </summary>
    public const string CompressedDigitalLink = "/{compressed:regex(^[A-Za-z0-9_-]{{10,1024}}$)}";

    /// <summary>Service-to-service paths (<c>/internal/...</c>): never routed, so the public get 404 for them.</summary>
    public const string InternalPrefix = "/internal";
}

/// <summary>The public path patterns one cluster (service) serves.</summary>
public sealed record ClusterRoutes(string Cluster, params string[] Paths);
