using System.Net;
using System.Text.Json;
using Closient.Catalog.Gs1;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Gs1;

/// <summary><c>POST /products/api/v1/digital-link/parse</c> and <c>/build</c> (spec/catalog.md §5).</summary>
public sealed class DigitalLinkApiTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    const string Parse = "/products/api/v1/digital-link/parse", Build = "/products/api/v1/digital-link/build";
    readonly HttpClient client = fx.ClientFor(ShortId.Encode(Guid.NewGuid()), Roles.Viewer);

    [Fact]
    public async Task A_digital_link_is_parsed_into_its_parts()
    {
        const string url = "https://gtin1.com/01/00614141123452/10/LOT1/21/SN1?17=261231&3103=000500";

        var response = await client.PostJsonAsync(Parse, new { url });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parsed = await response.ReadAsync<ParseDigitalLinkResponse>();
        Assert.Equal(new ParseDigitalLinkResponse(true, url, "00614141123452", "LOT1", "261231", "SN1",
            parsed.RawAis, null), parsed);
        Assert.Equal(new Dictionary<string, string> { ["01"] = "00614141123452", ["10"] = "LOT1", ["21"] = "SN1", ["17"] = "261231", ["3103"] = "000500" },
            parsed.RawAis);
    }

    [Fact]
    public async Task A_short_gtin_is_returned_as_gtin14_and_percent_encoded_values_decoded()
    {
        var response = await client.PostJsonAsync(Parse, new { url = "https://example.com/01/614141123452/10/A%2FB" });

        var parsed = await response.ReadAsync<ParseDigitalLinkResponse>();
        Assert.True(parsed.IsValid);
        Assert.Equal("00614141123452", parsed.Gtin);
        Assert.Equal("A/B", parsed.Lot);
        Assert.Null(parsed.Serial);
        Assert.Null(parsed.Expiry);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("https://example.com/")]
    [InlineData("https://example.com/01/00614141123453")]
    [InlineData("https://example.com/01/00614141123452/21/S/10/L")]
    [InlineData("https://example.com/00/106141411234567897")]
    [InlineData("javascript:alert(1)")]
    [InlineData("<script>")]
    public async Task Anything_else_is_200_with_is_valid_false_nulls_and_no_ais(string url)
    {
        var response = await client.PostJsonAsync(Parse, new { url });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.False(root.GetProperty("is_valid").GetBoolean());
        Assert.Equal(url, root.GetProperty("url").GetString());
        foreach (var field in new[] { "gtin", "lot", "expiry", "serial" })
            Assert.Equal(JsonValueKind.Null, root.GetProperty(field).ValueKind);
        Assert.Empty(root.GetProperty("raw_ais").EnumerateObject());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task A_missing_empty_or_too_long_url_is_422()
    {
        await (await client.PostJsonAsync(Parse, new { })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "url");
        await (await client.PostJsonAsync(Parse, new { url = "" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "url");
        await (await client.PostJsonAsync(Parse, new { url = "https://x/01/" + new string('1', 4090) }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "url");
        await (await client.PostRawAsync(Parse, """{"url":"https://x/01/1","extra":1}""")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task A_canonical_uri_is_built_from_its_parts()
    {
        var response = await client.PostJsonAsync(Build, new
        {
            gtin = "614141123452", lot = "LOT 1/A", serial = "SN1", expiry = "261231", base_url = "https://id.brand.example/",
            link_type = "gs1:certificationInfo", attributes = new Dictionary<string, string> { ["3103"] = "000500" },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode); // a space is not in CSET 82

        response = await client.PostJsonAsync(Build, new
        {
            gtin = "614141123452", lot = "LOT1/A", serial = "SN1", expiry = "261231", base_url = "https://id.brand.example/",
            link_type = "gs1:certificationInfo", attributes = new Dictionary<string, string> { ["3103"] = "000500" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var built = await response.ReadAsync<BuildDigitalLinkResponse>();
        Assert.Equal("https://id.brand.example/01/00614141123452/10/LOT1%2FA/21/SN1?17=261231&3103=000500&linkType=gs1%3AcertificationInfo", built.Url);

        var parsed = await (await client.PostJsonAsync(Parse, new { url = built.Url })).ReadAsync<ParseDigitalLinkResponse>();
        Assert.Equal(("00614141123452", "LOT1/A", "SN1", "261231"), (parsed.Gtin, parsed.Lot, parsed.Serial, parsed.Expiry));
    }

    [Fact]
    public async Task Without_a_base_url_the_resolver_root_is_used()
    {
        var response = await client.PostJsonAsync(Build, new { gtin = "00614141123452" });

        Assert.Equal("http://localhost/01/00614141123452", (await response.ReadAsync<BuildDigitalLinkResponse>()).Url);
    }

    [Theory]
    [InlineData("""{"lot":"L1"}""", "gtin")]
    [InlineData("""{"gtin":"00614141123453"}""", "gtin")]
    [InlineData("""{"gtin":"00614141123452","lot":"ABCDEFGHIJKLMNOPQRSTU"}""", "lot")]
    [InlineData("""{"gtin":"00614141123452","serial":""}""", "serial")]
    [InlineData("""{"gtin":"00614141123452","expiry":"261331"}""", "expiry")]
    [InlineData("""{"gtin":"00614141123452","expiry":"2612"}""", "expiry")]
    [InlineData("""{"gtin":"00614141123452","link_type":"gs1:nope"}""", "link_type")]
    [InlineData("""{"gtin":"00614141123452","base_url":"ftp://x.example"}""", "base_url")]
    [InlineData("""{"gtin":"00614141123452","base_url":"https://x.example/?a=1"}""", "base_url")]
    [InlineData("""{"gtin":"00614141123452","base_url":"not a url"}""", "base_url")]
    [InlineData("""{"gtin":"00614141123452","attributes":{"21":"S1"}}""", "attributes")]
    [InlineData("""{"gtin":"00614141123452","attributes":{"9999":"1"}}""", "attributes")]
    [InlineData("""{"gtin":"00614141123452","attributes":{"abc":"1"}}""", "attributes")]
    [InlineData("""{"gtin":"00614141123452","attributes":{"15":"261331"}}""", "attributes")]
    [InlineData("""{"gtin":"00614141123452","expiry":"261231","attributes":{"17":"261231"}}""", "attributes")]
    public async Task Bad_build_inputs_are_422_naming_the_field(string body, string field)
    {
        var response = await client.PostRawAsync(Build, body);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task Anonymous_and_publishable_callers_get_404()
    {
        var publishable = fx.ClientAs(Caller.ForOrganization(Guid.NewGuid(), Roles.Owner, "cpk"));
        foreach (var caller in new[] { fx.AnonymousClient(), publishable })
        {
            await (await caller.PostJsonAsync(Parse, new { url = "https://x/01/00614141123452" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            await (await caller.PostJsonAsync(Build, new { gtin = "00614141123452" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        }
    }
}
