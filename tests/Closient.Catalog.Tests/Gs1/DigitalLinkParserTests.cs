using Closient.Catalog.Gs1;

namespace Closient.Catalog.Tests.Gs1;

public sealed class DigitalLinkParserTests
{
    static readonly DigitalLinkParser Parser = DigitalLinkParser.Instance;
    const string Gtin = "09506000134352";

    static DigitalLink Parse(string uri)
    {
        Assert.True(Parser.TryParseUri(uri, out var link, out var error), error?.Message);
        return link;
    }

    static DigitalLinkError Fail(string uri)
    {
        Assert.False(Parser.TryParseUri(uri, out _, out var error), $"{uri} should not parse");
        return error;
    }

    public static TheoryData<string> PrimaryKeys => new(SyntaxDictionary.Instance.PrimaryKeys.Select(k => k.Ai));

    [Theory]
    [MemberData(nameof(PrimaryKeys))]
    public void Every_primary_key_parses_with_a_valid_sample(string ai)
    {
        var definition = SyntaxDictionary.Instance.Find(ai)!;
        var value = Gs1Samples.Valid(definition);

        var link = Parse($"https://id.example.com/{ai}/{Uri.EscapeDataString(value)}");

        Assert.Equal(new AiValue(ai, value), link.PrimaryKey);
        Assert.Empty(link.Qualifiers);
        Assert.Equal($"/{ai}/{Uri.EscapeDataString(value)}", link.CanonicalPath);
    }

    [Theory]
    [MemberData(nameof(PrimaryKeys))]
    public void Every_primary_key_parses_with_each_full_qualifier_sequence_and_rejects_it_reversed(string ai)
    {
        var key = SyntaxDictionary.Instance.Find(ai)!;
        foreach (var sequence in key.QualifierPaths)
        {
            var pairs = sequence.Select(q => (Ai: q, Value: Gs1Samples.Valid(SyntaxDictionary.Instance.Find(q)!))).ToList();
            string PathOf(IEnumerable<(string Ai, string Value)> p) =>
                $"/{ai}/{Uri.EscapeDataString(Gs1Samples.Valid(key))}" + string.Concat(p.Select(x => $"/{x.Ai}/{Uri.EscapeDataString(x.Value)}"));

            var link = Parse(PathOf(pairs));
            Assert.Equal(sequence, link.Qualifiers.Select(q => q.Ai));
            Assert.Equal(pairs.Select(p => p.Value), link.Qualifiers.Select(q => q.Value));

            if (pairs.Count > 1)
                Assert.Contains("out of order", Fail(PathOf(Enumerable.Reverse(pairs))).Message);
        }
    }

    [Theory]
    [MemberData(nameof(PrimaryKeys))]
    public void Check_digit_failures_are_rejected_for_every_key_that_has_one(string ai)
    {
        var definition = SyntaxDictionary.Instance.Find(ai)!;
        if (!definition.Components.Any(c => c.Linters.Contains("csum"))) return;

        var error = Fail($"/{ai}/{Gs1Samples.WithWrongCheckDigit(definition)}");

        Assert.Equal(ai, error.Ai);
        Assert.Contains("check digit", error.Message);
    }

    [Fact]
    public void Every_data_attribute_ai_is_accepted_in_the_query_string()
    {
        foreach (var definition in SyntaxDictionary.Instance.All.Where(d => d.IsDataAttribute && d.Ai != "01"))
        {
            var value = Gs1Samples.Valid(definition);
            var link = Parse($"/01/{Gtin}?{definition.Ai}={Uri.EscapeDataString(value)}");
            Assert.Equal(new AiValue(definition.Ai, value), Assert.Single(link.DataAttributes));
        }
    }

    [Fact]
    public void A_full_uri_is_split_into_key_qualifiers_attributes_and_parameters()
    {
        var link = Parse($"https://example.com/01/{Gtin}/22/V1/10/AB%2F12/21/S%2B1?17=271231&3103=000500&linkType=gs1:pip&context=dk&foo=bar");

        Assert.Equal(new AiValue("01", Gtin), link.PrimaryKey);
        Assert.Equal([new("22", "V1"), new("10", "AB/12"), new("21", "S+1")], link.Qualifiers);
        Assert.Equal([new("17", "271231"), new("3103", "000500")], link.DataAttributes);
        Assert.Equal("gs1:pip", link.LinkType);
        Assert.Equal("dk", link.Context);
        Assert.Equal(new KeyValuePair<string, string>("foo", "bar"), Assert.Single(link.OtherParameters));
        Assert.Equal("AB/12", link.Get("10"));
        Assert.Equal("271231", link.Get("17"));
        Assert.Equal($"/01/{Gtin}/22/V1/10/AB%2F12/21/S%2B1", link.CanonicalPath);
        Assert.Equal($"/01/{Gtin}/22/V1", link.LevelPath(1));
        Assert.False(link.ShortGtin);
    }

