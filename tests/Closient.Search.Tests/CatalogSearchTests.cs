using Closient.Contracts.Offers;
using static Closient.Search.Tests.CatalogDriver;

namespace Closient.Search.Tests;

/// <summary>GET /search/api/v1/search: websearch syntax, ranking, the fuzzy fallback, types and pages.</summary>
public sealed class CatalogSearchTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    readonly CatalogDriver _driver = new(fx);

    [Fact]
    public async Task Finds_products_brands_and_retailers_with_their_fields()
    {
        var w = Word();
        var product = await _driver.ProductAsync($"{w} Granola", brand: "Hillside", description: "Oats and honey");
        var brand = Brand($"{w} Foods", "Makers of granola");
        await _driver.ConsumedAsync(brand);
        var retailer = Retailer($"{w} Market", "Grocery");
        await _driver.ConsumedAsync(retailer);

        var result = await _driver.SearchAsync(w);

        Assert.Equal(w, result["query"]!.GetValue<string>());
        Assert.False(result["fallback"]!.GetValue<bool>());
        Assert.Equal(3, Total(result));
        var byType = Data(result).ToDictionary(d => d["type"]!.GetValue<string>());
        Assert.Equal(product.ProductId, SearchDriver.Id(byType["product"]["id"]!.GetValue<string>()));
        Assert.Equal(22, byType["product"]["id"]!.GetValue<string>().Length);
        Assert.Equal(product.Gtin, byType["product"]["gtin"]!.GetValue<string>());
        Assert.Equal("Hillside", byType["product"]["brand"]!.GetValue<string>());
        Assert.Equal(brand.BrandId, SearchDriver.Id(byType["brand"]["id"]!.GetValue<string>()));
        Assert.Equal("https://brand.example", byType["brand"]["website"]!.GetValue<string>());
        Assert.Equal(retailer.RetailerId, SearchDriver.Id(byType["retailer"]["id"]!.GetValue<string>()));
        Assert.Equal("Grocery", byType["retailer"]["category"]!.GetValue<string>());
        Assert.All(Data(result), d => Assert.True(d["score"]!.GetValue<double>() > 0));
    }

    [Fact]
    public async Task A_quoted_phrase_matches_the_words_in_order_only()
    {
        var w = Word();
        await _driver.ProductAsync($"{w} Trail Mix");
        await _driver.ProductAsync($"{w} Mix for the Trail");

        Assert.Equal([$"{w} Trail Mix"], Names(await _driver.SearchAsync($"{w} \"trail mix\"")));
        Assert.Equal(2, Total(await _driver.SearchAsync($"{w} trail mix")));
    }

    [Fact]
    public async Task An_exclusion_drops_the_documents_with_the_word()
    {
        var w = Word();
        await _driver.ProductAsync($"{w} Dark Chocolate");
        await _driver.ProductAsync($"{w} White Chocolate");

        Assert.Equal([$"{w} Dark Chocolate"], Names(await _driver.SearchAsync($"{w} chocolate -white")));
        Assert.Equal([$"{w} Dark Chocolate"], Names(await _driver.SearchAsync($"{w} -\"white chocolate\"")));
    }

    [Fact]
    public async Task Or_matches_either_word_and_binds_looser_than_and()
    {
        var (a, b, c) = (Word(), Word(), Word());
        await _driver.ProductAsync($"{a} Oat Milk");
        await _driver.ProductAsync($"{b} Almond Butter");
        await _driver.ProductAsync($"{c} Rice Cakes");

        Assert.Equal([$"{a} Oat Milk", $"{b} Almond Butter"], Names(await _driver.SearchAsync($"{a} OR {b}")).OrderBy(n => n.StartsWith(a) ? 0 : 1));
        Assert.Equal([$"{a} Oat Milk", $"{c} Rice Cakes"], Names(await _driver.SearchAsync($"{a} or {c}")).OrderBy(n => n.StartsWith(a) ? 0 : 1));
        // websearch: "a milk or c" is (a & milk) | c
        Assert.Equal([$"{a} Oat Milk", $"{c} Rice Cakes"], Names(await _driver.SearchAsync($"{a} milk or {c}")).OrderBy(n => n.StartsWith(a) ? 0 : 1));
        Assert.Equal([$"{c} Rice Cakes"], Names(await _driver.SearchAsync($"{a} butter or {c}")));
    }

    [Fact]
    public async Task Results_are_ranked_by_weight_name_before_brand_before_description()
    {
        var w = Word();
        var k = Word();
        await _driver.ProductAsync($"{w} Plain", description: $"Tastes of {k}");
        await _driver.ProductAsync($"{w} {k} Bar");
        await _driver.ProductAsync($"{w} Other", brand: k);

        var result = await _driver.SearchAsync(k);

        Assert.Equal([$"{w} {k} Bar", $"{w} Other", $"{w} Plain"], Names(result));
        var scores = Data(result).Select(d => d["score"]!.GetValue<double>()).ToList();
        Assert.True(scores[0] > scores[1] && scores[1] > scores[2], string.Join(", ", scores));
    }

    [Fact]
    public async Task A_typo_falls_back_to_trigram_matching()
    {
        var product = await _driver.ProductAsync("Swiss Chocolate Bar");

        var result = await _driver.SearchAsync("choclate");

        Assert.True(result["fallback"]!.GetValue<bool>());
        Assert.Contains(product.ProductId, Ids(result));
    }

    [Fact]
    public async Task A_partial_word_falls_back_to_substring_matching_across_types()
    {
        var w = Word();
        var brand = Brand($"{w}berries");
        await _driver.ConsumedAsync(brand);
        var retailer = Retailer($"{w}mart");
        await _driver.ConsumedAsync(retailer);

        var result = await _driver.SearchAsync(w);

        Assert.True(result["fallback"]!.GetValue<bool>());
        Assert.Equal(new[] { brand.BrandId, retailer.RetailerId }.Order(), Ids(result).Order());
    }

    [Fact]
    public async Task The_fallback_is_not_used_when_full_text_finds_something()
    {
        var w = Word();
        await _driver.ProductAsync($"{w} Pretzels");
        await _driver.ProductAsync($"{w}q Pretzel Sticks");

        var result = await _driver.SearchAsync(w);

        Assert.False(result["fallback"]!.GetValue<bool>());
        Assert.Equal([$"{w} Pretzels"], Names(result));
    }

    [Fact]
    public async Task Type_limits_the_collections_searched()
    {
        var w = Word();
        await _driver.ProductAsync($"{w} Soap");
        await _driver.ConsumedAsync(Brand($"{w} Soapworks"));
        await _driver.ConsumedAsync(Retailer($"{w} Soap Shop"));

        Assert.Equal(["product"], Types(await _driver.SearchAsync(w, "&type=products")));
        Assert.Equal(["brand"], Types(await _driver.SearchAsync(w, "&type=brand")));
        Assert.Equal(["retailer"], Types(await _driver.SearchAsync(w, "&type=retailers")));
        Assert.Equal(["brand", "retailer"], Types(await _driver.SearchAsync(w, "&type=brands&type=retailers")));
        Assert.Equal(["brand", "product"], Types(await _driver.SearchAsync(w, "&type=brands,products")));
        Assert.Equal(["brand", "product", "retailer"], Types(await _driver.SearchAsync(w, "&type=all")));

        static List<string> Types(System.Text.Json.Nodes.JsonObject r) =>
            Data(r).Select(d => d["type"]!.GetValue<string>()).Distinct().Order().ToList();
    }

    [Fact]
    public async Task Pages_through_the_ranked_results()
    {
        var w = Word();
        for (var i = 1; i <= 5; i++) await _driver.ProductAsync($"{w} Item {i}");

        var first = await _driver.SearchAsync(w, "&page_size=2");
        var second = await _driver.SearchAsync(w, "&page=2&page_size=2");
        var third = await _driver.SearchAsync(w, "&page=3&page_size=2");
        var beyond = await _driver.SearchAsync(w, "&page=9&page_size=2");

        Assert.Equal(5, Total(first));
        Assert.Equal(3, first["pagination"]!["total_pages"]!.GetValue<int>());
        Assert.True(first["pagination"]!["has_next"]!.GetValue<bool>());
        Assert.False(third["pagination"]!["has_next"]!.GetValue<bool>());
        var all = Names(first).Concat(Names(second)).Concat(Names(third)).ToList();
        Assert.Equal(5, all.Distinct().Count());
        Assert.Empty(Data(beyond));
        Assert.Equal(5, Total(beyond));
    }

    [Fact]
    public async Task A_deleted_brand_is_not_found()
    {
        var w = Word();
        var brand = Brand($"{w} Gone");
        await _driver.ConsumedAsync(brand);
        Assert.Single(Data(await _driver.SearchAsync(w)));

        await _driver.ConsumedAsync(brand with { DeletedAt = DateTimeOffset.UtcNow, UpdatedAt = brand.UpdatedAt.AddSeconds(1) });

        Assert.Empty(Data(await _driver.SearchAsync(w)));
        Assert.Empty(Data(await _driver.SearchAsync(w[..^1])));
    }

    [Fact]
    public async Task Accents_emoji_and_other_scripts_are_fine()
    {
        var w = Word();
        var creme = await _driver.ProductAsync($"{w} Crème Brûlée");
        var tea = await _driver.ProductAsync($"{w} 抹茶 Latte");

        Assert.Contains(creme.ProductId, Ids(await _driver.SearchAsync($"{w} creme brulee")));
        Assert.Contains(creme.ProductId, Ids(await _driver.SearchAsync($"{w} CRÈME")));
        Assert.Contains(tea.ProductId, Ids(await _driver.SearchAsync("抹茶")));
        Assert.Empty(Data(await _driver.SearchAsync("🍫🥜")));
        Assert.Contains(creme.ProductId, Ids(await _driver.SearchAsync($"{w} brûlée 🍮")));
    }

    [Fact]
    public async Task Unbalanced_quotes_are_tolerated()
    {
        var w = Word();
        var product = await _driver.ProductAsync($"{w} Trail Mix");

        Assert.Contains(product.ProductId, Ids(await _driver.SearchAsync($"{w} \"trail mix")));
        Assert.Contains(product.ProductId, Ids(await _driver.SearchAsync($"\"{w}\" \"")));
    }

    [Fact]
    public async Task Search_is_public_anonymous_and_keyed_callers_alike()
    {
        var w = Word();
        await _driver.ProductAsync($"{w} Honey");

        Assert.Single(Data(await _driver.SearchAsync(w, client: fx.Anonymous)));
        Assert.Single(Data(await _driver.SearchAsync(w, client: fx.KeyCaller)));
        var noToken = await fx.Client.GetAsync($"{SearchPath}?q={w}");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, noToken.StatusCode);
    }

    [Fact]
    public async Task A_word_in_more_products_than_are_ranked_caps_the_total_and_says_so()
    {
        var (common, rare) = (Word(), Word());
        await fx.Database.ScalarAsync<long>("""
            WITH added AS (
                INSERT INTO search.products (id, gtin, product_name, brand, updated_at)
                SELECT gen_random_uuid(), '', @common || ' bar ' || g, 'Acme', now() FROM generate_series(1, @count) g
                RETURNING 1)
            SELECT count(*) FROM added
            """, new { common, count = Closient.Search.Catalog.CatalogSearchQuery.MaxRankedProducts + 5 });
        await _driver.ProductAsync($"{rare} Granola");

        var capped = await _driver.SearchAsync(common, "&type=products");
        var exact = await _driver.SearchAsync(rare, "&type=products");

        Assert.True(capped["total_capped"]!.GetValue<bool>());
        Assert.Equal(Closient.Search.Catalog.CatalogSearchQuery.MaxRankedProducts, Total(capped));
        Assert.Equal(25, Data(capped).Count);
        Assert.All(Data(capped), d => Assert.StartsWith(common, d["name"]!.GetValue<string>()));
        Assert.False(exact["total_capped"]!.GetValue<bool>());
        Assert.Equal(1, Total(exact));
    }
}
