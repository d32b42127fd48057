using System.Net;
using Closient.Catalog.ClaimVerification;
using Closient.Catalog.Products;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.ClaimVerification;

/// <summary>Registering GS1 Company Prefixes, and the background verifier upgrading claims under them (hosted loop on).</summary>
public sealed class Gs1PrefixesTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = TestData.NewOrganizationId();

    internal static string Prefixes(string org) => $"/products/api/v1/organizations/{org}/gs1-prefixes";

    /// <summary>A fresh 9-digit prefix in an assignable range (starts with 3, 6 or 7).</summary>
    internal static string NewPrefix() => "7" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A GTIN-13 under <paramref name="prefix"/> (with its check digit).</summary>
    internal static string GtinUnder(string prefix)
    {
        // The item reference from a counter, not at random: two GTINs under one 9-digit prefix (3 digits left) drawn at
        // random collided once in a thousand runs.
        var reference = (Interlocked.Increment(ref _references) % 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture)
            .PadLeft(12 - prefix.Length, '0');
        return WithCheck(prefix + reference[^(12 - prefix.Length)..]);
    }

    static int _references;

    static string WithCheck(string twelve)
    {
        var sum = 0;
        for (var i = 0; i < twelve.Length; i++) sum += (twelve[twelve.Length - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        return twelve + (char)('0' + (10 - sum % 10) % 10);
    }

    async Task<ProductOut> ClaimAsync(string organization, string gtin) =>
        await fx.ClientFor(organization).CreateProductAsync(new { gtin, organization_id = organization, product_name = "Item " + gtin });

    Task<string> StatusAsync(string gtin) =>
        fx.Database.ScalarAsync<string>("SELECT claim_verification_status FROM catalog.products WHERE gtin = @gtin", new { gtin = TestGtins.To14(gtin) });

    [Fact]
    public async Task Registering_a_prefix_verifies_the_organizations_claims_under_it_in_the_background()
    {
        var prefix = NewPrefix();
        var under = await ClaimAsync(org, GtinUnder(prefix));
        var outside = await ClaimAsync(org, GtinUnder(NewPrefix()));
        var other = TestData.NewOrganizationId();
        var othersUnder = await ClaimAsync(other, GtinUnder(prefix));
        Assert.Equal("unverified", under.ClaimVerificationStatus);

        var response = await fx.ClientFor(org).PostJsonAsync(Prefixes(org), new { prefix = " " + prefix + " " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<Gs1PrefixOut>();
        Assert.Equal(prefix, created.Prefix);
        Assert.Equal(org, created.OrganizationId);
        Assert.Equal($"{Prefixes(org)}/{prefix}", response.Headers.Location?.ToString());
        await Eventually.TrueAsync(async () => await StatusAsync(under.Gtin) == "verified", TimeSpan.FromSeconds(15), "the claim under the prefix is verified");
        Assert.Equal((ClaimVerifier.Method, prefix), Assert.Single(await fx.Database.QueryAsync<(string, string)>(
            "SELECT claim_verification_method, claim_verification_detail FROM catalog.products WHERE gtin = @gtin", new { gtin = under.Gtin })));
        var read = await (await fx.ClientFor(org).GetAsync($"{Api.Products}/{under.Gtin}")).ReadAsync<ProductOut>();
        Assert.Equal("verified", read.ClaimVerificationStatus);
        var (evt, _) = await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == under.Gtin && e.UpdatedAt == read.Modified);
        Assert.True(ShortId.TryParse(org, out var orgId));
        Assert.Equal(orgId, evt.OrganizationId);
        Assert.Equal("unverified", await StatusAsync(outside.Gtin));
        Assert.Equal("unverified", await StatusAsync(othersUnder.Gtin)); // another organization's claim is not verified by this prefix
    }

    [Fact]
    public async Task A_claim_made_after_the_prefix_was_registered_is_verified_too()
    {
        var prefix = NewPrefix();
        Assert.Equal(HttpStatusCode.Created, (await fx.ClientFor(org).PostJsonAsync(Prefixes(org), new { prefix })).StatusCode);
        var product = await ClaimAsync(org, GtinUnder(prefix));
        // The claim wakes no one: the next interval (1 min) would find it; a registration elsewhere wakes the verifier at once.
        var other = TestData.NewOrganizationId();
        await fx.ClientFor(other).PostJsonAsync(Prefixes(other), new { prefix = NewPrefix() });
        await Eventually.TrueAsync(async () => await StatusAsync(product.Gtin) == "verified", TimeSpan.FromSeconds(15), "verified on the next pass");
    }

    [Fact]
    public async Task The_list_and_delete_are_the_organizations_own()
    {
        var prefix = NewPrefix();
        var owner = fx.ClientFor(org);
        Assert.Equal(HttpStatusCode.Created, (await fx.ClientFor(org, Roles.Manager).PostJsonAsync(Prefixes(org), new { prefix })).StatusCode);

        var list = await (await fx.ClientFor(org, Roles.Viewer).GetAsync(Prefixes(org))).ReadAsync<List<Gs1PrefixOut>>();
        Assert.Equal([prefix], list.Select(p => p.Prefix));
        await (await fx.ClientFor(TestData.NewOrganizationId()).GetAsync(Prefixes(org))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await fx.ClientFor(org, Roles.Editor).DeleteAsync($"{Prefixes(org)}/{prefix}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var other = TestData.NewOrganizationId();
        await (await fx.ClientFor(other).DeleteAsync($"{Prefixes(other)}/{prefix}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"{Prefixes(org)}/{prefix}")).StatusCode);
        Assert.Empty(await (await owner.GetAsync(Prefixes(org))).ReadAsync<List<Gs1PrefixOut>>());
        await (await owner.DeleteAsync($"{Prefixes(org)}/{prefix}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("1234567890123")]
    [InlineData("12a4567")]
    [InlineData("0212345")]   // restricted circulation
    [InlineData("2001234")]   // restricted circulation
    [InlineData("0512345")]   // coupons
    [InlineData("9912345")]   // coupons
    [InlineData("00001234")]  // GTIN-8 padding
    public async Task Bad_prefixes_are_422(string? prefix)
    {
        var response = await fx.ClientFor(org).PostJsonAsync(Prefixes(org), new { prefix });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "prefix");
    }

    [Fact]
    public async Task Duplicates_and_overlaps_are_409_and_only_owners_and_managers_register()
    {
        var prefix = NewPrefix();
        Assert.Equal(HttpStatusCode.Created, (await fx.ClientFor(org).PostJsonAsync(Prefixes(org), new { prefix })).StatusCode);
        var other = TestData.NewOrganizationId();

        await (await fx.ClientFor(org).PostJsonAsync(Prefixes(org), new { prefix })).AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await (await fx.ClientFor(other).PostJsonAsync(Prefixes(other), new { prefix })).AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await (await fx.ClientFor(other).PostJsonAsync(Prefixes(other), new { prefix = prefix + "12" })).AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await (await fx.ClientFor(other).PostJsonAsync(Prefixes(other), new { prefix = prefix[..6] })).AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await (await fx.ClientFor(org, Roles.Editor).PostJsonAsync(Prefixes(org), new { prefix = NewPrefix() })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await fx.ClientFor(other).PostJsonAsync(Prefixes(org), new { prefix = NewPrefix() })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        // The organization check comes before validation.
        await (await fx.ClientFor(org, Roles.Viewer).PostJsonAsync(Prefixes(org), new { prefix = "x" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
