using System.Net;
using System.Net.Http.Json;
using Closient.Catalog.Products;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

public sealed class UnclaimingTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly Guid org = Guid.NewGuid();
    string OrgId => ShortId.Encode(org);

    async Task<ProductOut> ClaimedAsync() =>
        await fx.ClientFor(OrgId).CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = OrgId, product_name = "Owned", brand = "Acme" });

    static HttpRequestMessage Delete(string gtin, object? body = null) =>
        new(HttpMethod.Delete, $"{Api.Products}/{gtin}") { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Manager)]
    public async Task An_owner_or_manager_unclaims_a_product_and_gets_it_back_unowned(string role)
    {
        var product = await ClaimedAsync();

        var response = await fx.ClientFor(OrgId, role).SendAsync(Delete(product.Gtin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var unclaimed = await response.ReadAsync<ProductOut>();
        Assert.False(unclaimed.IsClaimed);
        Assert.Null(unclaimed.OwnerId);
        Assert.Equal("unverified", unclaimed.ClaimVerificationStatus);
        Assert.Equal("Owned", unclaimed.ProductName); // the product itself stays in the catalog
        Assert.True(unclaimed.Modified > product.Modified);
        Assert.Null(await fx.Database.ScalarAsync<DateTimeOffset?>("SELECT claimed_at FROM catalog.products WHERE gtin = @gtin", new { gtin = product.Gtin }));
    }

    [Fact]
    public async Task Unclaiming_publishes_ProductUnclaimed_and_ProductUpserted_without_an_owner()
    {
        var product = await ClaimedAsync();

        var unclaimed = await (await fx.ClientFor(OrgId).SendAsync(Delete(product.Gtin, new { organization_id = OrgId }))).ReadAsync<ProductOut>();

        var (evt, _) = await fx.Bus.WaitForAsync<ProductUnclaimed>(e => e.Gtin == product.Gtin);
        Assert.Equal(org, evt.OrganizationId);
        Assert.Equal(unclaimed.Modified, evt.UnclaimedAt);
        await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == product.Gtin && e.OrganizationId == null && e.UpdatedAt == unclaimed.Modified);
    }

    [Fact]
    public async Task Deleting_again_returns_200_with_the_product_and_writes_nothing()
    {
        var product = await ClaimedAsync();
        var client = fx.ClientFor(OrgId);
        var first = await (await client.SendAsync(Delete(product.Gtin))).ReadAsync<ProductOut>();

        var again = await client.SendAsync(Delete(product.Gtin));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Modified, (await again.ReadAsync<ProductOut>()).Modified);
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM catalog.outbox WHERE payload->>'Gtin' = @gtin AND message_type = @type",
            new { gtin = product.Gtin, type = typeof(ProductUnclaimed).FullName }));
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Billing)]
    [InlineData("outsider")]
    [InlineData("publishable")]
    [InlineData("anonymous")]
    public async Task Everyone_else_gets_404_and_the_claim_stays(string who)
    {
        var product = await ClaimedAsync();
        var client = who switch
        {
            "outsider" => fx.ClientFor(ShortId.Encode(Guid.NewGuid())),
            "publishable" => fx.ClientAs(Caller.ForOrganization(org, Roles.Owner, ApiKeyFormat.Publishable)),
            "anonymous" => fx.AnonymousClient(),
            _ => fx.ClientFor(OrgId, who),
        };

        var response = await client.SendAsync(Delete(product.Gtin));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(org, await fx.Database.ScalarAsync<Guid>("SELECT owner_id FROM catalog.products WHERE gtin = @gtin", new { gtin = product.Gtin }));
    }

    [Fact]
    public async Task Naming_another_organization_than_the_owner_returns_404()
    {
        var product = await ClaimedAsync();
        var other = Guid.NewGuid();
        var caller = fx.ClientAs(new Caller(null, Guid.NewGuid(), ApiKeyFormat.User,
            new Dictionary<Guid, string> { [org] = Roles.Owner, [other] = Roles.Owner }, []));

        var response = await caller.SendAsync(Delete(product.Gtin, new { organization_id = ShortId.Encode(other) }));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Unknown_and_malformed_gtins_return_404_and_422()
    {
        var client = fx.ClientFor(OrgId);

        await (await client.SendAsync(Delete(TestGtins.New13()))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.SendAsync(Delete("12345"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
        await (await client.SendAsync(Delete(TestGtins.New13(), new { organization_id = "x" })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "organization_id");
    }

    [Fact]
    public async Task After_unclaiming_another_organization_may_claim_the_product()
    {
        var product = await ClaimedAsync();
        await fx.ClientFor(OrgId).SendAsync(Delete(product.Gtin));
        var next = ShortId.Encode(Guid.NewGuid());

        var claim = await fx.ClientFor(next).PostAsync($"{Api.Products}/{product.Gtin}/claim", null);

        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal(next, (await claim.ReadAsync<ClaimResponse>()).OwnerId);
        var patchByOld = await fx.ClientFor(OrgId).PatchJsonAsync($"{Api.Products}/{product.Gtin}", new { product_name = "Mine again" });
        await patchByOld.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
