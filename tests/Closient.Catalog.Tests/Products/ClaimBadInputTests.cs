using System.Net;
using System.Text;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

/// <summary>Hostile bodies on the claim, unclaim and report endpoints: a 4xx problem, never a 5xx, and nothing written.</summary>
public sealed class ClaimBadInputTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = ShortId.Encode(Guid.NewGuid());

    public static TheoryData<string, string, string?> Bodies => new()
    {
        { "POST", "claim", "{\"organization_id\": " },
        { "POST", "claim", "[]" },
        { "POST", "claim", "{\"organization_id\": 12345}" },
        { "POST", "claim", "{\"zz_not_a_field\": 1}" },
        { "DELETE", "", "{\"organization_id\": " },
        { "DELETE", "", "{\"zz_not_a_field\": 1}" },
        { "POST", "report-claim", null },
        { "POST", "report-claim", "{\"reporter_email\": " },
        { "POST", "report-claim", "{\"reporter_email\": 1, \"reason\": true}" },
        { "POST", "report-claim", "{\"zz_not_a_field\": 1}" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_bad_body_gets_a_4xx_problem_and_changes_nothing(string method, string action, string? body)
    {
        var product = await fx.ClientFor(org).CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org });
        var path = action.Length == 0 ? $"{Api.Products}/{product.Gtin}" : $"{Api.Products}/{product.Gtin}/{action}";
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var client = action == "report-claim" ? fx.AnonymousClient() : fx.ClientFor(ShortId.Encode(Guid.NewGuid()));

        var response = await client.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var read = await (await fx.ClientFor(org).GetAsync($"{Api.Products}/{product.Gtin}")).ReadAsync<ProductOut>();
        Assert.Equal((org, product.Modified), (read.OwnerId, read.Modified));
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM catalog.claim_reports r JOIN catalog.products p ON p.id = r.product_id WHERE p.gtin = @gtin", new { gtin = product.Gtin }));
    }
}
