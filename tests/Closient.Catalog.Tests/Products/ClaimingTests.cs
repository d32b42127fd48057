using System.Net;
using Closient.Catalog.Products;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

public sealed class ClaimingTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly Guid org = Guid.NewGuid();
    string OrgId => ShortId.Encode(org);

    async Task<ProductOut> UnclaimedAsync() =>
        await fx.ClientFor(ShortId.Encode(Guid.NewGuid())).CreateProductAsync(new { gtin = TestGtins.New13(), product_name = "Crowd soda" });

    static string Claim(string gtin) => $"{Api.Products}/{gtin}/claim";

    [Fact]
    public async Task Claiming_an_unclaimed_product_makes_the_organization_its_owner()
    {
        var product = await UnclaimedAsync();
        var client = fx.ClientFor(OrgId);

        var response = await client.PostJsonAsync(Claim(product.Gtin), new { organization_id = OrgId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claim = await response.ReadAsync<ClaimResponse>();
        Assert.Equal(product.Gtin, claim.Gtin);
        Assert.Equal(OrgId, claim.OwnerId);
        Assert.Equal("unverified", claim.ClaimVerificationStatus);
        Assert.False(string.IsNullOrWhiteSpace(claim.Message));
        var read = await (await client.GetAsync($"{Api.Products}/{product.Gtin}")).ReadAsync<ProductOut>();
        Assert.True(read.IsClaimed);
        Assert.Equal(OrgId, read.OwnerId);
        Assert.True(read.Modified > product.Modified);
        Assert.Equal(read.Modified, claim.ClaimedAt);
    }

    [Fact]
    public async Task A_claim_without_a_body_or_organization_uses_the_callers_only_organization()
    {
        var product = await UnclaimedAsync();

        var withoutBody = await fx.ClientFor(OrgId).PostAsync(Claim(product.Gtin), null);

        Assert.Equal(HttpStatusCode.OK, withoutBody.StatusCode);
        Assert.Equal(OrgId, (await withoutBody.ReadAsync<ClaimResponse>()).OwnerId);
        var other = await UnclaimedAsync();
        var emptyObject = await fx.ClientFor(OrgId).PostJsonAsync(Claim(other.Gtin), new { });
        Assert.Equal(HttpStatusCode.OK, emptyObject.StatusCode);
    }

    [Fact]
    public async Task A_caller_who_manages_products_in_two_organizations_must_name_one()
    {
        var product = await UnclaimedAsync();
        var second = Guid.NewGuid();
        var caller = fx.ClientAs(new Caller(null, Guid.NewGuid(), ApiKeyFormat.User,
            new Dictionary<Guid, string> { [org] = Roles.Owner, [second] = Roles.Editor }, []));

        var ambiguous = await caller.PostAsync(Claim(product.Gtin), null);
        var named = await caller.PostJsonAsync(Claim(product.Gtin), new { organization_id = ShortId.Encode(second) });

        await ambiguous.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "organization_id");
        Assert.Equal(ShortId.Encode(second), (await named.ReadAsync<ClaimResponse>()).OwnerId);
    }

    [Fact]
    public async Task A_viewer_elsewhere_does_not_count_when_choosing_the_default_organization()
    {
        var product = await UnclaimedAsync();
        var caller = fx.ClientAs(new Caller(null, Guid.NewGuid(), ApiKeyFormat.User,
            new Dictionary<Guid, string> { [org] = Roles.Manager, [Guid.NewGuid()] = Roles.Viewer }, []));

        var response = await caller.PostAsync(Claim(product.Gtin), null);

        Assert.Equal(OrgId, (await response.ReadAsync<ClaimResponse>()).OwnerId);
    }

    [Fact]
    public async Task Claiming_again_for_the_same_organization_is_idempotent()
    {
        var product = await UnclaimedAsync();
        var client = fx.ClientFor(OrgId);
        var first = await (await client.PostJsonAsync(Claim(product.Gtin), new { organization_id = OrgId })).ReadAsync<ClaimResponse>();

        var again = await client.PostJsonAsync(Claim(product.Gtin), new { organization_id = OrgId });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await again.ReadAsync<ClaimResponse>();
        Assert.Equal(first.ClaimedAt, second.ClaimedAt);
        Assert.Equal(first.OwnerId, second.OwnerId);
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM catalog.outbox WHERE payload->>'Gtin' = @gtin AND message_type = @type",
            new { gtin = product.Gtin, type = typeof(ProductClaimed).FullName }));
    }

    [Fact]
    public async Task A_product_created_for_an_organization_is_already_claimed_by_it()
    {
        var client = fx.ClientFor(OrgId);
        var product = await client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = OrgId });

        var claim = await (await client.PostAsync(Claim(product.Gtin), null)).ReadAsync<ClaimResponse>();

        Assert.Equal(product.Created, claim.ClaimedAt);
    }

    [Fact]
    public async Task Claiming_a_product_another_organization_holds_returns_409_and_changes_nothing()
    {
        var product = await UnclaimedAsync();
        await fx.ClientFor(OrgId).PostAsync(Claim(product.Gtin), null);
        var rival = ShortId.Encode(Guid.NewGuid());

        var response = await fx.ClientFor(rival).PostJsonAsync(Claim(product.Gtin), new { organization_id = rival });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        var read = await (await fx.ClientFor(rival).GetAsync($"{Api.Products}/{product.Gtin}")).ReadAsync<ProductOut>();
        Assert.Equal(OrgId, read.OwnerId);
    }

    [Fact]
    public async Task Two_organizations_claiming_at_once_get_one_200_and_one_409()
    {
        for (var round = 0; round < 5; round++)
        {
            var product = await UnclaimedAsync();
            var (a, b) = (ShortId.Encode(Guid.NewGuid()), ShortId.Encode(Guid.NewGuid()));

            var responses = await Task.WhenAll(
                fx.ClientFor(a).PostJsonAsync(Claim(product.Gtin), new { organization_id = a }),
                fx.ClientFor(b).PostJsonAsync(Claim(product.Gtin), new { organization_id = b }));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var winner = (await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadAsync<ClaimResponse>()).OwnerId;
            var owner = await fx.Database.ScalarAsync<Guid>("SELECT owner_id FROM catalog.products WHERE gtin = @gtin", new { gtin = product.Gtin });
            Assert.Equal(winner, ShortId.Encode(owner));
            Assert.Equal(1L, await fx.Database.ScalarAsync<long>(
                "SELECT count(*) FROM catalog.outbox WHERE payload->>'Gtin' = @gtin AND message_type = @type",
                new { gtin = product.Gtin, type = typeof(ProductClaimed).FullName }));
        }
    }

    [Fact]
    public async Task Claiming_an_unknown_gtin_returns_404_and_a_malformed_one_422()
    {
        var client = fx.ClientFor(OrgId);

        var unknown = await client.PostAsync(Claim(TestGtins.New13()), null);
        var malformed = await client.PostAsync(Claim(TestGtins.WithWrongCheckDigit(TestGtins.New13())), null);

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await malformed.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Billing)]
    [InlineData("outsider")]
    [InlineData("publishable")]
    [InlineData("anonymous")]
    public async Task Callers_without_ManageProducts_in_the_organization_get_404_and_nothing_changes(string who)
    {
        var product = await UnclaimedAsync();
        var client = who switch
        {
            "outsider" => fx.ClientFor(ShortId.Encode(Guid.NewGuid())),
            "publishable" => fx.ClientAs(Caller.ForOrganization(org, Roles.Owner, ApiKeyFormat.Publishable)),
            "anonymous" => fx.AnonymousClient(),
            _ => fx.ClientFor(OrgId, who),
        };

        var response = await client.PostJsonAsync(Claim(product.Gtin), new { organization_id = OrgId });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.False(await fx.Database.ScalarAsync<bool>("SELECT is_claimed FROM catalog.products WHERE gtin = @gtin", new { gtin = product.Gtin }));
    }

    [Fact]
    public async Task An_outsider_gets_404_before_the_gtin_is_validated()
    {
        var response = await fx.ClientFor(ShortId.Encode(Guid.NewGuid())).PostJsonAsync(Claim("not-a-gtin"), new { organization_id = OrgId });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_malformed_organization_id_returns_422()
    {
        var product = await UnclaimedAsync();

        var response = await fx.ClientFor(OrgId).PostJsonAsync(Claim(product.Gtin), new { organization_id = "nope" });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "organization_id");
    }

    [Fact]
    public async Task A_claim_publishes_ProductClaimed_and_ProductUpserted_with_the_owner()
    {
        var product = await UnclaimedAsync();

        var claim = await (await fx.ClientFor(OrgId).PostAsync(Claim(product.Gtin), null)).ReadAsync<ClaimResponse>();

        var (claimed, _) = await fx.Bus.WaitForAsync<ProductClaimed>(e => e.Gtin == product.Gtin);
        Assert.True(ShortId.TryParse(product.Id, out var productId));
        Assert.Equal(new ProductClaimed(productId, product.Gtin, org, claim.ClaimedAt, "unverified"), claimed);
        var (upserted, _) = await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == product.Gtin && e.OrganizationId == org);
        Assert.Equal(claim.ClaimedAt, upserted.UpdatedAt);
    }

    [Fact]
    public async Task After_claiming_the_new_owner_may_patch_the_product()
    {
        var product = await UnclaimedAsync();
        var client = fx.ClientFor(OrgId, Roles.Editor);
        await client.PostAsync(Claim(product.Gtin), null);

        var patched = await client.PatchJsonAsync($"{Api.Products}/{product.Gtin}", new { product_name = "Owned soda" });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("Owned soda", (await patched.ReadAsync<ProductOut>()).ProductName);
    }
}
