using System.Text.Json;
using Closient.Catalog.Gs1;
using Closient.Testing;

namespace Closient.Catalog.Tests.Gs1;

public sealed class DigitalLinkBuilderTests
{
    static readonly DigitalLinkBuilder Builder = DigitalLinkBuilder.Instance;
    const string Root = "https://id.example.com";

    static string Build(AiValue key, AiValue[] qualifiers, AiValue[] attributes, string? linkType = null)
    {
        Assert.True(Builder.TryBuild(Root, key, qualifiers, attributes, linkType, out var uri, out var errors),
            string.Join("; ", errors.Select(e => e.Message)));
        return uri;
    }

    [Fact]
    public void Qualifiers_are_put_in_canonical_order_and_attributes_sorted_by_ai()
    {
        var uri = Build(new("01", "9506000134352"), [new("21", "S1"), new("10", "L1"), new("22", "V")], [new("3103", "000500"), new("17", "271231")], "https://gs1.org/voc/pip");

        Assert.Equal($"{Root}/01/09506000134352/22/V/10/L1/21/S1?17=271231&3103=000500&linkType=gs1%3Apip", uri);
    }

    [Fact]
    public void Values_are_percent_encoded_outside_the_unreserved_set_and_parse_back()
    {
        var uri = Build(new("01", "09506000134352"), [new("10", "A/B%C+D&E")], [], "linkset");

        Assert.Equal($"{Root}/01/09506000134352/10/A%2FB%25C%2BD%26E?linkType=linkset", uri);
        Assert.True(DigitalLinkParser.Instance.TryParseUri(uri, out var link, out _));
        Assert.Equal("A/B%C+D&E", link.Get("10"));
        Assert.Equal("linkset", link.LinkType);
    }

    [Theory]
    [MemberData(nameof(DigitalLinkParserTests.PrimaryKeys), MemberType = typeof(DigitalLinkParserTests))]
    public void Every_primary_key_with_its_qualifiers_round_trips(string ai)
    {
        var key = SyntaxDictionary.Instance.Find(ai)!;
        var sequence = key.QualifierPaths.FirstOrDefault() ?? [];
        var qualifiers = sequence.Reverse().Select(q => new AiValue(q, Gs1Samples.Valid(SyntaxDictionary.Instance.Find(q)!))).ToArray();

        var uri = Build(new(ai, Gs1Samples.Valid(key)), qualifiers, []);

        Assert.True(DigitalLinkParser.Instance.TryParseUri(uri, out var link, out var error), error?.Message);
        Assert.Equal(sequence, link.Qualifiers.Select(q => q.Ai));
    }

    [Theory]
    [InlineData("01", "09506000134353", "10", "L1", "17", "271231", "01")]
    [InlineData("01", "09506000134352", "17", "271231", "15", "271231", "17")]
    [InlineData("01", "09506000134352", "10", "L1", "21", "S1", "21")]
    [InlineData("01", "09506000134352", "10", "L1", "15", "271331", "15")]
    [InlineData("01", "09506000134352", "10", "L1", "10", "L2", "10")]
    [InlineData("17", "271231", "10", "L1", "15", "271231", "17")]
    public void Invalid_parts_are_reported_by_ai(string keyAi, string keyValue, string qAi, string qValue, string aAi, string aValue, string badAi)
    {
        Assert.False(Builder.TryBuild(Root, new(keyAi, keyValue), [new(qAi, qValue)], [new(aAi, aValue)], null, out _, out var errors));
        Assert.Contains(errors, e => e.Ai == badAi);
    }

    [Fact]
    public void Alternative_qualifier_sequences_cannot_be_mixed()
    {
        Assert.False(Builder.TryBuild(Root, new("01", "09506000134352"), [new("10", "L1"), new("235", "X")], [], null, out _, out var errors));
        Assert.Contains("cannot be combined", Assert.Single(errors).Message);
    }

    [Fact]
    public void Unknown_link_types_are_rejected()
    {
        Assert.False(Builder.TryBuild(Root, new("01", "09506000134352"), [], [], "gs1:nope", out _, out var errors));
        Assert.Equal("linkType", Assert.Single(errors).Ai);
    }
}

public sealed class LinkTypesTests
{
    [Fact]
    public void Every_link_type_of_the_vocabulary_file_is_loaded_with_its_title()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "services/Closient.Catalog/Gs1/Data/currentLinkTypes.json")));
        var expected = file.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("title").GetString());

        Assert.Equal(expected.Keys.Order(), LinkTypes.Instance.All.Select(t => t.Term).Order());
        Assert.All(LinkTypes.Instance.All, t => Assert.Equal(expected[t.Term], t.Title));
    }

    [Theory]
    [InlineData("gs1:pip")]
    [InlineData("https://gs1.org/voc/pip")]
    [InlineData("http://gs1.org/voc/pip")]
    public void Curies_and_full_uris_name_the_same_type(string value)
    {
        Assert.True(LinkTypes.Instance.TryFind(value, out var type));
        Assert.Equal("https://gs1.org/voc/pip", type.Uri);
        Assert.Equal("gs1:pip", type.Curie);
    }

    [Theory]
    [InlineData("gs1:notAType", true)]
    [InlineData("https://gs1.org/voc/notAType", true)]
    [InlineData("describedby", false)]
    [InlineData("https://example.com/voc/pip", false)]
    public void Unknown_or_foreign_types_are_not_found(string value, bool gs1Namespace)
    {
        Assert.False(LinkTypes.Instance.TryFind(value, out _));
        Assert.Equal(gs1Namespace, LinkTypes.IsGs1Namespace(value));
    }
}
