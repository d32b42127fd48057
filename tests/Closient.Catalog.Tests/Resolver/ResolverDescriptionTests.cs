using System.Net;
using System.Text.Json;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>Conformance: "SHALL provide a resolver description file at /.well-known/gs1resolver" (description-file-schema.json).</summary>
public sealed class ResolverDescriptionTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    [Fact]
    public async Task The_description_file_is_valid_against_the_gs1_schema()
    {
        var response = await fx.Scanner().GetAsync("/.well-known/gs1resolver", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var description = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        JsonSchemaAssert.Valid("description-file-schema.json", description);
        Assert.Equal("http://localhost", description.GetProperty("resolverRoot").GetString());
        Assert.Equal(["01"], description.GetProperty("supportedPrimaryKeys").EnumerateArray().Select(k => k.GetString()));
        var linkType = Assert.Single(description.GetProperty("supportedLinkType").EnumerateArray());
        Assert.Equal("https://gs1.org/voc/", linkType.GetProperty("namespace").GetString());
        Assert.Equal("gs1:", linkType.GetProperty("prefix").GetString());
        Assert.False(description.GetProperty("linkTypeDefaultCanBeLinkset").GetBoolean());
        Assert.Equal("http://localhost/resolver/api/v1/linkset-context.jsonld", description.GetProperty("jsonLdContextLocation").GetString());
    }

    [Fact]
    public void The_validator_rejects_a_description_without_its_required_fields()
    {
        Assert.NotEmpty(JsonSchemaAssert.Errors("description-file-schema.json", """{"resolverRoot":"https://x"}"""));
        Assert.NotEmpty(JsonSchemaAssert.Errors("description-file-schema.json", """{"resolverRoot":"https://x","supportedPrimaryKeys":["99"]}"""));
    }

    [Fact]
    public async Task Options_on_the_description_file_answers_cors()
    {
        var response = await fx.Scanner().SendAsync(HttpMethod.Options, "/.well-known/gs1resolver", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }
}
