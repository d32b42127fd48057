using System.Net;
using Closient.Catalog.Products;
using Closient.Contracts.Catalog;

namespace Closient.Catalog.Tests.Certifications;

/// <summary>
/// <c>ProductUpserted.Certifications</c>: the slugs of the product's active certifications and claims, on every product
/// event, and a new ProductUpserted (newer UpdatedAt) whenever a certification or claim is assigned, changed or removed.
/// </summary>
public sealed class CertificationEventsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    async Task<ProductUpserted> NextAsync(string gtin, Func<ProductUpserted, bool> match) =>
        (await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == gtin && match(e))).Message;

    static bool Has(ProductUpserted e, params string[] codes) => e.Certifications is { } c && c.SequenceEqual(codes);

    [Fact]
    public async Task Assigning_changing_and_removing_certifications_and_claims_publishes_the_active_codes()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        var created = await NextAsync(product.Gtin, _ => true);
        Assert.Empty(created.Certifications!);

        var organic = await owner.AssignAsync(product.Gtin, new { code = "USDA_ORGANIC" });
        var first = await NextAsync(product.Gtin, e => Has(e, "usda-organic"));
        Assert.True(first.UpdatedAt > created.UpdatedAt);
        Assert.Equal(product.ProductName, first.ProductName);

        var claim = await owner.PostJsonAsync(Certs.Claims(product.Gtin), new { label = "Non-GMO", code = "NON_GMO", category = "DIETARY" });
        Assert.Equal(HttpStatusCode.Created, claim.StatusCode);
        var claimId = (await claim.ReadAsync<Closient.Catalog.Certifications.ClaimOut>()).Id;
        var second = await NextAsync(product.Gtin, e => Has(e, "non-gmo", "usda-organic"));
        Assert.True(second.UpdatedAt > first.UpdatedAt);

        // Expiring the certification (PATCH of its window) drops it from the codes.
        var patch = await owner.PatchJsonAsync($"{Certs.Assignments(product.Gtin)}/{organic.Id}", new { valid_from = "2000-01-01", expiration_date = "2001-01-01" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        await NextAsync(product.Gtin, e => Has(e, "non-gmo"));

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"{Certs.Claims(product.Gtin)}/{claimId}")).StatusCode);
        await NextAsync(product.Gtin, e => e.Certifications is { Count: 0 } && e.UpdatedAt > second.UpdatedAt);

        await owner.AssignAsync(product.Gtin, new { code = "MSC" });
        await NextAsync(product.Gtin, e => Has(e, "msc"));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"{Certs.Assignments(product.Gtin)}/{organic.Id}")).StatusCode);
        var last = await NextAsync(product.Gtin, e => Has(e, "msc") && e.UpdatedAt > second.UpdatedAt);

        // The product's modified time moved with the events, so consumers keep the newest.
        var read = await (await owner.GetAsync($"{Api.Products}/{product.Gtin}")).ReadAsync<ProductOut>();
        Assert.True(read.Modified >= last.UpdatedAt);
    }

    [Fact]
    public async Task Product_writes_carry_the_current_codes_too()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        await owner.AssignAsync(product.Gtin, new { code = "RAINFOREST_ALLIANCE" });
        await owner.AssignAsync(product.Gtin, new { code = "GLUTEN_FREE_GFCO", valid_from = "2999-01-01" }); // not active yet

        var patch = await owner.PatchJsonAsync($"{Api.Products}/{product.Gtin}", new { product_name = "Renamed" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var evt = await NextAsync(product.Gtin, e => e.ProductName == "Renamed");
        Assert.Equal(["rainforest-alliance"], evt.Certifications);
    }

    [Fact]
    public async Task A_refused_assignment_publishes_nothing()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        await owner.AssignAsync(product.Gtin, new { code = "MSC" });
        await NextAsync(product.Gtin, e => Has(e, "msc"));
        var before = await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.outbox WHERE payload::text LIKE '%' || @gtin || '%'", new { gtin = product.Gtin });

        var duplicate = await owner.PostJsonAsync(Certs.Assignments(product.Gtin), new { code = "MSC" });
        var outsider = await fx.ClientFor(Guid.NewGuid().ToString()).PostJsonAsync(Certs.Assignments(product.Gtin), new { code = "USDA_ORGANIC" });

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        Assert.Equal(before, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.outbox WHERE payload::text LIKE '%' || @gtin || '%'", new { gtin = product.Gtin }));
    }
}
