using System.Net;
using Closient.Catalog.Certifications;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Certifications;

/// <summary>Paths and set-up shared by the certification tests.</summary>
static class Certs
{
    public const string Definitions = "/certifications/api/v1/certifications";
    public const string Bodies = "/certifications/api/v1/certification-bodies";
    public const string UsdaOrganicId = "01936b2e-0001-7000-8000-000000000001";
    public const string FairTradeId = "01936b2e-0001-7000-8000-000000000002";

    public static string Product(string gtin) => $"/certifications/api/v1/products/{gtin}";
    public static string Assignments(string gtin) => $"{Product(gtin)}/certifications";
    public static string Claims(string gtin) => $"{Product(gtin)}/claims";
    public static string ProductsAppCertifications(string gtin) => $"{Api.Products}/{gtin}/certifications";
    public static string ProductsAppClaims(string gtin) => $"{Api.Products}/{gtin}/claims";

    /// <summary>A fresh organization with an owner client and a product it has claimed.</summary>
    public static async Task<(string Org, HttpClient Owner, ProductOut Product)> ClaimedProductAsync(CatalogFixture fx) =>
        await ClaimedProductAsync(fx.ClientFor);

    public static async Task<(string Org, HttpClient Owner, ProductOut Product)> ClaimedProductAsync(Func<string, string, HttpClient> clientFor)
    {
        var org = ShortId.Encode(Guid.CreateVersion7());
        var owner = clientFor(org, "owner");
        var product = await owner.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, product_name = "Oat Drink" });
        return (org, owner, product);
    }

    public static async Task<CertificationAssignmentOut> AssignAsync(this HttpClient client, string gtin, object body)
    {
        var response = await client.PostJsonAsync(Assignments(gtin), body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<CertificationAssignmentOut>();
    }

    public static async Task<CertificationOut> CreateDefinitionAsync(this HttpClient client, object body)
    {
        var response = await client.PostJsonAsync(Definitions, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<CertificationOut>();
    }

    public static string NewCode(string prefix = "ORG") => $"{prefix}_{Guid.NewGuid():N}"[..30].ToUpperInvariant();
}
