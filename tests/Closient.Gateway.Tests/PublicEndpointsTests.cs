using Closient.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace Closient.Gateway.Tests;

public sealed class PublicEndpointsTests
{
    [Theory]
    [InlineData("GET", "/01/09506000134352")]
    [InlineData("GET", "/01/09506000134352/10/ABC123/21/12345")]
    [InlineData("HEAD", "/01/09506000134352")]
    [InlineData("GET", "/01")]
    [InlineData("GET", "/8004/0950600013435212345")]
    [InlineData("GET", "/414/9506000000002")]
    [InlineData("GET", "/415/9506000000002/8020/12345")]
    [InlineData("OPTIONS", "/01/09506000134352")]
    [InlineData("OPTIONS", "/.well-known/gs1resolver")]
    [InlineData("GET", "/HxHKVAdpQgZzjr-hCDKigI")]                  // a compressed Digital Link URI
    [InlineData("HEAD", "/ARHKVAdpQg")]
    [InlineData("OPTIONS", "/ARHKVAdpQg/")]
    [InlineData("GET", "/resolver/api/v1/pages/01/09506000134352")]
    [InlineData("GET", "/resolver/api/v1/linkset-context.jsonld")]
    [InlineData("GET", "/.well-known/api-catalog")]
    [InlineData("GET", "/.well-known/gs1resolver")]
    [InlineData("GET", "/.well-known/oauth-authorization-server")]
    [InlineData("GET", "/locations/api/v1/openapi.json")]
    [InlineData("GET", "/products/api/v1/openapi.json")]
    [InlineData("GET", "/resolver/api/v1/verify/01/09506000134352/21/12345")]
    [InlineData("GET", "/search/api/v1/search")]
    [InlineData("GET", "/search/api/v1/search/")]
    [InlineData("GET", "/Search/API/v1/Search")]
    [InlineData("POST", "/search/api/v1/search/session")]
    [InlineData("POST", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2/query")]
    [InlineData("DELETE", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2/constraints/price")]
    [InlineData("GET", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2")]
    [InlineData("POST", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2/refine")]
    [InlineData("DELETE", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2/constraints/color")]
    [InlineData("DELETE", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2/constraints")]
    [InlineData("DELETE", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2")]
    [InlineData("POST", "/content/api/v1/learn/readiness-check")]
    [InlineData("POST", "/products/api/v1/products/09506000134352/report-claim")]
    [InlineData("post", "/products/api/v1/products/09506000134352/report-claim")]
    [InlineData("POST", "/locations/api/v1/public/widget-events")]
    [InlineData("POST", "/brands/api/v1/public/widget-events")]
    [InlineData("GET", "/brands/api/v1/public/brands/7cL3mQ9xR2vT5wY8zA4bC6/catalog")]
    [InlineData("GET", "/brands/api/v1/public/brands/7cL3mQ9xR2vT5wY8zA4bC6/stores")]
    [InlineData("GET", "/integrations/shopify/callback")]
    [InlineData("POST", "/integrations/shopify/webhooks")]
    public void Public_endpoints_need_no_key(string method, string path) =>
        Assert.Equal(EndpointAccess.Public, PublicEndpoints.For(method, new PathString(path)));

    [Theory]
    [InlineData("POST", "/search/api/v1/search/session")]
    [InlineData("POST", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2/query")]
    [InlineData("POST", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2/refine")]
    [InlineData("DELETE", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2/constraints/color")]
    [InlineData("DELETE", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2/constraints")]
    [InlineData("DELETE", "/search/api/v1/search/session/Xk2vT9qLmN4pR7sW1yZ3aB5cD8eF0gH2")]
    public void Keyless_session_writes_are_throttled_30_a_minute_per_address(string method, string path) =>
        Assert.Equal("30;w=60", PublicEndpoints.Match(method, new PathString(path))!.AnonymousPolicyHeader);

    [Theory]
    [InlineData("GET", "/locations/api/v1/public/locations")]
    [InlineData("GET", "/locations/api/v1/public/locations/")]
    public void The_store_locator_accepts_publishable_keys(string method, string path) =>
        Assert.Equal(EndpointAccess.Publishable, PublicEndpoints.For(method, new PathString(path)));

    [Theory]
    [InlineData("GET", "/products/api/v1/qr/09506000134352")]
    [InlineData("GET", "/products/api/v1/qr/09506000134352.png")]
    [InlineData("POST", "/products/api/v1/qr/bulk/")]
    [InlineData("GET", "/products/api/v1/products")]
    [InlineData("GET", "/products/api/v1/products/09506000134352")]
    [InlineData("GET", "/products/api/v1/products/09506000134352/report-claim")]       // only POST is public
    [InlineData("POST", "/products/api/v1/products/09506000134352/report-claim/extra")]
    [InlineData("POST", "/products/api/v1/products//report-claim")]                    // {gtin} needs a value
    [InlineData("POST", "/01/09506000134352")]                                          // resolution is GET only
    [InlineData("POST", "/HxHKVAdpQgZzjr-hCDKigI")]                                     // compressed ones too
    [InlineData("GET", "/ARHKVAdp")]                                                    // not a compressed Digital Link: too short
    [InlineData("GET", "/products.json")]
    [InlineData("POST", "/search/api/v1/search")]
    [InlineData("GET", "/search/api/v1/search/session")]
    [InlineData("GET", "/search/api/v1/searches")]
    [InlineData("POST", "/search/api/v1/search/session/abc")]
    [InlineData("GET", "/search/api/v1/search/session/abc/refine")]
    [InlineData("DELETE", "/search/api/v1/search/session")]
    [InlineData("PUT", "/locations/api/v1/public/locations")]
    [InlineData("GET", "/locations/api/v1/public/locations/abc")]
    [InlineData("GET", "/locations/api/v1/locations")]
    [InlineData("GET", "/locations/api/v1/public/widget-events")]
    [InlineData("POST", "/brands/api/v1/public/brands/x/catalog")]
    [InlineData("GET", "/brands/api/v1/brands")]
    [InlineData("GET", "/retailers/api/v1/retailers")]
    [InlineData("GET", "/integrations/shopify/install")]                                // needs ManageOffers
    [InlineData("POST", "/integrations/shopify/callback")]
    [InlineData("GET", "/integrations/shopify/webhooks")]
    [InlineData("GET", "/resolver/api/v1/resolution-rules")]
    [InlineData("GET", "/locations/api/v1/v2/openapi.json")]
    [InlineData("GET", "/.well-knownx/api-catalog")]
    [InlineData("GET", "/010/09506000134352")]
    [InlineData("GET", "/")]
    [InlineData("GET", "")]
    public void Everything_else_needs_a_secret_key(string method, string path) =>
        Assert.Equal(EndpointAccess.SecretKey, PublicEndpoints.For(method, new PathString(path)));

    [Theory]
    [InlineData(EndpointAccess.Public, "cpk", true)]
    [InlineData(EndpointAccess.Publishable, "cpk", true)]
    [InlineData(EndpointAccess.Publishable, "csb", true)]
    [InlineData(EndpointAccess.SecretKey, "csb", true)]
    [InlineData(EndpointAccess.SecretKey, "csu", true)]
    [InlineData(EndpointAccess.SecretKey, "cpk", false)]
    [InlineData(EndpointAccess.SecretKey, "service", false)]
    public void Publishable_keys_are_accepted_only_where_the_table_says(EndpointAccess access, string keyType, bool accepted) =>
        Assert.Equal(accepted, access.Accepts(keyType));

    [Fact]
    public void Every_digital_link_primary_key_the_gateway_routes_is_public()
    {
        var resolverRules = PublicEndpoints.Table.Where(r => char.IsAsciiDigit(r.Pattern[1])).ToList();

        Assert.Equal(16, resolverRules.Count); // every primary key of the GS1 syntax dictionary
        Assert.All(resolverRules, r => Assert.Equal(EndpointAccess.Public, r.Access));
    }

    [Fact]
    public void A_catch_all_that_is_not_last_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new EndpointRule(EndpointAccess.Public, ["GET"], "/a/{**rest}/b"));
}
