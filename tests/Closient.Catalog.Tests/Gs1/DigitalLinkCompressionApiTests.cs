using System.Net;
using Closient.Catalog.Gs1;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Gs1;

/// <summary>The Digital Link API with compressed URIs: <c>compress: true</c> on build, compressed input to parse.</summary>
public sealed class DigitalLinkCompressionApiTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    const string Parse = "/products/api/v1/digital-link/parse", Build = "/products/api/v1/digital-link/build";
    readonly HttpClient client = fx.ClientFor(ShortId.Encode(Guid.NewGuid()), Roles.Viewer);

    [Fact]
    public async Task Build_answers_the_compressed_form_beside_the_uri_and_parse_reads_it_back()
    {
        var response = await client.PostJsonAsync(Build, new
        {
            gtin = "09506000134352", lot = "LOT1", serial = "SN/1", expiry = "261231", base_url = "https://id.brand.example",
            link_type = "gs1:pip", compress = true,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var built = await response.ReadAsync<BuildDigitalLinkResponse>();
        Assert.Equal("https://id.brand.example/01/09506000134352/10/LOT1/21/SN%2F1?17=261231&linkType=gs1%3Apip", built.Url);
        Assert.NotNull(built.CompressedUrl);
        Assert.Matches("^https://id\\.brand\\.example/[A-Za-z0-9_-]+$", built.CompressedUrl);

        var parsed = await (await client.PostJsonAsync(Parse, new { url = built.CompressedUrl })).ReadAsync<ParseDigitalLinkResponse>();
        Assert.True(parsed.IsValid, parsed.Error);
        Assert.True(parsed.IsCompressed);
        Assert.Equal(built.Url, parsed.UncompressedUrl);
        Assert.Equal(("09506000134352", "LOT1", "SN/1", "261231"), (parsed.Gtin, parsed.Lot, parsed.Serial, parsed.Expiry));
    }

    [Fact]
    public async Task Without_compress_there_is_no_compressed_url()
    {
        var built = await (await client.PostJsonAsync(Build, new { gtin = "09506000134352" })).ReadAsync<BuildDigitalLinkResponse>();
        Assert.Null(built.CompressedUrl);
        var plain = await (await client.PostJsonAsync(Parse, new { url = built.Url })).ReadAsync<ParseDigitalLinkResponse>();
        Assert.True(plain.IsValid);
        Assert.False(plain.IsCompressed);
        Assert.Null(plain.UncompressedUrl);
    }

    [Fact]
    public async Task The_reference_vector_parses_with_its_query_kept()
    {
        // github.com/gs1/digital-link.js tests/index.js: 'https://dlnkd.tn.gg/HxHKVAdpQgZzjr-hCDKigI'
        var parsed = await (await client.PostJsonAsync(Parse, new { url = "https://dlnkd.tn.gg/HxHKVAdpQgZzjr-hCDKigI?foo=bar" }))
            .ReadAsync<ParseDigitalLinkResponse>();

        Assert.True(parsed.IsValid, parsed.Error);
        Assert.True(parsed.IsCompressed);
        Assert.Equal("https://dlnkd.tn.gg/01/09780345418913/10/231/21/345345?15=120820&foo=bar", parsed.UncompressedUrl);
        Assert.Equal(new Dictionary<string, string> { ["01"] = "09780345418913", ["10"] = "231", ["21"] = "345345", ["15"] = "120820" }, parsed.RawAis);
    }

    [Fact]
    public async Task A_partially_compressed_uri_parses_with_its_prefix_and_query_kept()
    {
        // Gs1DigitalLinkLib's partially compressed vector (see DigitalLinkCompressionTests), under a path prefix.
        var parsed = await (await client.PostJsonAsync(Parse, new { url = "https://example.com/dl/01/05412345000013/EEarwSMXRuGw?arv=true" }))
            .ReadAsync<ParseDigitalLinkResponse>();

        Assert.True(parsed.IsValid, parsed.Error);
        Assert.True(parsed.IsCompressed);
        Assert.Equal("https://example.com/dl/01/05412345000013/10/ABC123?17=290331&arv=true", parsed.UncompressedUrl);
        Assert.Equal(new Dictionary<string, string> { ["01"] = "05412345000013", ["10"] = "ABC123", ["17"] = "290331" }, parsed.RawAis);
    }

    [Theory]
    [InlineData("https://example.com/ARHKVAdpRg", true)]           // compressed, wrong check digit
    [InlineData("https://example.com/HxHKVAdpQgZzjr", true)]       // compressed, cut short
    [InlineData("https://example.com/01/00614141123453", false)]   // uncompressed, wrong check digit: not taken for compressed
    [InlineData("https://example.com/prefix/ARHKVAdpRg", false)]
    public async Task Invalid_compressed_uris_are_200_with_is_valid_false(string url, bool isCompressed)
    {
        var response = await client.PostJsonAsync(Parse, new { url });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parsed = await response.ReadAsync<ParseDigitalLinkResponse>();
        Assert.False(parsed.IsValid);
        Assert.Equal(isCompressed, parsed.IsCompressed);
        Assert.Empty(parsed.RawAis);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
    }
}
