using System.Net;
using Closient.Catalog.Dashboard;
using Closient.Catalog.Products;
using Closient.Catalog.Tests.Images;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using static Closient.Catalog.Tests.Brands.BrandsTestApi;

namespace Closient.Catalog.Tests.Dashboard;

public sealed class CompletenessTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = TestData.NewOrganizationId();
    HttpClient Owner => fx.ClientFor(org);

    static readonly string LongDescription = new('d', Completeness.FullDescriptionLength);

    async Task<CompletenessOut> CompletenessOfAsync(string gtin, HttpClient? client = null)
    {
        var response = await (client ?? Owner).GetAsync(CompletenessPath(org, gtin));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<CompletenessOut>();
    }

    static Guid Id(string shortId) => ShortId.TryParse(shortId, out var id) ? id : throw new ArgumentException(shortId);

    [Fact]
    public async Task The_fields_are_the_nine_of_the_spec_and_their_weights_sum_to_one()
    {
        var product = await Owner.CreateOwnedProductAsync(org, "");

        var completeness = await CompletenessOfAsync(product.Gtin);

        Assert.Equal(["brand", "category", "certifications", "country", "description", "images", "name", "nutrition", "offers"],
            completeness.Fields.Keys.Order());
        Assert.Equal(1m, completeness.Fields.Values.Sum(f => f.Weight));
        Assert.All(completeness.Fields.Values, f => Assert.Equal(0m, f.Score));
        Assert.Equal(0, completeness.Percentage);
    }

    [Fact]
    public async Task Each_field_scores_what_the_product_has_and_the_percentage_is_the_rounded_weighted_sum()
    {
        await Owner.CreateBrandAsync(org, "Registered Brand");
        var product = await Owner.CreateOwnedProductAsync(org, "Tea", "registered brand", LongDescription, "JP");
        await Owner.UploadImageAsync(org, product.Gtin, primary: true);

        var completeness = await CompletenessOfAsync(product.Gtin, fx.ClientFor(org, Roles.Viewer));

        var scores = completeness.Fields.ToDictionary(f => f.Key, f => f.Value.Score);
        Assert.Equal(1m, scores["name"]);
        Assert.Equal(1m, scores["description"]);
        Assert.Equal(1m, scores["brand"]);
        Assert.Equal(1m, scores["images"]);
        Assert.Equal(1m, scores["country"]);
        Assert.Equal(0m, scores["offers"]);
        Assert.Equal(0m, scores["category"] + scores["nutrition"] + scores["certifications"]);
        var expected = (int)Math.Round(completeness.Fields.Values.Sum(f => f.Score * f.Weight * 100m), MidpointRounding.AwayFromZero);
        Assert.Equal(expected, completeness.Percentage);
        Assert.Equal(75, completeness.Percentage); // 0.15 + 0.15 + 0.10 + 0.25 + 0.10
    }

    [Fact]
    public async Task Partial_data_earns_half_a_field_free_brand_text_a_short_description_images_without_a_primary()
    {
        var product = await Owner.CreateOwnedProductAsync(org, "Tea", "Unregistered", "Short.");
        await Owner.UploadImageAsync(org, product.Gtin);

        var fields = (await CompletenessOfAsync(product.Gtin)).Fields;

        Assert.Equal(0.5m, fields["brand"].Score);
        Assert.Equal(0.5m, fields["description"].Score);
        Assert.Equal(0.5m, fields["images"].Score);
    }

    [Fact]
    public async Task Active_offers_from_the_offers_service_count_and_removals_and_stale_versions_are_respected()
    {
        var product = await Owner.CreateOwnedProductAsync(org, "Offered");
        var offerId = Guid.CreateVersion7();
        var retailer = Guid.CreateVersion7();
        var t0 = DateTimeOffset.UtcNow;
        OfferUpserted Offer(string status, DateTimeOffset at) =>
            new(offerId, retailer, Id(product.Id), Guid.CreateVersion7(), "SKU", 5.99m, "USD", status, 3, "manual", at);

        var messageId = await fx.Bus.PublishAsync(Offer("active", t0));
        await Eventually.TrueAsync(async () => (await CompletenessOfAsync(product.Gtin)).Fields["offers"].Score == 1m,
            TimeSpan.FromSeconds(15), "the active offer counts");
        await fx.Bus.PublishAsync(Offer("active", t0), messageId); // a redelivery changes nothing
        await fx.Bus.PublishAsync(Offer("out_of_stock", t0.AddSeconds(1)));
        await Eventually.TrueAsync(async () => (await CompletenessOfAsync(product.Gtin)).Fields["offers"].Score == 0m,
            TimeSpan.FromSeconds(15), "an out-of-stock offer does not count");
        await fx.Bus.PublishAsync(Offer("active", t0.AddSeconds(2)));
        await fx.Bus.PublishAsync(new OfferRemoved(offerId, retailer, Id(product.Id), Guid.CreateVersion7(), t0.AddSeconds(3)));
        var stale = await fx.Bus.PublishAsync(Offer("active", t0.AddSeconds(2.5))); // older than the removal: must not resurrect

        await Eventually.TrueAsync(() => fx.Database.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM catalog.inbox WHERE message_id = @stale)", new { stale }), TimeSpan.FromSeconds(15), "the stale upsert was consumed");
        await Eventually.TrueAsync(() => fx.Database.ScalarAsync<bool>(
            "SELECT removed_at IS NOT NULL FROM catalog.offers WHERE id = @offerId", new { offerId }), TimeSpan.FromSeconds(15), "the removal is applied");
        Assert.Equal(0m, (await CompletenessOfAsync(product.Gtin)).Fields["offers"].Score);
        Assert.True(await fx.Database.ScalarAsync<bool>("SELECT removed_at IS NOT NULL FROM catalog.offers WHERE id = @offerId", new { offerId }));
    }

    [Fact]
    public async Task Completeness_of_a_product_the_organization_does_not_own_is_404_and_outsiders_get_404()
    {
        var other = TestData.NewOrganizationId();
        var theirs = await fx.ClientFor(other).CreateOwnedProductAsync(other, "Theirs");
        var mine = await Owner.CreateOwnedProductAsync(org, "Mine");

        await (await Owner.GetAsync(CompletenessPath(org, theirs.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Owner.GetAsync(CompletenessPath(org, TestGtins.New13()))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await fx.ClientFor(other).GetAsync(CompletenessPath(org, mine.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await fx.AnonymousClient().GetAsync(CompletenessPath(org, mine.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Owner.GetAsync(CompletenessPath(org, "abc"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
    }

    [Fact]
    public async Task Stats_count_with_the_same_formula_as_each_products_completeness()
    {
        await Owner.CreateBrandAsync(org, "Full");
        var full = await Owner.CreateOwnedProductAsync(org, "Full product", "Full", LongDescription, "FR");
        await Owner.UploadImageAsync(org, full.Gtin, primary: true);
        var partial = await Owner.CreateOwnedProductAsync(org, "Partial", "Loose text", "Short.");
        await Owner.UploadImageAsync(org, partial.Gtin);
        var bare = await Owner.CreateOwnedProductAsync(org, "");
        var offered = await Owner.CreateOwnedProductAsync(org, "Offered", "Full", LongDescription, "DE");
        await Owner.UploadImageAsync(org, offered.Gtin, primary: true);
        await fx.Bus.PublishAsync(new OfferUpserted(Guid.CreateVersion7(), Guid.CreateVersion7(), Id(offered.Id), Guid.CreateVersion7(),
            "", null, "EUR", "active", null, "manual", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await CompletenessOfAsync(offered.Gtin)).Fields["offers"].Score == 1m,
            TimeSpan.FromSeconds(15), "the offer is in the read model");
        var other = TestData.NewOrganizationId();
        await fx.ClientFor(other).CreateOwnedProductAsync(other, "Not counted");

        var percentages = new List<int>();
        foreach (var p in new[] { full, partial, bare, offered }) percentages.Add((await CompletenessOfAsync(p.Gtin)).Percentage);
        var stats = await (await fx.ClientFor(org, Roles.Viewer).GetAsync(StatsPath(org))).ReadAsync<DashboardStatsOut>();

        Assert.Equal([75, 40, 0, 85], percentages); // the offer lifts the product from 75 to 85: complete
        Assert.Equal(1, stats.CompleteProducts);
        Assert.Equal(50, stats.AvgCompleteness);
        Assert.Equal(4, stats.TotalProducts);
        Assert.Equal(percentages.Count(p => p >= Completeness.CompleteThreshold), stats.CompleteProducts);
        Assert.Equal((int)Math.Round(percentages.Average(), MidpointRounding.AwayFromZero), stats.AvgCompleteness);
        Assert.Equal(1, stats.ActiveOffers);
        Assert.Equal(1, stats.MissingImages);
        Assert.Equal(0, stats.BrokenOffers);
        Assert.Equal(0, stats.ExpiringCertifications);
    }

    [Fact]
    public async Task A_gpc_brick_is_the_category_an_active_certification_scores_and_one_expiring_soon_is_counted()
    {
        var product = await Owner.CreateOwnedProductAsync(org, "Oats");
        Assert.Equal(HttpStatusCode.OK, (await Owner.PatchJsonAsync($"/products/api/v1/products/{product.Gtin}", new { gpc_brick_code = "10000025" })).StatusCode);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var certify = await Owner.PostJsonAsync($"/certifications/api/v1/products/{product.Gtin}/certifications",
            new { code = "USDA_ORGANIC", expiration_date = today.AddDays(10).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Created, certify.StatusCode);
        var expired = await Owner.PostJsonAsync($"/certifications/api/v1/products/{product.Gtin}/certifications",
            new { code = "FAIR_TRADE_USA", expiration_date = today.AddDays(-1).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Created, expired.StatusCode);

        var completeness = await CompletenessOfAsync(product.Gtin);
        var stats = await (await Owner.GetAsync(StatsPath(org))).ReadAsync<DashboardStatsOut>();

        Assert.Equal(1m, completeness.Fields["category"].Score);
        Assert.Equal(1m, completeness.Fields["certifications"].Score);
        Assert.Equal(1, stats.ExpiringCertifications); // the expired one is not active, so not "expiring"
    }

    [Fact]
    public async Task Stats_of_an_organization_without_products_are_zero_and_outsiders_get_404()
    {
        var empty = TestData.NewOrganizationId();

        var stats = await (await fx.ClientFor(empty, Roles.Viewer).GetAsync(StatsPath(empty))).ReadAsync<DashboardStatsOut>();
        var outsider = await Owner.GetAsync(StatsPath(empty));
        var malformed = await Owner.GetAsync(StatsPath("not-an-id"));

        Assert.Equal(new DashboardStatsOut(0, 0, 0, 0, 0, 0, 0), stats);
        await outsider.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await malformed.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0)]
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, 2, 2, 2 }, 100)]
    [InlineData(new[] { 2, 1, 1, 0, 1, 0, 0, 0, 0 }, 40)] // name + half of description, brand and images
    [InlineData(new[] { 0, 1, 0, 0, 0, 0, 0, 0, 0 }, 8)]  // 7.5 rounds up
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 2, 0, 0 }, 5)]  // certifications alone
    public void The_formula_weights_each_field_and_rounds_half_away_from_zero(int[] halves, int expected)
    {
        // halves: name, description, brand, category, images, nutrition, certifications, offers, country (0, 1 = half, 2 = full)
        var facts = new ProductFacts(Guid.Empty,
            ProductName: halves[0] > 0 ? "n" : "",
            Description: halves[1] switch { 0 => "", 1 => "short", _ => LongDescription },
            Brand: halves[2] > 0 ? "b" : "", BrandIsRegistered: halves[2] == 2,
            CountryOfOrigin: halves[8] > 0 ? "US" : "",
            ImageCount: halves[4] > 0 ? 1 : 0, HasPrimaryImage: halves[4] == 2,
            ActiveOffers: halves[7] > 0 ? 1 : 0,
            HasCategory: halves[3] > 0, HasNutrition: halves[5] > 0, HasCertifications: halves[6] > 0);

        Assert.Equal(expected, Completeness.Of(facts).Percentage);
    }
}
