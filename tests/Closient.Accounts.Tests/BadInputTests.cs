using System.Net.Http.Json;
using System.Text;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Accounts.Tests;

/// <summary>Hostile input gets a 4xx problem naming the field, and nothing is written.</summary>
public sealed class BadInputTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    public static TheoryData<string, int, string, string?> OrganizationBodies => new()
    {
        { """{"country": "US"}""", 422, "VALIDATION_ERROR", "name" },
        { """{"name": "  ", "country": "US"}""", 422, "VALIDATION_ERROR", "name" },
        { "{\"name\": \"" + new string('x', 256) + "\", \"country\": \"US\"}", 422, "VALIDATION_ERROR", "name" },
        { """{"name": "x"}""", 422, "VALIDATION_ERROR", "country" },
        { """{"name": "x", "country": "USA"}""", 422, "VALIDATION_ERROR", "country" },
        { """{"name": "x", "country": "XX"}""", 422, "VALIDATION_ERROR", "country" },
        { """{"name": 42, "country": "US"}""", 422, "VALIDATION_ERROR", "name" },
        { """{"name": "x", "country": "US", "is_brand": "yes"}""", 422, "VALIDATION_ERROR", "is_brand" },
        { """{"name": "x", "country": "US", "public_id": "acme"}""", 422, "VALIDATION_ERROR", "public_id" },
        { """{"name": "x", "country": "US", "metadata": []}""", 422, "VALIDATION_ERROR", "metadata" },
        { "{\"name\": \"x\", \"country\": \"US\", \"metadata\": {\"k\": \"" + new string('v', 501) + "\"}}", 422, "VALIDATION_ERROR", "metadata.k" },
        { """{"name": "x", "country": "US\u0007"}""", 422, "VALIDATION_ERROR", "country" },
        { """{"name": "x", "country": "US" """, 400, "BAD_REQUEST", null },
        { "not json", 400, "BAD_REQUEST", null },
        { "[]", 400, "BAD_REQUEST", null },
    };

    [Theory]
    [MemberData(nameof(OrganizationBodies))]
    public async Task Bad_organization_bodies_get_a_problem_and_create_nothing(string json, int status, string code, string? field)
    {
        var owner = await fx.BootstrapAsync();

        var response = await fx.Owner(owner).PostAsync("/account/api/v1/organizations", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.AssertAsync(response, status, code, field);
        Assert.Equal(1, await OrganizationsOfAsync(owner.UserId));
    }

    [Theory]
    [MemberData(nameof(OrganizationBodies))]
    public async Task Bad_organization_updates_get_a_problem_and_change_nothing(string json, int status, string code, string? field)
    {
        if (field is "name" && !json.Contains("\"name\"")) return; // omitted fields are valid on PUT
        if (field is "country" && !json.Contains("\"country\"")) return;
        var owner = await fx.BootstrapAsync(organization: "Unchanged");
        var path = $"/account/api/v1/organizations/{ShortId.Encode(owner.OrganizationId)}";

        var response = await fx.Owner(owner).PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.AssertAsync(response, status, code, field);
        Assert.Equal("Unchanged", await fx.Database.ScalarAsync<string>("SELECT name FROM accounts.organizations WHERE id = @id", new { id = owner.OrganizationId }));
    }

    [Fact]
    public async Task A_body_over_one_megabyte_gets_413()
    {
        var owner = await fx.BootstrapAsync();
        var json = "{\"name\": \"" + new string('x', 2 * 1024 * 1024) + "\", \"country\": \"US\"}";

        var response = await fx.Owner(owner).PostAsync("/account/api/v1/organizations", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.AssertAsync(response, 413, "PAYLOAD_TOO_LARGE");
        Assert.Equal(1, await OrganizationsOfAsync(owner.UserId));
    }

    [Fact]
    public async Task Sql_and_html_metacharacters_are_stored_verbatim()
    {
        var owner = await fx.BootstrapAsync();
        const string name = "Robert'); DROP TABLE accounts.users;-- <script>alert(1)</script>";

        var response = await fx.Owner(owner).PostAsJsonAsync("/account/api/v1/organizations", new { name, country = "US" });
        var member = await fx.Owner(owner).PostAsJsonAsync($"/account/api/v1/organizations/{ShortId.Encode(owner.OrganizationId)}/members",
            new { email = "o'brien+<b>@example.com" });

        Assert.Equal(name, (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("name").GetString());
        Assert.Equal("o'brien+<b>@example.com", (await member.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("user_email").GetString());
        Assert.Equal(2, await OrganizationsOfAsync(owner.UserId));
    }

    [Fact]
    public async Task Malformed_and_unknown_ids_in_paths_get_404()
    {
        var owner = await fx.BootstrapAsync();
        var client = fx.Owner(owner);
        var org = ShortId.Encode(owner.OrganizationId);

        foreach (var path in new[]
        {
            "/account/api/v1/organizations/%27%20OR%201=1", "/account/api/v1/organizations/2222222222222222222222",
            $"/account/api/v1/organizations/{org}/members/not-an-id", $"/account/api/v1/organizations/{org}/members/2222222222222222222222",
            $"/account/api/v1/organizations/{org}/api-keys/zzzz", $"/account/api/v1/organizations/{org}/api-keys/2222222222222222222222",
        })
            await ProblemAssert.AssertAsync(await client.GetAsync(path), 404, "NOT_FOUND");
    }

    [Fact]
    public async Task A_publishable_key_gets_404_even_on_bad_input()
    {
        var owner = await fx.BootstrapAsync();
        var cpk = fx.ClientAs(new Caller(null, Guid.CreateVersion7(), ApiKeyFormat.Publishable, new Dictionary<Guid, string> { [owner.OrganizationId] = Roles.ReadOnly }, []));

        var response = await cpk.PostAsJsonAsync($"/account/api/v1/organizations/{ShortId.Encode(owner.OrganizationId)}/api-keys", new { name = "" });

        await ProblemAssert.AssertAsync(response, 404, "NOT_FOUND");
    }

    Task<long> OrganizationsOfAsync(Guid userId) =>
        fx.Database.ScalarAsync<long>("SELECT count(*) FROM accounts.memberships WHERE user_id = @userId", new { userId });
}
