using System.Net;
using Closient.Testing;
using static Closient.Search.Tests.CatalogDriver;

namespace Closient.Search.Tests;

/// <summary>Bad input to the catalog search: a 422 naming the field, never a 5xx, and no SearchPerformed.</summary>
public sealed class CatalogSearchValidationTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    readonly CatalogDriver _driver = new(fx);

    public static TheoryData<string, string> BadInput => new()
    {
        { "", "q" },
        { "q=", "q" },
        { "q=%20%20%20", "q" },
        { "q=" + new string('a', 256), "q" },
        { "q=" + new string('a', 1000), "q" },
        { "q=-chocolate", "q" },
        { "q=-chocolate%20-%22milk%20bar%22", "q" },
        { "q=%22%22", "q" },
        { "q=%22", "q" },
        { "q=OR", "q" },
        { "q=!!!%20...", "q" },
        { "q=milk%00", "q" },
        { "q=milk&type=shoes", "type" },
        { "q=milk&type=", "type" },
        { "q=milk&type=products&type=x", "type" },
        { "q=milk&page=0", "page" },
        { "q=milk&page=-1", "page" },
        { "q=milk&page=abc", "page" },
        { "q=milk&page_size=0", "page_size" },
        { "q=milk&page_size=101", "page_size" },
        { "q=milk&page_size=1e3", "page_size" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_a_validation_error_naming_the_field(string query, string field)
    {
        var response = await fx.Anonymous.GetAsync($"{SearchPath}?{query}");

        await ProblemAssert.AssertAsync(response, 422, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task Only_exclusions_says_so()
    {
        var problem = await ProblemAssert.AssertAsync(await _driver.GetAsync("-milk -bread"), 422, "VALIDATION_ERROR", "q");

        Assert.Contains("excludes", problem.GetProperty("errors").GetProperty("q")[0].GetString());
    }

    [Theory]
    [InlineData("\"unbalanced quote")]
    [InlineData("trail \"mix")]
    [InlineData("milk -")]
    [InlineData("🍫")]
    [InlineData("👩‍👩‍👧 family pack")]
    [InlineData("'); DROP TABLE search.products;--")]
    [InlineData("50% off_ \\ milk")]
    [InlineData("a & b | !c <-> d:*")]
    [InlineData("OR milk OR")]
    [InlineData("the")]
    [InlineData("the -milk")]
    [InlineData("Ünïcödé ñame 名前")]
    public async Task Odd_but_valid_queries_are_answered(string q)
    {
        var result = await _driver.SearchAsync(q);

        Assert.NotNull(result["data"]);
        Assert.Equal(1, result["pagination"]!["page"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_255_character_query_is_accepted()
    {
        var response = await _driver.GetAsync(new string('b', 255));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Bad_input_publishes_no_search_event()
    {
        var marker = Word();
        await ProblemAssert.AssertAsync(await _driver.GetAsync("-" + marker), 422, "VALIDATION_ERROR", "q");
        await ProblemAssert.AssertAsync(await _driver.GetAsync(marker, "&page=0"), 422, "VALIDATION_ERROR", "page");
        var after = Word();
        await _driver.SearchAsync(after);

        await fx.Bus.WaitForAsync<Closient.Contracts.Search.SearchPerformed>(e => e.Query == after);
        Assert.DoesNotContain(fx.Bus.Seen<Closient.Contracts.Search.SearchPerformed>(), e => e.Message.Query.Contains(marker));
    }
}
