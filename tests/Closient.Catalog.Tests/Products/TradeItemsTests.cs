using System.Net;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

public sealed class TradeItemsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    const string TradeItems = "/products/api/v1/trade-items";
    const string Browse = "/products/api/v1/browse/products";

    readonly string org = ShortId.Encode(Guid.NewGuid());
    // A brand name no other test uses, so filters see only this test's products.
    readonly string brand = "Brand" + Guid.NewGuid().ToString("N")[..10];

    HttpClient Client => fx.ClientFor(org);

    async Task<ProductOut> CreateAsync(string name, bool claimed = false, string? country = null, string? brandName = null) =>
        await Client.CreateProductAsync(new
        {
            gtin = TestGtins.New13(), organization_id = claimed ? org : null, product_name = name,
            brand = brandName ?? brand, country_of_origin = country ?? "",
        });

    async Task<Paged<TradeItemOut>> ListAsync(string query)
    {
        var response = await Client.GetAsync($"{TradeItems}?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<Paged<TradeItemOut>>();
    }

    [Fact]
    public async Task The_brand_filter_is_exact_and_case_insensitive()
    {
        var a = await CreateAsync("Alpha");
        await CreateAsync("Other", brandName: brand + "X");

        var page = await ListAsync($"brand={brand.ToUpperInvariant()}");

        Assert.Equal([a.Gtin], page.Data.Select(d => d.Gtin));
        Assert.Equal(1, page.Pagination.TotalCount);
    }

    [Fact]
    public async Task A_trade_item_has_the_list_fields()
    {
        var created = await CreateAsync("Listed", claimed: true, country: "fr");

        var item = Assert.Single((await ListAsync($"brand={brand}")).Data);

        Assert.Equivalent(new TradeItemOut(created.Id, created.Gtin, "Listed", brand, "", "", null, "FR", "", true, 1.0, "", created.Created, null, org, []), item, strict: true);
    }

    [Fact]
    public async Task Claim_state_country_and_source_filters_combine()
    {
        var claimedFr = await CreateAsync("A", claimed: true, country: "FR");
        var unclaimedFr = await CreateAsync("B", country: "FR");
        await CreateAsync("C", claimed: true, country: "DE");

        Assert.Equal([claimedFr.Gtin], (await ListAsync($"brand={brand}&is_claimed=true&country_of_origin=fr")).Data.Select(d => d.Gtin));
        Assert.Equal([unclaimedFr.Gtin], (await ListAsync($"brand={brand}&is_claimed=FALSE")).Data.Select(d => d.Gtin));
        Assert.Equal([unclaimedFr.Gtin], (await ListAsync($"brand={brand}&data_source=crowd_sourced")).Data.Select(d => d.Gtin));
        Assert.Equal(2, (await ListAsync($"brand={brand}&data_source=claimed")).Pagination.TotalCount);
        Assert.Empty((await ListAsync($"brand={brand}&data_source=usda_fdc")).Data);
    }

    [Fact]
    public async Task Q_searches_name_and_brand_as_a_substring_with_wildcards_taken_literally()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var byName = await CreateAsync($"Super {marker} Cola");
        var byBrand = await CreateAsync("Plain", brandName: $"{marker}_brand");
        await CreateAsync("Unrelated");

        var found = await ListAsync($"q={marker.ToUpperInvariant()}");
        var literal = await ListAsync($"q={marker}%25");

        Assert.Equal(new[] { byName.Gtin, byBrand.Gtin }.Order(), found.Data.Select(d => d.Gtin).Order());
        Assert.Empty(literal.Data);
        Assert.Equal([byBrand.Gtin], (await ListAsync($"q={marker}_")).Data.Select(d => d.Gtin));
    }

    [Fact]
    public async Task Ordering_accepts_the_four_fields_in_both_directions()
    {
        var b = await CreateAsync("Banana");
        var a = await CreateAsync("Apple");
        var c = await CreateAsync("Cherry");

        Assert.Equal([a.Gtin, b.Gtin, c.Gtin], (await ListAsync($"brand={brand}&ordering=product_name")).Data.Select(d => d.Gtin));
        Assert.Equal([a.Gtin, b.Gtin, c.Gtin], (await ListAsync($"brand={brand}&ordering=%2Bproduct_name")).Data.Select(d => d.Gtin));
        Assert.Equal([c.Gtin, b.Gtin, a.Gtin], (await ListAsync($"brand={brand}&ordering=-product_name")).Data.Select(d => d.Gtin));
        Assert.Equal([b.Gtin, a.Gtin, c.Gtin], (await ListAsync($"brand={brand}&ordering=created")).Data.Select(d => d.Gtin));
        Assert.Equal([c.Gtin, a.Gtin, b.Gtin], (await ListAsync($"brand={brand}")).Data.Select(d => d.Gtin));
        Assert.Equal(3, (await ListAsync($"brand={brand}&ordering=-confidence_score")).Data.Count);
        Assert.Equal(3, (await ListAsync($"brand={brand}&ordering=brand")).Data.Count);
    }

    [Fact]
    public async Task Pages_split_the_filtered_list()
    {
        for (var i = 0; i < 5; i++) await CreateAsync($"P{i}");

        var second = await ListAsync($"brand={brand}&page=2&page_size=2&ordering=product_name");

        Assert.Equal(["P2", "P3"], second.Data.Select(d => d.ProductName));
        Assert.Equal(new PaginationInfo(2, 2, 5, 3, true, true), second.Pagination);
    }

    [Fact]
    public async Task A_category_filter_matches_nothing_while_categories_do_not_exist()
    {
        await CreateAsync("Uncategorized");

        Assert.Empty((await ListAsync($"brand={brand}&category_id={ShortId.Encode(Guid.NewGuid())}")).Data);
    }

    [Theory]
    [InlineData("is_claimed=yes", "is_claimed")]
    [InlineData("country_of_origin=ZZ", "country_of_origin")]
    [InlineData("country_of_origin=USA", "country_of_origin")]
    [InlineData("data_source=scraped", "data_source")]
    [InlineData("ordering=price", "ordering")]
    [InlineData("ordering=--created", "ordering")]
    [InlineData("category_id=42", "category_id")]
    [InlineData("page=0", "page")]
    [InlineData("page_size=101", "page_size")]
    public async Task Bad_filter_values_return_422(string query, string field)
    {
        var response = await Client.GetAsync($"{TradeItems}?{query}");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task An_overlong_q_returns_422()
    {
        var response = await Client.GetAsync($"{TradeItems}?q={new string('x', TradeItemsApi.QueryMax + 1)}");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "q");
    }

    [Fact]
    public async Task The_detail_has_the_product_fields_and_the_detail_only_ones()
    {
        var created = await CreateAsync("Detailed", claimed: true);
        await Client.PatchJsonAsync($"{Api.Products}/{created.Gtin}", new
        {
            primary_language = "EN", usage_instructions = "Shake well.", brand_product_page_url = "https://acme.example/p/1",
            countries_sold = new[] { "us", "CA", "US" },
        });

        var response = await Client.GetAsync($"{TradeItems}/{created.Gtin[1..]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var detail = await response.ReadAsync<TradeItemDetail>();
        Assert.Equal(created.Gtin, detail.Gtin);
        Assert.Equal("en", detail.PrimaryLanguage);
        Assert.Equal("Shake well.", detail.UsageInstructions);
        Assert.Equal("https://acme.example/p/1", detail.BrandProductPageUrl);
        Assert.Equal("", detail.AiSummary);
        Assert.Equal(["US", "CA"], detail.CountriesSold);
        Assert.Equal(created.Created, detail.Created);
        Assert.True(detail.Modified > created.Modified);
        Assert.Equal(org, detail.OwnerId);
    }

    [Fact]
    public async Task The_detail_of_an_unknown_gtin_is_404_and_of_a_malformed_one_422()
    {
        await (await Client.GetAsync($"{TradeItems}/{TestGtins.New13()}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Client.GetAsync($"{TradeItems}/12345678901")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
    }

    [Fact]
    public async Task Browse_finds_a_product_by_short_id_or_uuid()
    {
        var created = await CreateAsync("Browsable", claimed: true);
        Assert.True(ShortId.TryParse(created.Id, out var uuid));

        var byShortId = await (await Client.GetAsync($"{Browse}/{created.Id}")).ReadAsync<ProductBrowseOut>();
        var byUuid = await (await Client.GetAsync($"{Browse}/{uuid}")).ReadAsync<ProductBrowseOut>();

        var expected = new ProductBrowseOut(created.Id, created.Gtin, true, created.Created, "Browsable", brand, "", org);
        Assert.Equal(expected, byShortId);
        Assert.Equal(expected, byUuid);
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("")]
    public async Task Browse_answers_404_for_unknown_and_malformed_ids(string suffix)
    {
        var unknown = await Client.GetAsync($"{Browse}/{ShortId.Encode(Guid.NewGuid())}");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        if (suffix.Length > 0)
            await (await Client.GetAsync($"{Browse}/{suffix}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task The_browse_list_is_paginated_newest_first()
    {
        var first = await CreateAsync("Older");
        var second = await CreateAsync("Newer", claimed: true);

        var response = await Client.GetAsync($"{Browse}?page_size=100&is_claimed=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadAsync<Paged<ProductBrowseOut>>();
        Assert.All(page.Data, p => Assert.True(p.IsClaimed));
        Assert.Contains(page.Data, p => p.Gtin == second.Gtin);
        Assert.DoesNotContain(page.Data, p => p.Gtin == first.Gtin);
        Assert.Equal(page.Data.OrderByDescending(p => p.Created).Select(p => p.Id), page.Data.Select(p => p.Id));
        await (await Client.GetAsync($"{Browse}?is_claimed=maybe")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "is_claimed");
    }

    [Theory]
    [InlineData("publishable")]
    [InlineData("anonymous")]
    public async Task Keyless_and_publishable_callers_get_404_on_every_read(string who)
    {
        var created = await CreateAsync("Hidden");
        var client = who == "anonymous" ? fx.AnonymousClient()
            : fx.ClientAs(Caller.ForOrganization(Guid.NewGuid(), Roles.Owner, ApiKeyFormat.Publishable));

        foreach (var path in new[] { TradeItems, $"{TradeItems}/{created.Gtin}", Browse, $"{Browse}/{created.Id}" })
            await (await client.GetAsync(path)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
