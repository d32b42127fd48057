using System.Net;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>
/// Conformance: "SHALL extract and syntactically validate the URI … and report errors with an HTTP
/// response code of 400" and "SHALL NOT use a 200 OK response code with a resource that indicates an error".
/// </summary>
public sealed class ResolverSyntaxTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    [Theory]
    [InlineData("/01/09506000134353", "check digit")]               // wrong check digit
    [InlineData("/01/0950600013435A", "digits")]                   // non-digits
    [InlineData("/01/12345678901", "8, 12, 13 or 14")]              // 11 digits
    [InlineData("/01/1234567", "8, 12, 13 or 14")]                 // wrong length
    [InlineData("/01/09506000134352123", "8, 12, 13 or 14")]       // too long
    [InlineData("/01", "no value")]
    [InlineData("/01/", "no value")]
    [InlineData("/01/09506000134352/17/271231", "not a key qualifier")]
    [InlineData("/01/09506000134352/21/S1/10/L1", "out of order")]
    [InlineData("/01/09506000134352/10/L1/10/L2", "more than once")]
    [InlineData("/01/09506000134352/99/X", "not a key qualifier")]
    [InlineData("/01/09506000134352/9999/X", "Unknown AI (9999)")]
    [InlineData("/01/09506000134352/10/ABCDEFGHIJKLMNOPQRSTUVWXYZ", "too long")]
    [InlineData("/01/09506000134352/10", "no value")]
    [InlineData("/01/09506000134352?21=S1", "not allowed as a data attribute")]
    [InlineData("/01/09506000134352?17=271301", "YYMMDD")]
    [InlineData("/01/09506000134352?9999=1", "Unknown AI (9999)")]
    [InlineData("/01/09506000134352?linkType=gs1:notALinkType", "not a GS1 link type")]
    [InlineData("/01/09506000134352?linkType=https://gs1.org/voc/notALinkType", "not a GS1 link type")]
    [InlineData("/00/106141411234567898", "check digit")]
    [InlineData("/414/9521321000019", "check digit")]
    [InlineData("/8006/095060001343520300", "piece")]
    public async Task Malformed_uris_get_a_400_problem_never_200(string path, string detail)
    {
        foreach (var accept in new[] { null, "text/html", "application/json", "application/linkset+json" })
        {
            var response = await fx.Scanner().GetAsync(path, accept);

            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
            Assert.Contains(detail, problem.GetProperty("detail").GetString());
            Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        }
    }

    [Fact]
    public async Task A_head_request_on_a_malformed_uri_is_400_too()
    {
        var response = await fx.Scanner().SendAsync(HttpMethod.Head, "/01/09506000134353", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_request_without_the_gateways_token_is_401()
    {
        var response = await fx.Client.GetAsync("/01/09506000134352");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
