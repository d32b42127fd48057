using System.Net;
using Closient.Catalog.Certifications;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Closient.Catalog.Tests.Certifications;

/// <summary>is_active = today in [valid_from, expiration_date] with open null ends, "today" from the service's TimeProvider.</summary>
public sealed class ActiveWindowTests(ClockedCatalogFixture fx) : IClassFixture<ClockedCatalogFixture>
{
    // The fake clock says 2026-06-15 (23:30 UTC: the date is the UTC date).
    [Theory]
    [InlineData(null, null, true)]
    [InlineData("2026-06-15", null, true)]
    [InlineData("2026-06-16", null, false)]
    [InlineData(null, "2026-06-15", true)]
    [InlineData(null, "2026-06-14", false)]
    [InlineData("2026-06-15", "2026-06-15", true)]
    [InlineData("2026-01-01", "2026-12-31", true)]
    [InlineData("2025-01-01", "2025-12-31", false)]
    [InlineData("2027-01-01", "2027-12-31", false)]
    public async Task Is_active_follows_the_validity_window(string? validFrom, string? expirationDate, bool active)
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx.ClockedClientFor);

        var assignment = await owner.AssignAsync(product.Gtin, new { code = "USDA_ORGANIC", valid_from = validFrom, expiration_date = expirationDate });

        Assert.Equal(active, assignment.IsActive);
        var listed = await (await owner.GetAsync($"{Certs.Assignments(product.Gtin)}?is_active={active}")).ReadAsync<List<CertificationAssignmentOut>>();
        var opposite = await (await owner.GetAsync($"{Certs.Assignments(product.Gtin)}?is_active={!active}")).ReadAsync<List<CertificationAssignmentOut>>();
        Assert.Equal([assignment.Id], listed.Select(a => a.Id));
        Assert.Empty(opposite);
    }

    [Fact]
    public async Task Is_active_is_computed_per_request_so_it_changes_when_the_day_does()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx.ClockedClientFor);
        var today = fx.Clock.Today;
        await owner.AssignAsync(product.Gtin, new { code = "USDA_ORGANIC", valid_from = today.AddDays(1).ToString("yyyy-MM-dd") });

        var before = await (await owner.GetAsync(Certs.Assignments(product.Gtin))).ReadAsync<List<CertificationAssignmentOut>>();
        fx.Clock.Now = fx.Clock.Now.AddDays(1);
        try
        {
            var after = await (await owner.GetAsync(Certs.Assignments(product.Gtin))).ReadAsync<List<CertificationAssignmentOut>>();
            Assert.False(before.Single().IsActive);
            Assert.True(after.Single().IsActive);
        }
        finally
        {
            fx.Clock.Now = fx.Clock.Now.AddDays(-1);
        }
    }

    [Fact]
    public async Task The_count_of_active_certifications_uses_the_same_window()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx.ClockedClientFor);
        await owner.AssignAsync(product.Gtin, new { code = "USDA_ORGANIC" });
        await owner.AssignAsync(product.Gtin, new { code = "FAIR_TRADE_USA", expiration_date = "2026-06-14" });
        await owner.AssignAsync(product.Gtin, new { code = "NON_GMO_PROJECT", valid_from = "2026-06-01", expiration_date = "2026-06-30" });
        ShortId.TryParse(product.Id, out var productId);

        await using var conn = await fx.Factory.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var count = await CertificationQueries.CountActiveCertificationsAsync(conn, productId, fx.Clock.Today, CancellationToken.None);
        var later = await CertificationQueries.CountActiveCertificationsAsync(conn, productId, new DateOnly(2026, 7, 1), CancellationToken.None);
        var held = await (await owner.GetAsync(Certs.Product(product.Gtin))).ReadAsync<ProductCertificationsOut>();

        Assert.Equal(2, count);
        Assert.Equal(1, later);
        Assert.Equal(2, held.ActiveCertificationCount);
    }

    [Fact]
    public async Task Filters_combine_and_ordering_sorts_by_expiry_with_open_ends_last()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx.ClockedClientFor);
        await owner.AssignAsync(product.Gtin, new { code = "USDA_ORGANIC", expiration_date = "2030-01-01", verification_status = "verified" });
        await owner.AssignAsync(product.Gtin, new { code = "FAIR_TRADE_USA", expiration_date = "2027-01-01" });
        await owner.AssignAsync(product.Gtin, new { code = "NON_GMO_PROJECT", verification_status = "verified" });
        await owner.AssignAsync(product.Gtin, new { code = "MSC", expiration_date = "2020-01-01", verification_status = "expired" });

        async Task<string[]> Codes(string query) =>
            (await (await owner.GetAsync($"{Certs.Assignments(product.Gtin)}?{query}")).ReadAsync<List<CertificationAssignmentOut>>()).Select(a => a.Code).ToArray();

        Assert.Equal(["MSC", "FAIR_TRADE_USA", "USDA_ORGANIC", "NON_GMO_PROJECT"], await Codes("ordering=expiry_date"));
        Assert.Equal(["USDA_ORGANIC", "FAIR_TRADE_USA", "MSC", "NON_GMO_PROJECT"], await Codes("ordering=-expiry_date"));
        Assert.Equal(["FAIR_TRADE_USA", "MSC", "NON_GMO_PROJECT", "USDA_ORGANIC"], await Codes("ordering=label"));
        Assert.Equal(["USDA_ORGANIC", "NON_GMO_PROJECT", "MSC", "FAIR_TRADE_USA"], await Codes("ordering=-label"));
        Assert.Equal(["NON_GMO_PROJECT", "USDA_ORGANIC"], await Codes("verification_status=verified"));
        Assert.Equal(["USDA_ORGANIC", "NON_GMO_PROJECT"], await Codes("verification_status=verified&is_active=true&ordering=expiry_date"));
        Assert.Equal(["MSC"], await Codes("is_active=false"));
    }

    [Theory]
    [InlineData("ordering=created", HttpStatusCode.BadRequest, "BAD_REQUEST", null)]
    [InlineData("ordering=", HttpStatusCode.BadRequest, "BAD_REQUEST", null)]
    [InlineData("is_active=maybe", HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "is_active")]
    [InlineData("verification_status=pending", HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "verification_status")]
    public async Task Bad_filters_are_refused(string query, HttpStatusCode status, string code, string? field)
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx.ClockedClientFor);

        var bare = await owner.GetAsync($"{Certs.Assignments(product.Gtin)}?{query}");
        var paged = await owner.GetAsync($"{Certs.ProductsAppCertifications(product.Gtin)}?{query}");

        await bare.AssertProblemAsync(status, code, field);
        await paged.AssertProblemAsync(status, code, field);
    }
}
