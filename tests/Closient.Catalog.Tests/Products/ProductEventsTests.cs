using System.Net;
using Closient.Catalog.Products;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Products;

public sealed class ProductEventsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    // xUnit builds the class per test: each test acts for a fresh organization through its owner's csb key.
    readonly string org = ShortId.Encode(Guid.NewGuid());
    HttpClient? ownerClient;
    HttpClient client => ownerClient ??= fx.ClientFor(org);

    [Fact]
    public async Task Creating_a_product_publishes_ProductUpserted_and_marks_the_outbox_row_sent()
    {
        var org = Guid.NewGuid();
        var product = await fx.ClientFor(org.ToString()).CreateProductAsync(new
        {
            gtin = TestGtins.New13(), organization_id = ShortId.Encode(org),
            product_name = "Green Tea", brand = "Leaf", description = "Sencha.",
        });

        var (evt, messageId) = await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == product.Gtin);

        Assert.True(ShortId.TryParse(product.Id, out var productId));
        Assert.Equal(new ProductUpserted(productId, product.Gtin, "Green Tea", "Leaf", "Sencha.", org, product.Modified), evt with { Certifications = null, ContainsAllergens = null, AllergensDeclared = null, Substances = null });
        Assert.False(evt.AllergensDeclared);
        Assert.Empty(evt.ContainsAllergens!);
        Assert.Empty(evt.Substances!);
        Assert.NotNull(evt.Certifications);
        Assert.Empty(evt.Certifications);
        await Eventually.TrueAsync(
            () => fx.Database.ScalarAsync<bool>("SELECT sent_at IS NOT NULL FROM catalog.outbox WHERE id = @messageId", new { messageId }),
            TimeSpan.FromSeconds(10), "the outbox row is marked sent");
        Assert.Equal(typeof(ProductUpserted).FullName,
            await fx.Database.ScalarAsync<string>("SELECT message_type FROM catalog.outbox WHERE id = @messageId", new { messageId }));
    }

    [Fact]
    public async Task An_unclaimed_product_is_published_without_an_organization()
    {
        var product = await client.CreateProductAsync(new { gtin = TestGtins.New13() });

        var (evt, _) = await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == product.Gtin);

        Assert.Null(evt.OrganizationId);
    }

    [Fact]
    public async Task Patching_a_product_publishes_a_newer_ProductUpserted_with_the_new_fields()
    {
        var product = await client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, product_name = "Before" });
        await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == product.Gtin);

        var response = await client.PatchJsonAsync($"{Api.Products}/{product.Gtin}", new { product_name = "After", description = "Now described." });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await response.ReadAsync<ProductOut>();

        var (evt, _) = await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == product.Gtin && e.ProductName == "After");
        Assert.Equal("Now described.", evt.Description);
        Assert.Equal(patched.Modified, evt.UpdatedAt);
        Assert.True(evt.UpdatedAt > product.Modified);
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_publishes_nothing()
    {
        var product = await client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, product_name = "Steady" });

        await client.PatchJsonAsync($"{Api.Products}/{product.Gtin}", new { product_name = "Steady", metadata = new { } });

        Assert.Equal(1L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM catalog.outbox WHERE payload->>'Gtin' = @gtin AND message_type = 'Closient.Contracts.Catalog.ProductUpserted'", new { gtin = product.Gtin }));
    }
}
