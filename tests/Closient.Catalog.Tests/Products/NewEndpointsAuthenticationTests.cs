using System.Net;
using System.Net.Http.Json;
using Closient.Catalog.Tests.Import;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Products;

/// <summary>
/// The claim, report, trade-item, browse and import endpoints refuse a request without a valid internal token
/// with 401 and write nothing, the public ones (report-claim, the CSV template) included: the gateway sends its
/// anonymous token to those, so a request without any token did not come through the gateway.
/// </summary>
public sealed class NewEndpointsAuthenticationTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/products/api/v1/products/{gtin}/claim" },
        { "DELETE", "/products/api/v1/products/{gtin}" },
        { "POST", "/products/api/v1/products/{gtin}/report-claim" },
        { "GET", "/products/api/v1/trade-items" },
        { "GET", "/products/api/v1/trade-items/{gtin}" },
        { "GET", "/products/api/v1/browse/products" },
        { "GET", "/products/api/v1/browse/products/{id}" },
        { "POST", "/products/api/v1/import/csv" },
        { "GET", "/products/api/v1/import/csv/template" },
    };

    public static TheoryData<string, string, string> Cases => InvalidTokens.Cross(Endpoints);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_request_without_a_valid_token_gets_401_and_changes_nothing(string method, string path, string token)
    {
        var org = Guid.NewGuid();
        var product = await fx.ClientFor(org.ToString()).CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = ShortId.Encode(org) });
        var newGtin = TestGtins.To14(TestGtins.New13());
        using var client = fx.Factory.CreateClient();
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{gtin}", product.Gtin).Replace("{id}", product.Id));
        if (path.EndsWith("report-claim"))
            request.Content = JsonContent.Create(new { reporter_email = "a@b.example", reporter_relationship = "other", reason = "This claim looks wrong." }, options: Api.Json);
        if (path.EndsWith("import/csv")) request.Content = ImportApi.Form($"gtin\n{newGtin}\n", ShortId.Encode(org));
        if (InvalidTokens.Make(token, fx.Tokens, Caller.ForOrganization(org, Roles.Owner)) is { } t) request.Headers.Add(InternalToken.Header, t);

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(org, await fx.Database.ScalarAsync<Guid>("SELECT owner_id FROM catalog.products WHERE gtin = @gtin", new { gtin = product.Gtin }));
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.claim_reports WHERE product_id = (SELECT id FROM catalog.products WHERE gtin = @gtin)", new { gtin = product.Gtin }));
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.products WHERE gtin = @newGtin", new { newGtin }));
    }
}
