using System.Net;
using Closient.Catalog.Certifications;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Certifications;

/// <summary>Organization-private certification bodies: create, read, PATCH, DELETE; platform bodies are read-only.</summary>
public sealed class CertificationBodiesTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    const string PlatformBodyId = "01936b2e-0000-7000-8000-000000000002"; // Fair Trade USA
    readonly string org = TestData.NewOrganizationId();

    static string Name() => "Audit Body " + Guid.NewGuid().ToString("N")[..8];

    async Task<CertificationBodyOut> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostJsonAsync(Certs.Bodies, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.ReadAsync<CertificationBodyOut>();
        Assert.Equal($"{Certs.Bodies}/{created.Id}", response.Headers.Location?.ToString());
        return created;
    }

    [Fact]
    public async Task An_owner_creates_a_private_body_that_only_its_organization_sees()
    {
        var name = Name();
        var body = await CreateAsync(fx.ClientFor(org), new { organization_id = org, name = "  " + name + " ", website = "https://audit.example", country = "de" });

        Assert.Equal(name, body.Name);
        Assert.Equal("https://audit.example", body.Website);
        Assert.Equal("DE", body.Country);
        Assert.Equal(org, body.OrganizationId);
        var viewer = fx.ClientFor(org, Roles.Viewer);
        Assert.Equal(name, (await (await viewer.GetAsync($"{Certs.Bodies}/{body.Id}")).ReadAsync<CertificationBodyOut>()).Name);
        var mine = await (await viewer.GetAsync($"{Certs.Bodies}?page_size=100")).ReadAsync<Paged<CertificationBodyOut>>();
        Assert.Contains(mine.Data, b => b.Id == body.Id);
        Assert.Contains(mine.Data, b => b.Name == "Fair Trade USA" && b.OrganizationId is null);

        var outsider = fx.ClientFor(TestData.NewOrganizationId());
        await (await outsider.GetAsync($"{Certs.Bodies}/{body.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var theirs = await (await outsider.GetAsync($"{Certs.Bodies}?page_size=100")).ReadAsync<Paged<CertificationBodyOut>>();
        Assert.DoesNotContain(theirs.Data, b => b.Id == body.Id);
    }

    [Fact]
    public async Task A_duplicate_name_in_the_organization_or_a_platform_name_is_a_409_but_other_organizations_may_reuse_it()
    {
        var name = Name();
        await CreateAsync(fx.ClientFor(org), new { organization_id = org, name });

        var again = await fx.ClientFor(org).PostJsonAsync(Certs.Bodies, new { organization_id = org, name = name.ToUpperInvariant() });
        var platform = await fx.ClientFor(org).PostJsonAsync(Certs.Bodies, new { organization_id = org, name = "fair trade usa" });
        var other = TestData.NewOrganizationId();
        var elsewhere = await fx.ClientFor(other).PostJsonAsync(Certs.Bodies, new { organization_id = other, name });

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await platform.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }

    [Theory]
    [InlineData("name", null)]
    [InlineData("name", "")]
    [InlineData("website", "ftp://x.example")]
    [InlineData("country", "ZZ")]
    [InlineData("organization_id", "not-an-id")]
    public async Task Bad_fields_are_422(string field, string? value)
    {
        var body = new Dictionary<string, object?> { ["organization_id"] = org, ["name"] = Name() };
        body[field] = value;

        var response = await fx.ClientFor(org).PostJsonAsync(Certs.Bodies, body);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task A_long_name_is_422_and_outsiders_or_viewers_get_404_before_validation()
    {
        var tooLong = await fx.ClientFor(org).PostJsonAsync(Certs.Bodies, new { organization_id = org, name = new string('x', 256) });
        var viewer = await fx.ClientFor(org, Roles.Viewer).PostJsonAsync(Certs.Bodies, new { organization_id = org, name = "" });
        var outsider = await fx.ClientFor(TestData.NewOrganizationId()).PostJsonAsync(Certs.Bodies, new { organization_id = org, name = Name() });

        await tooLong.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "name");
        await viewer.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await outsider.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Patch_changes_the_organizations_own_body_and_refuses_duplicates()
    {
        var owner = fx.ClientFor(org);
        var body = await CreateAsync(owner, new { organization_id = org, name = Name(), website = "https://a.example" });
        var taken = await CreateAsync(owner, new { organization_id = org, name = Name() });

        var patched = await owner.PatchJsonAsync($"{Certs.Bodies}/{body.Id}", new { name = "Renamed " + body.Name, website = "", country = "FR" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var output = await patched.ReadAsync<CertificationBodyOut>();
        Assert.Equal("Renamed " + body.Name, output.Name);
        Assert.Equal("", output.Website);
        Assert.Equal("FR", output.Country);

        await (await owner.PatchJsonAsync($"{Certs.Bodies}/{body.Id}", new { name = taken.Name.ToLowerInvariant() })).AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await (await owner.PatchJsonAsync($"{Certs.Bodies}/{body.Id}", new { country = "XX1" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "country");
        await (await fx.ClientFor(org, Roles.Viewer).PatchJsonAsync($"{Certs.Bodies}/{body.Id}", new { name = "x" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await fx.ClientFor(TestData.NewOrganizationId()).PatchJsonAsync($"{Certs.Bodies}/{body.Id}", new { name = "x" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Platform_bodies_are_read_only()
    {
        var owner = fx.ClientFor(org);

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"{Certs.Bodies}/{PlatformBodyId}")).StatusCode);
        await (await owner.PatchJsonAsync($"{Certs.Bodies}/{PlatformBodyId}", new { name = "Mine now" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await owner.DeleteAsync($"{Certs.Bodies}/{PlatformBodyId}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("Fair Trade USA", await fx.Database.ScalarAsync<string>("SELECT name FROM catalog.certification_bodies WHERE id = @id::uuid", new { id = PlatformBodyId }));
    }

    [Fact]
    public async Task Delete_removes_an_unused_body_and_refuses_one_a_definition_names()
    {
        var owner = fx.ClientFor(org);
        var unused = await CreateAsync(owner, new { organization_id = org, name = Name() });
        var used = await CreateAsync(owner, new { organization_id = org, name = Name() });
        var definition = await owner.CreateDefinitionAsync(new { organization_id = org, code = Certs.NewCode(), label = "Ours", certification_body_name = used.Name.ToUpperInvariant() });
        Assert.Equal(used.Name, definition.CertificationBodyName); // the organization's own body was matched, not a new one

        await (await fx.ClientFor(org, Roles.Viewer).DeleteAsync($"{Certs.Bodies}/{unused.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"{Certs.Bodies}/{unused.Id}")).StatusCode);
        await (await owner.GetAsync($"{Certs.Bodies}/{unused.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await owner.DeleteAsync($"{Certs.Bodies}/{used.Id}")).AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await (await owner.DeleteAsync($"{Certs.Bodies}/not-an-id")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
