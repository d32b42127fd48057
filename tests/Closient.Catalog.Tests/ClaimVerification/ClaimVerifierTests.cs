using System.Net;
using System.Reflection;
using Closient.Catalog.ClaimVerification;
using Closient.Catalog.Tests.Certifications;
using Closient.Contracts.Catalog;
using Closient.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Closient.Catalog.Tests.ClaimVerification;

/// <summary>The catalog with the verifier's loop off (batches of 2) and a second host whose clock is a <see cref="FakeClock"/>.</summary>
public sealed class ManualVerifierFixture : ServiceFixture<CatalogMarker>
{
    protected override (string, Assembly)[] Schemas => [("catalog", typeof(CatalogMarker).Assembly)];

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [ClaimVerificationOptions.Section + ":Enabled"] = "false",
        [ClaimVerificationOptions.Section + ":BatchSize"] = "2",
    };

    public FakeClock Clock { get; } = new(new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero));

    WebApplicationFactory<CatalogMarker> clocked = null!;

    public ClaimVerifier Verifier => clocked.Services.GetRequiredService<ClaimVerifier>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        clocked = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
        }));
    }

    public override async Task DisposeAsync()
    {
        if (clocked is not null) await clocked.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class ClaimVerifierTests(ManualVerifierFixture fx) : IClassFixture<ManualVerifierFixture>
{
    [Fact]
    public async Task Each_pass_verifies_one_small_batch_at_the_clocks_time_and_publishes_the_products()
    {
        var org = TestData.NewOrganizationId();
        var prefix = Gs1PrefixesTests.NewPrefix();
        var owner = fx.ClientFor(org);
        var gtins = new List<string>();
        for (var i = 0; i < 3; i++)
            gtins.Add((await owner.CreateProductAsync(new { gtin = Gs1PrefixesTests.GtinUnder(prefix), organization_id = org })).Gtin);
        Assert.Equal(0, await fx.Verifier.VerifyBatchAsync(default)); // no prefix yet
        Assert.Equal(System.Net.HttpStatusCode.Created, (await owner.PostJsonAsync(Gs1PrefixesTests.Prefixes(org), new { prefix })).StatusCode);

        Assert.Equal(2, await fx.Verifier.VerifyBatchAsync(default));
        Assert.Equal(1, await fx.Verifier.VerifyBatchAsync(default));
        Assert.Equal(0, await fx.Verifier.VerifyBatchAsync(default));

        var verifiedAt = await fx.Database.QueryAsync<DateTimeOffset>(
            "SELECT claim_verified_at FROM catalog.products WHERE gtin = ANY(@gtins) AND claim_verification_status = 'verified'", new { gtins = gtins.ToArray() });
        Assert.Equal(3, verifiedAt.Count);
        Assert.All(verifiedAt, at => Assert.Equal(fx.Clock.Now, at));
        foreach (var gtin in gtins)
        {
            var (evt, _) = await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == gtin && e.UpdatedAt >= fx.Clock.Now);
            Assert.NotNull(evt.Certifications);
        }
    }

    [Fact]
    public async Task A_removed_prefix_no_longer_verifies_new_claims_and_verified_ones_stay_verified()
    {
        var org = TestData.NewOrganizationId();
        var prefix = Gs1PrefixesTests.NewPrefix();
        var owner = fx.ClientFor(org);
        var first = await owner.CreateProductAsync(new { gtin = Gs1PrefixesTests.GtinUnder(prefix), organization_id = org });
        Assert.Equal(HttpStatusCode.Created, (await owner.PostJsonAsync(Gs1PrefixesTests.Prefixes(org), new { prefix })).StatusCode);
        while (await fx.Verifier.VerifyBatchAsync(default) > 0) { }

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"{Gs1PrefixesTests.Prefixes(org)}/{prefix}")).StatusCode);
        var second = await owner.CreateProductAsync(new { gtin = Gs1PrefixesTests.GtinUnder(prefix), organization_id = org });
        while (await fx.Verifier.VerifyBatchAsync(default) > 0) { }

        Assert.Equal("verified", await fx.Database.ScalarAsync<string>("SELECT claim_verification_status FROM catalog.products WHERE gtin = @g", new { g = first.Gtin }));
        Assert.Equal("unverified", await fx.Database.ScalarAsync<string>("SELECT claim_verification_status FROM catalog.products WHERE gtin = @g", new { g = second.Gtin }));
    }
}
