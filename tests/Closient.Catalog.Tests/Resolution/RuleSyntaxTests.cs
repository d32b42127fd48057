using Closient.Catalog.Resolution;

namespace Closient.Catalog.Tests.Resolution;

/// <summary>The small parsers behind rule validation: time zones, link types, scope ids.</summary>
public sealed class RuleSyntaxTests
{
    [Fact]
    public void A_time_zone_id_must_be_spelled_exactly_even_after_the_zone_was_loaded()
    {
        Assert.True(TimeZones.TryFind("Europe/Berlin", out var berlin));
        Assert.Equal("Europe/Berlin", berlin.Id);

        Assert.False(TimeZones.TryFind("europe/berlin", out _));
        Assert.False(TimeZones.TryFind("EUROPE/BERLIN", out _));
    }

    [Theory]
    [InlineData("gs1:pip", "gs1:pip")]
    [InlineData("gs1:recallStatus", "gs1:recallStatus")]
    [InlineData("https://gs1.org/voc/pip", "gs1:pip")]
    [InlineData("http://gs1.org/voc/traceability", "gs1:traceability")]
    [InlineData("describedby", "describedby")]
    [InlineData("service-doc", "service-doc")]
    public void Link_types_normalize(string input, string expected)
    {
        Assert.True(RuleLinkTypes.TryNormalize(input, out var linkType));
        Assert.Equal(expected, linkType);
    }

    [Theory]
    [InlineData(RuleScope.Product, "9521101530018", "09521101530018")]
    [InlineData(RuleScope.Product, "0952-1101-5300-18", "09521101530018")]
    [InlineData(RuleScope.Batch, "9521101530018/10/A/B", "09521101530018/10/A/B")]
    [InlineData(RuleScope.Serial, "09521101530018/21/!\"%&'()*+,-./:;<=>?_", "09521101530018/21/!\"%&'()*+,-./:;<=>?_")]
    [InlineData(RuleScope.Brand, "00000000-0000-0000-0000-000000000001", "2222222222222222222223")]
    public void Scope_ids_parse_to_their_canonical_form(RuleScope scope, string input, string canonical)
    {
        Assert.True(ScopeIds.TryParse(scope, input, out var parsed, out _, out var error), error);
        Assert.Equal(canonical, parsed);
    }
}
