using System.Net;
using System.Net.Http.Json;
using Closient.Contracts.Search;
using Closient.Search.Analytics;
using Closient.Search.Catalog;
using Closient.Testing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Closient.Search.Tests.CatalogDriver;

namespace Closient.Search.Tests;

/// <summary>Every search publishes SearchPerformed through the outbox, batched, with the location rounded.</summary>
public sealed class SearchPerformedTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    readonly CatalogDriver _catalog = new(fx);
    readonly SearchDriver _local = new(fx);

    [Fact]
    public async Task A_catalog_search_publishes_its_normalized_terms_and_result_count_without_a_location()
    {
        var w = Word();
        await _catalog.ProductAsync($"{w} Crème Fraîche");
        await _catalog.ProductAsync($"{w} Sour Cream");
        var query = $"  {w.ToUpperInvariant()} \"CRÈME fraîche\" OR cream -butter or  ";

        var result = await _catalog.SearchAsync(query, "&page_size=1");

        var (e, _) = await fx.Bus.WaitForAsync<SearchPerformed>(m => m.Query == query.Trim());
        Assert.Equal(SearchKinds.Catalog, e.Kind);
        Assert.Equal([w, "creme", "fraiche", "cream"], e.NormalizedTerms);
        Assert.Equal(2, e.ResultCount);
        Assert.Equal(Total(result), e.ResultCount);
        Assert.Null(e.Latitude);
        Assert.Null(e.Longitude);
        Assert.NotEqual(Guid.Empty, e.SearchId);
        Assert.True(DateTimeOffset.UtcNow - e.OccurredAt < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_search_that_finds_nothing_is_published_with_zero_results()
    {
        var w = Word();

        Assert.Empty(Data(await _catalog.SearchAsync(w)));

        var (e, _) = await fx.Bus.WaitForAsync<SearchPerformed>(m => m.Query == w);
        Assert.Equal(0, e.ResultCount);
    }

    [Fact]
    public async Task A_local_search_publishes_the_location_rounded_to_two_decimals_and_the_stripped_terms()
    {
        var here = new Point(40.712776, -74.005974);
        var (_, _, offer) = await _local.StockedStoreAsync(here.Offset(1), "Kettle Chips");
        await _local.WaitForOfferAsync("kettle chips", here, offer.OfferId);
        var query = "Kettle chips within 5 km in stock " + Word();

        await _local.LocalAsync(query, here);

        var (e, _) = await fx.Bus.WaitForAsync<SearchPerformed>(m => m.Query == query);
        Assert.Equal(SearchKinds.Local, e.Kind);
        Assert.Equal(40.71, e.Latitude);
        Assert.Equal(-74.01, e.Longitude);
        Assert.Equal("kettle", e.NormalizedTerms[0]);
        Assert.Equal("chips", e.NormalizedTerms[1]);
        Assert.DoesNotContain("km", e.NormalizedTerms);
        Assert.DoesNotContain("stock", e.NormalizedTerms);
    }

    [Fact]
    public async Task Opening_a_session_publishes_a_session_search()
    {
        var query = "oat milk " + Word();
        var response = await fx.Anonymous.PostAsJsonAsync("/search/api/v1/search/session",
            new { query, latitude = -33.868820, longitude = 151.209296 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var (e, _) = await fx.Bus.WaitForAsync<SearchPerformed>(m => m.Query == query);
        Assert.Equal(SearchKinds.Session, e.Kind);
        Assert.Equal(-33.87, e.Latitude);
        Assert.Equal(151.21, e.Longitude);
        Assert.Equal(0, e.ResultCount);
    }

    [Fact]
    public async Task Many_concurrent_searches_are_all_published_in_few_transactions()
    {
        var w = Word();
        await _catalog.ProductAsync($"{w} Bulk");
        var queries = Enumerable.Range(0, 40).Select(i => $"{w} bulk {i}").ToList();

        await Task.WhenAll(queries.Select(q => _catalog.SearchAsync(q)));

        await Eventually.TrueAsync(() => Task.FromResult(
                queries.All(q => fx.Bus.Seen<SearchPerformed>().Any(s => s.Message.Query == q))),
            TimeSpan.FromSeconds(30), "all 40 SearchPerformed events are published");
        // Batched: rows of one batch share a transaction, hence created_at (now() is the transaction start).
        await using var conn = new NpgsqlConnection(fx.Database.ConnectionString);
        var transactions = await conn.ExecuteScalarAsync<long>("""
            SELECT count(DISTINCT created_at) FROM search.outbox
            WHERE message_type = @type AND payload->>'Query' LIKE @prefix
            """, new { type = typeof(SearchPerformed).FullName, prefix = w + " bulk %" });
        Assert.InRange(transactions, 1, 20);
    }

    [Fact]
    public void Recording_never_blocks_and_drops_when_the_queue_is_full()
    {
        var events = new SearchEvents(TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SearchEvents>.Instance);
        for (var i = 0; i < SearchEvents.Capacity + 25; i++)
            events.Record(SearchKinds.Catalog, "q", ["q"], 0, 1.234567, 2.345678);

        Assert.Equal(25, events.Dropped);
    }

    [Fact]
    public void The_service_registers_one_shared_queue()
    {
        Assert.Same(fx.Factory.Services.GetRequiredService<SearchEvents>(), fx.Factory.Services.GetRequiredService<SearchEvents>());
    }

    [Theory]
    [InlineData("Dark chocolate", new[] { "dark", "chocolate" }, new string[0])]
    [InlineData("\"trail mix\" -raisins OR nuts", new[] { "trail", "mix", "nuts" }, new[] { "raisins" })]
    [InlineData("-\"milk chocolate\" bar", new[] { "bar" }, new[] { "milk", "chocolate" })]
    [InlineData("Crème BRÛLÉE crème", new[] { "creme", "brulee" }, new string[0])]
    [InlineData("\"unbalanced quote", new[] { "unbalanced", "quote" }, new string[0])]
    [InlineData("dark-chocolate", new[] { "dark", "chocolate" }, new string[0])]
    [InlineData("or OR Or", new string[0], new string[0])]
    [InlineData("🍫 bar", new[] { "🍫", "bar" }, new string[0])]
    [InlineData("milk -", new[] { "milk" }, new string[0])]
    public void Websearch_text_is_read_as_postgresql_reads_it(string query, string[] terms, string[] excluded)
    {
        var parsed = WebsearchText.Parse(query);

        Assert.Equal(terms, parsed.Terms);
        Assert.Equal(excluded, parsed.Excluded);
    }
}
