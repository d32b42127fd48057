using System.Net;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>GTIN-8, -12 and -13 under /01/ answer 301 to the canonical 14-digit URI, keeping qualifiers and query.</summary>
public sealed class CanonicalRedirectTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task A_short_gtin_is_moved_permanently_to_its_gtin14_form(int length)
    {
        var gtin = TestGtins.New(length);

        var response = await fx.Scanner().GetAsync($"/01/{gtin}/10/LOT%2F1/21/S1?17=271231&linkType=gs1:pip&utm_source=qr", "text/html");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"http://localhost/01/{TestGtins.To14(gtin)}/10/LOT%2F1/21/S1?17=271231&linkType=gs1:pip&utm_source=qr", response.Location());
        Assert.Contains($"<http://localhost/01/{TestGtins.To14(gtin)}/10/LOT%2F1/21/S1?linkType=linkset>; rel=\"linkset\"", response.LinkHeader());
    }

    [Fact]
    public async Task The_redirect_happens_before_the_product_is_looked_up_and_for_every_accept()
    {
        var gtin = TestGtins.New13(); // no such product

        foreach (var accept in new[] { "application/json", "application/linkset+json", "*/*" })
        {
            var response = await fx.Scanner().GetAsync($"/01/{gtin}/", accept);

            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal($"http://localhost/01/{TestGtins.To14(gtin)}", response.Location());
        }
    }

    [Fact]
    public async Task A_short_gtin_with_a_wrong_check_digit_is_400_not_a_redirect()
    {
        var response = await fx.Scanner().GetAsync($"/01/{TestGtins.WithWrongCheckDigit(TestGtins.New13())}", "text/html");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
    }
}
