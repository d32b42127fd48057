using System.Net;
using System.Text.Json;
using Closient.Catalog.Tests.Resolver;
using Closient.Catalog.Verification;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Verification;

/// <summary>PUT /products/api/v1/products/{gtin}/serial-statuses: the owner's marks, and what verification makes of them.</summary>
public sealed class SerialStatusTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    static string StatusPath(string gtin) => $"{Api.Products}/{gtin}/serial-statuses";

    static string Verify(string gtin, string serial) => $"/resolver/api/v1/verify/01/{gtin}/21/{serial}";

    async Task<string> StatusOfAsync(string gtin, string serial)
    {
        var response = await fx.AnonymousClient().GetAsync(Verify(gtin, serial));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("verificationStatus").GetString()!;
    }

    async Task<HttpResponseMessage> PutAsync(HttpClient client, string gtin, object body) =>
        await client.PutAsync(StatusPath(gtin), new StringContent(JsonSerializer.Serialize(body, Api.Json), System.Text.Encoding.UTF8, "application/json"));

    [Fact]
    public async Task The_owner_marks_a_serial_counterfeit_suspected_and_clears_it()
    {
        var (gtin, org) = await fx.CreateProductAsync();
        var editor = fx.ClientFor(org.ToString(), Roles.Editor);

        var response = await PutAsync(editor, gtin, new { serial_number = "FAKE/1", status = "counterfeit_suspected", note = " seen on a marketplace " });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mark = await response.ReadAsync<SerialStatusOut>();
        Assert.Equal((gtin, "FAKE/1", "counterfeit_suspected", "seen on a marketplace"), (mark.Gtin, mark.SerialNumber, mark.Status, mark.Note));
        Assert.NotNull(mark.Modified);

        Assert.Equal("counterfeit_suspected", await StatusOfAsync(gtin, "FAKE%2F1"));
        var keyed = JsonDocument.Parse(await fx.ClientFor(TestData.NewOrganizationId()).GetStringAsync(Verify(gtin, "FAKE%2F1"))).RootElement;
        Assert.Equal("flag_for_review", keyed.GetProperty("recommendation").GetString());
        Assert.Equal("authentic", await StatusOfAsync(gtin, "FAKE1"));

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(editor, gtin, new { serial_number = "FAKE/1", status = "serialization_error" })).StatusCode);
        Assert.Equal("serialization_error", await StatusOfAsync(gtin, "FAKE%2F1"));

        var cleared = await PutAsync(editor, gtin, new { serial_number = "FAKE/1", status = "cleared" });
        Assert.Equal("cleared", (await cleared.ReadAsync<SerialStatusOut>()).Status);
        Assert.Equal("authentic", await StatusOfAsync(gtin, "FAKE%2F1"));
    }

    [Fact]
    public async Task A_mark_stops_counting_when_its_organization_no_longer_owns_the_product()
    {
        var (gtin, org) = await fx.CreateProductAsync();
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(fx.ClientFor(org.ToString()), gtin, new { serial_number = "X1", status = "counterfeit_suspected" })).StatusCode);
        Assert.Equal("counterfeit_suspected", await StatusOfAsync(gtin, "X1"));

        Assert.Equal(HttpStatusCode.OK, (await fx.ClientFor(org.ToString()).DeleteAsync($"{Api.Products}/{gtin}")).StatusCode);

        Assert.Equal("authentic", await StatusOfAsync(gtin, "X1"));
    }

    [Fact]
    public async Task Other_organizations_viewers_anonymous_callers_and_unknown_products_get_404()
    {
        var (gtin, org) = await fx.CreateProductAsync();
        var body = new { serial_number = "S1", status = "counterfeit_suspected" };

        foreach (var client in new[] { fx.ClientFor(TestData.NewOrganizationId()), fx.ClientFor(org.ToString(), Roles.Viewer), fx.AnonymousClient() })
            await (await PutAsync(client, gtin, body)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await PutAsync(fx.ClientFor(org.ToString()), TestGtins.New13(), body)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("authentic", await StatusOfAsync(gtin, "S1"));
    }

    [Theory]
    [InlineData("", "counterfeit_suspected", "serial_number")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTU", "counterfeit_suspected", "serial_number")]
    [InlineData("S1", "authentic", "status")]
    [InlineData("S1", "", "status")]
    public async Task Bad_bodies_are_422(string serial, string status, string field)
    {
        var (gtin, org) = await fx.CreateProductAsync();
        await (await PutAsync(fx.ClientFor(org.ToString()), gtin, new { serial_number = serial, status }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        await (await PutAsync(fx.ClientFor(org.ToString()), "123", new { serial_number = serial, status }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
    }

    [Fact]
    public async Task A_too_long_note_is_422()
    {
        var (gtin, org) = await fx.CreateProductAsync();
        await (await PutAsync(fx.ClientFor(org.ToString()), gtin, new { serial_number = "S1", status = "counterfeit_suspected", note = new string('n', 1001) }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "note");
    }
}
