using System.Net.Http.Json;
using System.Text;
using Closient.Testing;

namespace Closient.Locations.Tests;

/// <summary>Hostile input on create gets a 4xx problem naming the field, and nothing is written.</summary>
public sealed class BadInputTests(LocationsFixture fx) : IClassFixture<LocationsFixture>
{
    public static TheoryData<string, int, string, string?> Bodies => new()
    {
        { """{"name": "x", "lat": 91, "lon": 0}""", 422, "VALIDATION_ERROR", "lat" },
        { """{"name": "x", "lat": 0, "lon": 180.5}""", 422, "VALIDATION_ERROR", "lon" },
        { """{"name": "x", "lon": 0}""", 422, "VALIDATION_ERROR", "lat" },
        { """{"lat": 0, "lon": 0}""", 422, "VALIDATION_ERROR", "name" },
        { """{"name": "   ", "lat": 0, "lon": 0}""", 422, "VALIDATION_ERROR", "name" },
        { """{"name": "x", "lat": "north", "lon": 0}""", 422, "VALIDATION_ERROR", "lat" },
        { """{"name": 42, "lat": 0, "lon": 0}""", 422, "VALIDATION_ERROR", "name" },
        { """{"name": "x", "lat": 0, "lon": 0, "colour": "red"}""", 422, "VALIDATION_ERROR", "colour" },
        { """{"name": "x", "lat": 0, "lon": 0, "currency": "dollars"}""", 422, "VALIDATION_ERROR", "currency" },
        { """{"name": "x", "lat": 0, "lon": 0, "website": "javascript:alert(1)"}""", 422, "VALIDATION_ERROR", "website" },
        { "{\"name\": \"" + new string('x', 256) + "\", \"lat\": 0, \"lon\": 0}", 422, "VALIDATION_ERROR", "name" },
        { """{"name": "x", "lat": 0, "lon": 0, "metadata": {"k": 5}}""", 422, "VALIDATION_ERROR", "metadata.k" },
        { """{"name": "x", "lat": 0, "lon": 0""", 400, "BAD_REQUEST", null },
        { """not json at all""", 400, "BAD_REQUEST", null },
        { """[]""", 400, "BAD_REQUEST", null },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Bad_bodies_get_a_problem_naming_the_field_and_write_nothing(string json, int status, string code, string? field)
    {
        var org = LocationsFixture.NewOrganization();

        var response = await fx.ClientFor(org).PostAsync($"/locations/api/v1/organizations/{org}/locations", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.AssertAsync(response, status, code, field);
        Assert.Equal(0, await CountAsync(org));
    }

    [Fact]
    public async Task A_malformed_organization_id_gets_422()
    {
        var response = await fx.ClientFor(LocationsFixture.NewOrganization()).PostAsJsonAsync("/locations/api/v1/organizations/not-an-id/locations", new { name = "x", lat = 0, lon = 0 });

        await ProblemAssert.AssertAsync(response, 422, "VALIDATION_ERROR", "organization_id");
    }

    [Fact]
    public async Task A_body_over_one_megabyte_gets_413()
    {
        var org = LocationsFixture.NewOrganization();
        var json = "{\"name\": \"" + new string('x', 2 * 1024 * 1024) + "\", \"lat\": 0, \"lon\": 0}";

        var response = await fx.ClientFor(org).PostAsync($"/locations/api/v1/organizations/{org}/locations", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.AssertAsync(response, 413, "PAYLOAD_TOO_LARGE");
        Assert.Equal(0, await CountAsync(org));
    }

    [Fact]
    public async Task Sql_and_html_metacharacters_are_stored_verbatim()
    {
        var org = LocationsFixture.NewOrganization();
        const string name = "Robert'); DROP TABLE locations.locations;-- <script>alert(1)</script>";

        var created = await fx.CreateAsync(org, new { name, address = "\"quoted\" & <b>bold</b>", lat = 0, lon = 0 });

        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal(1, await CountAsync(org));
    }

    [Fact]
    public async Task Unknown_ids_get_404_problems()
    {
        using var client = fx.ClientFor(LocationsFixture.NewOrganization());
        await ProblemAssert.AssertAsync(await client.GetAsync("/locations/api/v1/locations/2222222222222222222222"), 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(await client.GetAsync("/locations/api/v1/locations/%27%20OR%201=1"), 404, "NOT_FOUND");
    }

    Task<long> CountAsync(string org)
    {
        Closient.ServiceDefaults.Http.ShortId.TryParse(org, out var id);
        return fx.Database.ScalarAsync<long>("SELECT count(*) FROM locations.locations WHERE organization_id = @id", new { id });
    }
}
