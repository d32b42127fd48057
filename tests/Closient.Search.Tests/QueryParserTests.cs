using Closient.Search.Constraints;
using Closient.ServiceDefaults.Http;

namespace Closient.Search.Tests;

public sealed class QueryParserTests
{
    [Theory]
    [InlineData("red shoes under $50 within 5km", "red shoes", 50.0, null, 5.0, null)]
    [InlineData("oat milk less than 4.50", "oat milk", 4.5, null, null, null)]
    [InlineData("batteries over $20 in stock", "batteries", null, 20.0, null, "in_stock")]
    [InlineData("batteries at least 20 dollars", "batteries", null, 20.0, null, null)]
    [InlineData("coffee within 2 miles", "coffee", null, null, 3.22, null)]
    [InlineData("coffee within 120 km", "coffee", null, null, 50.0, null)]
    [InlineData("coffee under 3 km", "coffee", null, null, 3.0, null)]
    [InlineData("Coffee IN STOCK near me", "Coffee", null, null, null, "in_stock")]
    [InlineData("bread that is in stock and under $5", "bread", 5.0, null, null, "in_stock")]
    [InlineData("thunder cake", "thunder cake", null, null, null, null)]
    [InlineData("size 10 boots", "size 10 boots", null, null, null, null)]
    public void Phrases_become_constraints_and_leave_the_product_words(string query, string text, double? priceMax,
        double? priceMin, double? distanceKm, string? availability)
    {
        var validation = new Validation();

        var parsed = QueryParser.Parse(query, validation, "query");

        Assert.True(validation.IsValid);
        Assert.Equal(text, parsed.Text);
        Assert.Null(parsed.Gtin);
        Assert.Equal((decimal?)priceMax, parsed.Constraints.PriceMax);
        Assert.Equal((decimal?)priceMin, parsed.Constraints.PriceMin);
        Assert.Equal(distanceKm, parsed.Constraints.DistanceKm);
        Assert.Equal(availability, parsed.Constraints.Availability);
    }

    [Theory]
    [InlineData("gtin:00614141123452", "00614141123452")]
    [InlineData("GTIN: 614141123452", "00614141123452")]
    [InlineData("gtin:0614-1411-2345-2 in stock", "00614141123452")]
    public void A_gtin_query_is_normalized_to_14_digits(string query, string gtin)
    {
        var validation = new Validation();

        var parsed = QueryParser.Parse(query, validation, "query");

        Assert.True(validation.IsValid);
        Assert.Equal(gtin, parsed.Gtin);
    }

    [Theory]
    [InlineData("gtin:00614141123453")]
    [InlineData("gtin:")]
    [InlineData("gtin:abc")]
    public void A_malformed_gtin_query_is_an_error(string query)
    {
        var validation = new Validation();

        QueryParser.Parse(query, validation, "q");

        Assert.False(validation.IsValid);
    }

    [Fact]
    public void Constraints_serialize_without_unset_keys()
    {
        Assert.Equal("{}", new SearchConstraints().ToJson());
        var constraints = new SearchConstraints { PriceMax = 12.5m, Availability = SearchConstraints.InStock };
        Assert.Equal(constraints, SearchConstraints.FromJson(constraints.ToJson()));
    }
}