    [Theory]
    [InlineData("95060002")]      // GTIN-8
    [InlineData("614141000036")]  // GTIN-12
    [InlineData("9506000134352")] // GTIN-13
    public void Short_gtins_are_recognised_and_normalised_to_14_digits(string gtin)
    {
        var link = Parse($"/01/{gtin}/10/L1?17=271231");

        Assert.True(link.ShortGtin);
        Assert.Equal(gtin.PadLeft(14, '0'), link.PrimaryKey.Value);
        Assert.Equal($"/01/{gtin.PadLeft(14, '0')}/10/L1", link.CanonicalPath);
    }

    [Fact]
    public void A_path_prefix_before_the_primary_key_and_a_trailing_slash_are_tolerated()
    {
        Assert.Equal(Gtin, Parse($"https://brand.example/some/prefix/01/{Gtin}/10/L1/").PrimaryKey.Value);
        Assert.Equal("L1", Parse($"/01/{Gtin}/10/L1/").Get("10"));
        // "01" as a lot value is not mistaken for a primary key.
        Assert.Equal("01", Parse($"/01/{Gtin}/10/01").Get("10"));
    }

    [Theory]
    [InlineData("/01/09506000134353", "check digit", "01")]
    [InlineData("/01/09506000134", "8, 12, 13 or 14", "01")]
    [InlineData("/01/ABCDEFGHIJKLMN", "only digits", "01")]
    [InlineData("/01/09506000134352/17/271231", "not a key qualifier", "17")]
    [InlineData("/01/09506000134352/21/S1/10/L1", "out of order", "10")]
    [InlineData("/01/09506000134352/10/L1/235/X", "out of order", "235")]
    [InlineData("/01/09506000134352/10/L1/10/L2", "more than once", "10")]
    [InlineData("/01/09506000134352/10/L1?10=L2", "more than once", "10")]
    [InlineData("/01/09506000134352?17=271231&17=281231", "more than once", "17")]
    [InlineData("/01/09506000134352?21=S1", "not allowed as a data attribute", "21")]
    [InlineData("/01/09506000134352?9999=1", "Unknown AI", "9999")]
    [InlineData("/01/09506000134352?17=271331", "YYMMDD", "17")]
    [InlineData("/01/09506000134352/10/ABCDEFGHIJKLMNOPQRSTU", "too long", "10")]
    [InlineData("/01/09506000134352/10/A%20B", "not allowed", "10")]
    [InlineData("/01/09506000134352/10", "no value", "10")]
    [InlineData("/00/106141411234567897/10/L1", "takes no key qualifiers", "10")]
    [InlineData("/01/09506000134352/10/%ZZ", "percent-encoding", "10")]
    public void Syntax_errors_are_precise(string uri, string message, string ai)
    {
        var error = Fail(uri);

        Assert.Contains(message, error.Message);
        Assert.Equal(ai, error.Ai);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello world")]
    [InlineData("ftp://example.com/01/09506000134352")]
    [InlineData("https://example.com/")]
    [InlineData("https://example.com/products/42")]
    [InlineData("/01/09506000134352?linkType=a&linkType=b")]
    public void Arbitrary_strings_are_not_digital_links(string uri) => Fail(uri);

    [Theory]
    [InlineData("/01/09506000134352/10/L\u00fc", "")]
    [InlineData("/01/09506000134352", "x=\u00fc")]
    [InlineData("/01/09506000134352/10/A B", "")]
    [InlineData("/01/09506000134352", "x=a\nb")]
    public void Raw_targets_with_characters_that_must_be_encoded_are_rejected(string path, string query)
    {
        Assert.False(Parser.TryParse(System.Text.RegularExpressions.Regex.Unescape(path), System.Text.RegularExpressions.Regex.Unescape(query),
            primaryKeyFirst: true, out _, out var error));
        Assert.Contains("percent-encode", error.Message);
    }

    [Fact]
    public void Resolver_paths_must_start_with_the_primary_key()
    {
        Assert.True(Parser.TryParse($"/01/{Gtin}", "", primaryKeyFirst: true, out _, out _));
        Assert.False(Parser.TryParse($"/foo/01/{Gtin}", "", primaryKeyFirst: true, out _, out var error));
        Assert.Contains("Unknown AI (foo)", error.Message);
        Assert.False(Parser.TryParse("/01", "", primaryKeyFirst: true, out _, out error));
        Assert.Contains("no value", error.Message);
    }
}
