using Closient.Contracts.Locations;
using Closient.Search.Constraints;
using Closient.Search.Local;
using Closient.ServiceDefaults.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Closient.Search.Tests.SearchDriver;

namespace Closient.Search.Tests;

/// <summary>
/// Local search's two plans (products first, stores nearest first) and the capped count (README "Query plan"):
/// the same data through both plans, with small work bounds so a handful of offers exercises the caps.
/// </summary>
public sealed class LocalSearchPlanTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    readonly SearchDriver _driver = new(fx);

    static string Word() => string.Concat(Enumerable.Range(0, 10).Select(_ => (char)('a' + Random.Shared.Next(26))));

    /// <summary>Six offers of one product: stores 1–5 km north, two offers at the 3 km store (price breaks the tie), one out of stock.</summary>
    async Task<(string Word, Point Here, List<Guid> Expected)> SeedAsync()
    {
        var word = Word();
        var here = Point.Random();
        var product = await _driver.ProductAsync($"Quince Paste {word}");
        var expected = new List<Guid>();
        var published = new List<Guid> { product.ProductId };
        for (var km = 1; km <= 5; km++)
        {
            var store = await _driver.StoreAsync(here.Offset(km));
            published.Add(store.LocationId);
            var offer = await _driver.OfferAsync(product, store, price: 10m - km, quantity: km == 4 ? 0 : 12);
            expected.Add(offer.OfferId);
            if (km == 3)
            {
                var cheaper = await _driver.OfferAsync(product, store, price: 1m);
                expected.Insert(expected.Count - 1, cheaper.OfferId);
            }
        }
        // Every message consumed, not only the offers': consumers run concurrently, so a store can land after its offers.
        await ConsumedAsync([.. published, .. expected]);
        return (word, here, expected);
    }

    async Task<LocalResults> RunAsync(string text, Point here, LocalSearchTuning tuning, int limit = 20, bool inStock = false)
    {
        var query = QueryParser.Parse(text, new Validation(), "q");
        if (inStock) query = query with { Constraints = query.Constraints with { Availability = SearchConstraints.InStock } };
        await using var conn = await fx.Factory.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        return await LocalSearchQuery.RunAsync(conn, new LocalSearchCriteria(query, here.Lat, here.Lon, 10), DateTimeOffset.UtcNow, limit, tuning,
            CancellationToken.None);
    }

    async Task ConsumedAsync(IEnumerable<Guid> entityIds)
    {
        foreach (var id in entityIds) await fx.Consumed.WaitAsync(_driver.LastMessageIdOf(id));
    }

    static List<Guid> Ids(LocalResults results) => results.Hits.Select(h => Id(h.Offer.Id)).ToList();

    [Fact]
    public async Task Both_plans_rank_the_same_hits_the_same_way_and_count_them_exactly_under_the_cap()
    {
        var (word, here, expected) = await SeedAsync();

        var productsFirst = await RunAsync(word, here, new LocalSearchTuning(ProductsFirstMax: 100, TotalCap: 100));
        var nearestFirst = await RunAsync(word, here, new LocalSearchTuning(ProductsFirstMax: 0, TotalCap: 100));
        var inStockNearest = await RunAsync(word, here, new LocalSearchTuning(ProductsFirstMax: 0, TotalCap: 100), inStock: true);
        var substringNearest = await RunAsync(word[..6], here, new LocalSearchTuning(ProductsFirstMax: 0, TotalCap: 100));
        // A very common word: nearest first, each walked offer tested against its own product instead of a hash.
        var perOffer = await RunAsync(word, here, new LocalSearchTuning(ProductsFirstMax: 0, TotalCap: 100, HashMax: 0));
        var perOfferInStock = await RunAsync(word, here, new LocalSearchTuning(ProductsFirstMax: 0, TotalCap: 100, HashMax: 0), inStock: true);

        Assert.Equal(expected, Ids(productsFirst));
        Assert.Equal(expected, Ids(nearestFirst));
        Assert.Equal(expected, Ids(perOffer));
        Assert.Equal((6, false), (perOffer.Total, perOffer.TotalCapped));
        Assert.Equal(Ids(inStockNearest), Ids(perOfferInStock));
        Assert.Equal(nearestFirst.Hits.Select(h => h.Store.DistanceKm), perOffer.Hits.Select(h => h.Store.DistanceKm));
        Assert.Equal((6, false), (productsFirst.Total, productsFirst.TotalCapped));
        Assert.Equal((6, false), (nearestFirst.Total, nearestFirst.TotalCapped));
        Assert.Equal(expected.Where((_, i) => i != 4), Ids(inStockNearest));
        Assert.Equal(5, inStockNearest.Total);
        Assert.Equal(expected, Ids(substringNearest));
        Assert.Equal(productsFirst.Hits.Select(h => h.Store.DistanceKm), nearestFirst.Hits.Select(h => h.Store.DistanceKm));
    }

    [Fact]
    public async Task Above_the_cap_the_total_is_the_cap_and_flagged_while_the_page_stays_exact()
    {
        var (word, here, expected) = await SeedAsync();

        // Products first; nearest first with the hash; nearest first testing each offer's product (a very common word).
        foreach (var (productsFirstMax, hashMax) in new[] { (100, 10_000), (0, 10_000), (0, 0) })
        {
            var all = await RunAsync(word, here, new LocalSearchTuning(productsFirstMax, TotalCap: 3, hashMax));
            var firstTwo = await RunAsync(word, here, new LocalSearchTuning(productsFirstMax, TotalCap: 3, hashMax), limit: 2);
            var exactlyAtCap = await RunAsync(word, here, new LocalSearchTuning(productsFirstMax, TotalCap: 6, hashMax));

            Assert.Equal(expected, Ids(all));
            Assert.Equal((3, true), (all.Total, all.TotalCapped));
            Assert.Equal(expected.Take(2), Ids(firstTwo));
            Assert.Equal((3, true), (firstTwo.Total, firstTwo.TotalCapped));
            Assert.Equal((6, false), (exactlyAtCap.Total, exactlyAtCap.TotalCapped));
        }
    }

    [Fact]
    public async Task The_endpoint_reports_whether_the_total_is_capped()
    {
        var (word, here, expected) = await SeedAsync();

        var result = await _driver.LocalAsync(word, here);

        Assert.Equal(expected, OfferIds(result));
        Assert.Equal(6, result["total_results"]!.GetValue<int>());
        Assert.False(result["total_results_capped"]!.GetValue<bool>());
        Assert.False(result["total_online_results_capped"]!.GetValue<bool>());
    }

    /// <summary>
    /// The store and the gate are tested per offer in both plans (products first: each offer's store by primary key;
    /// nearest first: each walked offer against the matching products): a removed store's offers and offers of
    /// products the text does not match are left out of the page and the count alike.
    /// </summary>
    [Fact]
    public async Task Both_plans_leave_out_removed_stores_and_products_the_text_does_not_match()
    {
        var word = Word();
        var here = Point.Random();
        var product = await _driver.ProductAsync($"Sumac Blend {word}");
        var other = await _driver.ProductAsync($"Cumin Blend {Word()}");
        var kept = new List<Guid>();
        var stores = new List<LocationPublished>();
        for (var km = 1; km <= 3; km++)
        {
            var store = await _driver.StoreAsync(here.Offset(km));
            stores.Add(store);
            var offer = await _driver.OfferAsync(product, store, price: 5m);
            var unrelated = await _driver.OfferAsync(other, store, price: 1m);
            await ConsumedAsync([product.ProductId, other.ProductId, store.LocationId, offer.OfferId, unrelated.OfferId]);
            if (km != 2) kept.Add(offer.OfferId);
        }
        var removal = await _driver.PublishAsync(new LocationRemoved(stores[1].LocationId, stores[1].OrganizationId, DateTimeOffset.UtcNow),
            stores[1].LocationId);
        await fx.Consumed.WaitAsync(removal);

        var productsFirst = await RunAsync(word, here, new LocalSearchTuning(ProductsFirstMax: 100, TotalCap: 100));
        var nearestFirst = await RunAsync(word, here, new LocalSearchTuning(ProductsFirstMax: 0, TotalCap: 100));
        var substringNearest = await RunAsync(word[..6], here, new LocalSearchTuning(ProductsFirstMax: 0, TotalCap: 100));
        var perOffer = await RunAsync(word, here, new LocalSearchTuning(ProductsFirstMax: 0, TotalCap: 100, HashMax: 0));

        Assert.Equal(kept, Ids(perOffer));
        Assert.Equal(kept, Ids(productsFirst));
        Assert.Equal(kept, Ids(nearestFirst));
        Assert.Equal(kept, Ids(substringNearest));
        Assert.Equal((2, 2, 2), (productsFirst.Total, nearestFirst.Total, substringNearest.Total));
    }

    /// <summary>
    /// A certification with an empty text (the gate is the product condition alone) through both plans: nearest first
    /// tests it against the hash of the products holding the code, like a text.
    /// </summary>
    [Fact]
    public async Task A_certification_with_an_empty_text_ranks_the_same_through_both_plans()
    {
        var code = "c" + Word();
        var here = Point.Random();
        var certified = await _driver.ProductAsync($"Oat Bar {Word()}");
        certified = certified with { Certifications = [code], UpdatedAt = certified.UpdatedAt.AddSeconds(1) };
        await fx.Consumed.WaitAsync(await _driver.PublishAsync(certified, certified.ProductId));
        var plain = await _driver.ProductAsync($"Oat Bar {Word()}");
        var expected = new List<Guid>();
        for (var km = 1; km <= 3; km++)
        {
            var store = await _driver.StoreAsync(here.Offset(km));
            var offer = await _driver.OfferAsync(certified, store, price: 3m);
            var other = await _driver.OfferAsync(plain, store, price: 1m);
            await ConsumedAsync([plain.ProductId, store.LocationId, offer.OfferId, other.OfferId]);
            expected.Add(offer.OfferId);
        }
        var query = QueryParser.Parse("in stock", new Validation(), "q");
        Assert.Equal("", query.Text);
        var criteria = new LocalSearchCriteria(query, here.Lat, here.Lon, 10, new LocalFilters([], [code]));

        await using var conn = await fx.Factory.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var productsFirst = await LocalSearchQuery.RunAsync(conn, criteria, DateTimeOffset.UtcNow, 20,
            new LocalSearchTuning(ProductsFirstMax: 100, TotalCap: 100), CancellationToken.None);
        var nearestFirst = await LocalSearchQuery.RunAsync(conn, criteria, DateTimeOffset.UtcNow, 20,
            new LocalSearchTuning(ProductsFirstMax: 0, TotalCap: 100), CancellationToken.None);

        Assert.Equal(expected, Ids(productsFirst));
        Assert.Equal(expected, Ids(nearestFirst));
        Assert.Equal((3, 3), (productsFirst.Total, nearestFirst.Total));
    }
}
