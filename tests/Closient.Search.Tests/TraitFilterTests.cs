using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Closient.Contracts.Catalog;
using Closient.Contracts.Offers;
using Closient.Search.Constraints;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using static Closient.Search.Tests.SearchDriver;

namespace Closient.Search.Tests;

/// <summary>
/// Dietary traits (issue #6): exclude_allergens, require_certifications, avoid_substances on catalog search, local search and
/// sessions, the product trait fields, and the session constraints color and scope.
/// </summary>
public sealed class TraitFilterTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    const string SessionPath = "/search/api/v1/search/session";
    readonly SearchDriver _driver = new(fx);
    readonly CatalogDriver _catalog = new(fx);

    static ProductUpserted Product(string name, string[] certifications, string[]? allergens, string[]? substances, string description = "") =>
        new(Guid.CreateVersion7(), NewGtin(), name, "Acme", description, null, DateTimeOffset.UtcNow, certifications,
            allergens, allergens is null ? false : true, substances ?? []);

    /// <summary>The products of a search: milky (milk, declared), nutty (peanuts, organic, palm oil), plain (declared, none,
    /// usda organic + vegan), unknown (declared nothing).</summary>
    async Task<(ProductUpserted Milky, ProductUpserted Nutty, ProductUpserted Plain, ProductUpserted Unknown)> ProductsAsync(string w)
    {
        var milky = Product($"{w} Milk Bar", ["kosher"], ["milk"], []);
        var nutty = Product($"{w} Peanut Bar", ["organic"], ["peanuts", "tree-nuts"], ["palm-oil"]);
        var plain = Product($"{w} Oat Bar", ["usda-organic", "vegan-society"], [], ["added-sugar"]);
        var unknown = Product($"{w} Mystery Bar", ["eu_organic"], null, null);
        foreach (var p in new[] { milky, nutty, plain, unknown }) await _catalog.ConsumedAsync(p);
        return (milky, nutty, plain, unknown);
    }

    static IReadOnlyList<Guid> Ids(JsonObject result, string type = "product") =>
        CatalogDriver.Data(result).Where(d => d["type"]!.GetValue<string>() == type).Select(d => Id(d["id"]!.GetValue<string>())).Order().ToList();

    static IReadOnlyList<Guid> Sorted(params ProductUpserted[] products) => products.Select(p => p.ProductId).Order().ToList();

    static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Catalog_search_filters_products_by_traits_and_lets_brands_pass()
    {
        var w = CatalogDriver.Word();
        var (milky, nutty, plain, unknown) = await ProductsAsync(w);
        await _catalog.ConsumedAsync(CatalogDriver.Brand($"{w} Foods"));

        var all = await _catalog.SearchAsync(w);
        var noMilk = await _catalog.SearchAsync(w, "&exclude_allergens=milk");
        var nutFree = await _catalog.SearchAsync(w, "&exclude_allergens=nuts");
        var organic = await _catalog.SearchAsync(w, "&require_certifications=organic");
        var organicVegan = await _catalog.SearchAsync(w, "&require_certifications=organic&require_certifications=vegan");
        var noPalm = await _catalog.SearchAsync(w, "&avoid_substances=palm-oil,added-sugar");
        var kosherNoMilk = await _catalog.SearchAsync(w, "&require_certifications=KOSHER&exclude_allergens=milk");

        Assert.Equal(Sorted(milky, nutty, plain, unknown), Ids(all));
        // Decision: "low" confidence products (nothing declared) stay, flagged; the caller drops them if it wants to.
        Assert.Equal(Sorted(nutty, plain, unknown), Ids(noMilk));
        Assert.Equal(Sorted(milky, plain, unknown), Ids(nutFree));
        Assert.Equal(Sorted(nutty, plain, unknown), Ids(organic));
        Assert.Equal(Sorted(plain), Ids(organicVegan));
        Assert.Equal(Sorted(milky, unknown), Ids(noPalm));
        Assert.Empty(Ids(kosherNoMilk));
        foreach (var result in new[] { noMilk, organic, noPalm, kosherNoMilk })
            Assert.Single(Ids(result, "brand"));
    }

    [Fact]
    public async Task Catalog_search_products_carry_their_traits()
    {
        var w = CatalogDriver.Word();
        var (_, nutty, _, unknown) = await ProductsAsync(w);
        await _catalog.ConsumedAsync(CatalogDriver.Brand($"{w} Foods"));

        var data = CatalogDriver.Data(await _catalog.SearchAsync(w)).ToDictionary(d => d["name"]!.GetValue<string>());

        var n = data[nutty.ProductName];
        Assert.Equal(["organic"], Strings(n["certifications"]));
        Assert.Equal(["peanuts", "tree-nuts"], Strings(n["contains_allergens"]));
        Assert.Equal(["palm-oil"], Strings(n["substance_flags"]));
        Assert.Equal("declared", n["allergen_data_confidence"]!.GetValue<string>());
        var u = data[unknown.ProductName];
        Assert.Equal(["eu_organic"], Strings(u["certifications"]));
        Assert.Empty(Strings(u["contains_allergens"]));
        Assert.Equal("low", u["allergen_data_confidence"]!.GetValue<string>());
        var brand = data[$"{w} Foods"];
        Assert.Null(brand["allergen_data_confidence"]);
        Assert.Null(brand["contains_allergens"]);
    }

    [Fact]
    public async Task Null_traits_keep_what_the_row_has_and_lists_replace_it()
    {
        var w = CatalogDriver.Word();
        var product = Product($"{w} Cookie", [], ["eggs"], ["palm-oil"]);
        await _catalog.ConsumedAsync(product);
        // A publisher that does not send the fields (an older catalog): the row keeps them.
        await _catalog.ConsumedAsync(new ProductUpserted(product.ProductId, product.Gtin, product.ProductName, "Acme", "", null,
            product.UpdatedAt.AddSeconds(1)));
        var kept = CatalogDriver.Data(await _catalog.SearchAsync(w)).Single();
        await _catalog.ConsumedAsync(product with { UpdatedAt = product.UpdatedAt.AddSeconds(2), ContainsAllergens = [], Substances = [], AllergensDeclared = false });
        var cleared = CatalogDriver.Data(await _catalog.SearchAsync(w)).Single();

        Assert.Equal(["eggs"], Strings(kept["contains_allergens"]));
        Assert.Equal(["palm-oil"], Strings(kept["substance_flags"]));
        Assert.Equal("declared", kept["allergen_data_confidence"]!.GetValue<string>());
        Assert.Empty(Strings(cleared["contains_allergens"]));
        Assert.Empty(Strings(cleared["substance_flags"]));
        Assert.Equal("low", cleared["allergen_data_confidence"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("exclude_allergens=unicorn", "exclude_allergens")]
    [InlineData("exclude_allergens=", "exclude_allergens")]
    [InlineData("avoid_substances=kryptonite", "avoid_substances")]
    [InlineData("avoid_substances=milk", "avoid_substances")]
    [InlineData("require_certifications=org%40nic", "require_certifications")]
    [InlineData("require_certifications=--", "require_certifications")]
    public async Task Bad_trait_slugs_are_422_naming_the_field(string query, string field)
    {
        var catalog = await _catalog.GetAsync("granola", "&" + query);
        var local = await fx.KeyCaller.GetAsync($"/search/api/v1/local?q=granola&lat=1&lon=1&{query}");

        await ProblemAssert.AssertAsync(catalog, 422, "VALIDATION_ERROR", field);
        await ProblemAssert.AssertAsync(local, 422, "VALIDATION_ERROR", field);
    }

    [Fact]
    public void The_parser_s_trait_slugs_are_ones_the_filters_accept()
    {
        var v = new Validation();
        foreach (var (_, kind, slugs) in Lexicon.Traits)
        {
            if (kind == TraitKind.Substance) Assert.All(slugs, s => Assert.Contains(s, SubstanceSlugs.All));
            if (kind == TraitKind.Allergen) Assert.Equal(slugs, TraitSlugs.ParseAllergens(v, "x", new(slugs)).Order());
        }
        Assert.True(v.IsValid);
        Assert.Equal(["gluten-cereals", "peanuts", "tree-nuts", "wheat"], TraitSlugs.ExpandAllergens(["nuts", "gluten"]));
        Assert.Equal(["organic", "fair_trade|fairtrade"], TraitSlugs.CertificationNeedles(["organic", "fair-trade"]));
    }

    async Task<(Point Here, Dictionary<string, OfferUpserted> Offers)> StockedAsync(string w, params ProductUpserted[] products)
    {
        var here = Point.Random();
        var offers = new Dictionary<string, OfferUpserted>();
        var i = 1;
        foreach (var product in products)
        {
            await _driver.PublishAsync(product, product.ProductId);
            offers[product.ProductName] = await _driver.OfferAsync(product, await _driver.StoreAsync(here.Offset(i++ * 0.5)));
        }
        foreach (var offer in offers.Values) await _driver.WaitForOfferAsync(w, here, offer.OfferId);
        return (here, offers);
    }

    async Task<JsonObject> LocalAsync(string q, Point at, string extra)
    {
        var response = await fx.KeyCaller.GetAsync($"/search/api/v1/local?q={Uri.EscapeDataString(q)}&lat={at.Lat}&lon={at.Lon}&{extra}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    static IReadOnlyList<Guid> OfferSet(JsonObject result) => OfferIds(result).Order().ToList();

    static IReadOnlyList<Guid> Of(Dictionary<string, OfferUpserted> offers, params ProductUpserted[] products) =>
        products.Select(p => offers[p.ProductName].OfferId).Order().ToList();

    [Fact]
    public async Task Local_search_applies_the_trait_filters_and_drops_undeclared_products_for_allergens()
    {
        var w = CatalogDriver.Word();
        var milky = Product($"{w} Milk Bar", ["kosher"], ["milk"], []);
        var nutty = Product($"{w} Peanut Bar", ["organic"], ["peanuts"], ["palm-oil"]);
        var plain = Product($"{w} Oat Bar", ["usda_organic"], [], []);
        var unknown = Product($"{w} Mystery Bar", [], null, null);
        var (here, offers) = await StockedAsync(w, milky, nutty, plain, unknown);

        var noMilk = await LocalAsync(w, here, "exclude_allergens=milk");
        var organic = await LocalAsync(w, here, "require_certifications=organic");
        var noPalm = await LocalAsync(w, here, "avoid_substances=palm-oil");
        var phrased = await LocalAsync($"peanut-free {w}", here, "");

        // Decision: local search drops products that declared nothing under exclude_allergens (shown to shoppers).
        Assert.Equal(Of(offers, nutty, plain), OfferSet(noMilk));
        // Every hit's product carries its allergens and the confidence in them.
        var all = await LocalAsync(w, here, "");
        var products = all["results"]!.AsArray().Select(h => h!["product"]!).ToDictionary(p => p["name"]!.GetValue<string>());
        Assert.Equal(["milk"], Strings(products[milky.ProductName]["contains_allergens"]));
        Assert.Equal("declared", products[milky.ProductName]["allergen_data_confidence"]!.GetValue<string>());
        Assert.Empty(Strings(products[plain.ProductName]["contains_allergens"]));
        Assert.Equal("declared", products[plain.ProductName]["allergen_data_confidence"]!.GetValue<string>());
        Assert.Equal("low", products[unknown.ProductName]["allergen_data_confidence"]!.GetValue<string>());
        Assert.Equal(["milk"], Strings(noMilk["active_constraints"]!["exclude_allergens"]));
        Assert.Equal(Of(offers, nutty, plain), OfferSet(organic));
        Assert.Equal(Of(offers, milky, plain, unknown), OfferSet(noPalm));
        Assert.Equal(Of(offers, milky, plain), OfferSet(phrased));
    }

    async Task<JsonObject> SendAsync(Task<HttpResponseMessage> call, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    [Fact]
    public async Task A_nut_free_organic_session_drops_the_right_products_and_widens_when_constraints_are_removed()
    {
        var w = CatalogDriver.Word();
        var nutty = Product($"{w} Peanut Granola", ["usda-organic"], ["peanuts"], []);
        var treeNut = Product($"{w} Almond Granola", ["organic"], ["tree-nuts"], []);
        var plain = Product($"{w} Oat Granola", ["eu-organic"], [], []);
        var conventional = Product($"{w} Honey Granola", [], ["milk"], []);
        var unknown = Product($"{w} House Granola", ["organic"], null, null);
        var (here, offers) = await StockedAsync(w, nutty, treeNut, plain, conventional, unknown);

        var opened = await SendAsync(fx.Anonymous.PostAsJsonAsync(SessionPath,
            new { query = $"nut-free organic {w}", latitude = here.Lat, longitude = here.Lon }), HttpStatusCode.Created);
        var id = opened["session_id"]!.GetValue<string>();
        Assert.Equal(["peanuts", "tree-nuts"], Strings(opened["active_constraints"]!["exclude_allergens"]));
        Assert.Equal(["organic"], Strings(opened["active_constraints"]!["require_certifications"]));
        Assert.Equal(Of(offers, plain), OfferSet(opened));
        Assert.Equal(Of(offers, plain), OfferSet(await SendAsync(fx.Anonymous.GetAsync($"{SessionPath}/{id}"))));

        var noNutRule = await SendAsync(fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/exclude_allergens"));
        Assert.Equal(Of(offers, nutty, treeNut, plain, unknown), OfferSet(noNutRule));

        var refined = await SendAsync(fx.Anonymous.PostAsJsonAsync($"{SessionPath}/{id}/query", new { query = "also dairy free" }));
        Assert.True(refined["is_refinement"]!.GetValue<bool>());
        Assert.Equal(Of(offers, nutty, treeNut, plain), OfferSet(refined));

        var anyCertification = await SendAsync(fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/require_certifications"));
        Assert.Equal(Of(offers, nutty, treeNut, plain), OfferSet(anyCertification));
        var everything = await SendAsync(fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/exclude_allergens"));
        Assert.Equal(Of(offers, nutty, treeNut, plain, conventional, unknown), OfferSet(everything));
    }

    [Fact]
    public async Task A_session_applies_color_as_a_word_and_avoid_substances_and_widens_again()
    {
        var w = CatalogDriver.Word();
        var red = Product($"{w} Red Velvet Cake", [], [], ["artificial-colors"]);
        var grey = Product($"{w} Cake", [], [], [], description: "A grey frosting.");
        var plain = Product($"{w} Sponge Cake", [], [], []);
        var (here, offers) = await StockedAsync(w, red, grey, plain);

        var opened = await SendAsync(fx.Anonymous.PostAsJsonAsync(SessionPath,
            new { query = $"{w} cake", latitude = here.Lat, longitude = here.Lon }), HttpStatusCode.Created);
        var id = opened["session_id"]!.GetValue<string>();
        Assert.Equal(Of(offers, red, grey, plain), OfferSet(opened));

        Assert.Equal(Of(offers, red), OfferSet(await SendAsync(fx.Anonymous.PostAsJsonAsync($"{SessionPath}/{id}/query", new { query = "in red" }))));
        Assert.Equal(Of(offers, grey), OfferSet(await SendAsync(fx.Anonymous.PostAsJsonAsync($"{SessionPath}/{id}/query", new { query = "in gray" }))));
        Assert.Equal(Of(offers, red, grey, plain), OfferSet(await SendAsync(fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/color"))));

        var avoid = await SendAsync(fx.Anonymous.PostAsJsonAsync($"{SessionPath}/{id}/query", new { query = "no artificial colors" }));
        Assert.Equal(["artificial-colors"], Strings(avoid["active_constraints"]!["avoid_substances"]));
        Assert.Equal(Of(offers, grey, plain), OfferSet(avoid));
        Assert.Equal(Of(offers, red, grey, plain), OfferSet(await SendAsync(fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/avoid_substances"))));
    }

    [Fact]
    public async Task Session_scope_online_shows_online_offers_and_local_never_does()
    {
        var w = CatalogDriver.Word();
        var product = Product($"{w} Tea", [], [], []);
        var (here, offers) = await StockedAsync(w, product);
        var online = new OfferUpserted(Guid.CreateVersion7(), Guid.CreateVersion7(), product.ProductId, null, "SKU-9", 3m, "USD", "active", 10,
            "manual", DateTimeOffset.UtcNow, OfferKinds.Online, product.Gtin, null, Guid.CreateVersion7(), null, 300, 300);
        await fx.Consumed.WaitAsync(await _driver.PublishAsync(online, online.OfferId));

        var opened = await SendAsync(fx.Anonymous.PostAsJsonAsync(SessionPath,
            new { query = $"{w} tea online", latitude = here.Lat, longitude = here.Lon }), HttpStatusCode.Created);
        var id = opened["session_id"]!.GetValue<string>();
        Assert.Equal("online", opened["active_constraints"]!["scope"]!.GetValue<string>());
        Assert.Empty(Hits(opened));
        Assert.Equal([online.OfferId], opened["online_results"]!.AsArray().Select(h => Id(h!["offer"]!["id"]!.GetValue<string>())));
        Assert.Equal(1, opened["total_online_results"]!.GetValue<int>());

        var anywhere = await SendAsync(fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/scope"));
        Assert.Equal(Of(offers, product), OfferSet(anywhere));
        Assert.Empty(anywhere["online_results"]!.AsArray());
    }

    [Fact]
    public async Task Scope_local_never_shows_online_offers_and_removing_it_brings_the_alternatives_back()
    {
        var w = CatalogDriver.Word();
        var product = Product($"{w} Kettle", [], [], []);
        await _catalog.ConsumedAsync(product);
        var online = new OfferUpserted(Guid.CreateVersion7(), Guid.CreateVersion7(), product.ProductId, null, "SKU-9", 30m, "USD", "active", 10,
            "manual", DateTimeOffset.UtcNow, OfferKinds.Online, product.Gtin, null, Guid.CreateVersion7(), null, 3000, 3000);
        await fx.Consumed.WaitAsync(await _driver.PublishAsync(online, online.OfferId));
        var here = Point.Random();

        var stateless = await LocalAsync($"{w} kettle", here, "");
        var nearMe = await LocalAsync($"{w} kettle near me", here, "");
        var opened = await SendAsync(fx.Anonymous.PostAsJsonAsync(SessionPath,
            new { query = $"{w} kettle in store", latitude = here.Lat, longitude = here.Lon }), HttpStatusCode.Created);
        var id = opened["session_id"]!.GetValue<string>();
        var widened = await SendAsync(fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/scope"));

        Assert.Single(stateless["online_results"]!.AsArray());
        Assert.Empty(nearMe["online_results"]!.AsArray());
        Assert.Equal("local", opened["active_constraints"]!["scope"]!.GetValue<string>());
        Assert.Empty(Hits(opened));
        Assert.Empty(opened["online_results"]!.AsArray());
        Assert.Equal([online.OfferId], widened["online_results"]!.AsArray().Select(h => Id(h!["offer"]!["id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_session_opened_with_preference_constraints_applies_them_with_the_query_s_phrases()
    {
        var w = CatalogDriver.Word();
        var sesame = Product($"{w} Sesame Crackers", ["vegan"], ["sesame"], []);
        var wheat = Product($"{w} Wheat Crackers", ["vegan"], ["wheat"], []);
        var rice = Product($"{w} Rice Crackers", ["vegan"], [], []);
        var cheese = Product($"{w} Cheese Crackers", [], ["milk"], []);
        var (here, offers) = await StockedAsync(w, sesame, wheat, rice, cheese);

        var opened = await SendAsync(fx.Anonymous.PostAsJsonAsync(SessionPath, new
        {
            query = $"gluten-free {w}", latitude = here.Lat, longitude = here.Lon,
            constraints = new { exclude_allergens = new[] { "Sesame" }, require_certifications = new[] { "vegan" }, avoid_substances = Array.Empty<string>() },
        }), HttpStatusCode.Created);

        Assert.Equal(["gluten", "sesame"], Strings(opened["active_constraints"]!["exclude_allergens"]));
        Assert.Equal(["vegan"], Strings(opened["active_constraints"]!["require_certifications"]));
        Assert.Null(opened["active_constraints"]!["avoid_substances"]);
        Assert.Equal(Of(offers, rice), OfferSet(opened));
    }

    [Fact]
    public async Task A_session_opened_with_a_certification_requires_it()
    {
        var w = CatalogDriver.Word();
        var kosher = Product($"{w} Crackers", ["ou-kosher"], [], []);
        var plain = Product($"{w} Rice Crackers", [], [], []);
        var (here, offers) = await StockedAsync(w, kosher, plain);

        var opened = await SendAsync(fx.Anonymous.PostAsJsonAsync(SessionPath, new
        {
            query = w, latitude = here.Lat, longitude = here.Lon, certification = "Kosher",
        }), HttpStatusCode.Created);

        Assert.Equal(["kosher"], Strings(opened["active_constraints"]!["require_certifications"]));
        Assert.Equal(Of(offers, kosher), OfferSet(opened));
        var id = opened["session_id"]!.GetValue<string>();
        var widened = await SendAsync(fx.Anonymous.DeleteAsync($"{SessionPath}/{id}/constraints/require_certifications"));
        Assert.Equal(Of(offers, kosher, plain), OfferSet(widened));
    }

    [Theory]
    [InlineData("""{"exclude_allergens":["unicorn"]}""", "constraints.exclude_allergens")]
    [InlineData("""{"exclude_allergens":[null]}""", "constraints.exclude_allergens")]
    [InlineData("""{"require_certifications":["or ganic"]}""", "constraints.require_certifications")]
    [InlineData("""{"avoid_substances":["milk"]}""", "constraints.avoid_substances")]
    public async Task Bad_session_constraints_are_422_naming_the_field(string constraints, string field)
    {
        var body = $$"""{"query":"crackers","latitude":1,"longitude":1,"constraints":{{constraints}}}""";
        var response = await fx.Anonymous.PostAsync(SessionPath, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.AssertAsync(response, 422, "VALIDATION_ERROR", field);
    }

    [Theory]
    [InlineData("\"or ganic\"")]
    [InlineData("\"\"")]
    [InlineData("42")]
    public async Task A_bad_session_certification_is_422_naming_it(string certification)
    {
        var body = $$"""{"query":"crackers","latitude":1,"longitude":1,"certification":{{certification}}}""";
        var response = await fx.Anonymous.PostAsync(SessionPath, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.AssertAsync(response, 422, "VALIDATION_ERROR", "certification");
    }
}
