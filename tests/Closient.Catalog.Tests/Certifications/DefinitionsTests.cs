using System.Net;
using Closient.Catalog.Certifications;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Certifications;

public sealed class DefinitionsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly HttpClient anyKey = fx.ClientFor(TestData.NewOrganizationId());

    [Fact]
    public async Task The_seeded_platform_definitions_are_listed_for_any_secret_key()
    {
        var response = await anyKey.GetAsync($"{Certs.Definitions}?page_size=100");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadAsync<Paged<CertificationOut>>();
        var codes = page.Data.Select(d => d.Code).ToList();
        Assert.Contains("USDA_ORGANIC", codes);
        Assert.Contains("FAIR_TRADE_USA", codes);
        Assert.Contains("NON_GMO_PROJECT", codes);
        var organic = page.Data.Single(d => d.Code == "USDA_ORGANIC");
        Assert.Equal("USDA Organic", organic.Label);
        Assert.Equal("USDA Agricultural Marketing Service", organic.CertificationBodyName);
        Assert.Null(organic.OrganizationId);
        Assert.Equal(ShortId.Encode(Guid.Parse(Certs.UsdaOrganicId)), organic.Id);
    }

    [Fact]
    public async Task The_list_filters_by_exact_code_and_by_a_substring_of_label_or_code()
    {
        var byCode = await (await anyKey.GetAsync($"{Certs.Definitions}?code=usda_organic")).ReadAsync<Paged<CertificationOut>>();
        var byText = await (await anyKey.GetAsync($"{Certs.Definitions}?q=fair trade")).ReadAsync<Paged<CertificationOut>>();
        var wildcard = await (await anyKey.GetAsync($"{Certs.Definitions}?q=%25")).ReadAsync<Paged<CertificationOut>>();

        Assert.Equal(["USDA_ORGANIC"], byCode.Data.Select(d => d.Code));
        Assert.Equal(["FAIR_TRADE_USA"], byText.Data.Select(d => d.Code));
        Assert.Empty(wildcard.Data); // % is matched literally, not as a wildcard
    }

    [Fact]
    public async Task The_list_is_paginated_by_label()
    {
        var first = await (await anyKey.GetAsync($"{Certs.Definitions}?page_size=2")).ReadAsync<Paged<CertificationOut>>();
        var second = await (await anyKey.GetAsync($"{Certs.Definitions}?page_size=2&page=2")).ReadAsync<Paged<CertificationOut>>();

        Assert.Equal(2, first.Data.Count);
        Assert.True(first.Pagination.TotalCount >= 6);
        Assert.True(first.Pagination.HasNext);
        Assert.False(first.Pagination.HasPrevious);
        Assert.True(second.Pagination.HasPrevious);
        Assert.Empty(first.Data.Select(d => d.Id).Intersect(second.Data.Select(d => d.Id)));
        Assert.True(string.CompareOrdinal(first.Data[1].Label, second.Data[0].Label) <= 0);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page_size=101", "page_size")]
    public async Task A_bad_page_returns_422(string query, string field)
    {
        var response = await anyKey.GetAsync($"{Certs.Definitions}?{query}");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task A_definition_is_read_by_short_id_or_uuid()
    {
        var bySlug = await anyKey.GetAsync($"{Certs.Definitions}/{ShortId.Encode(Guid.Parse(Certs.FairTradeId))}");
        var byUuid = await anyKey.GetAsync($"{Certs.Definitions}/{Certs.FairTradeId}");

        Assert.Equal("FAIR_TRADE_USA", (await bySlug.ReadAsync<CertificationOut>()).Code);
        Assert.Equal("FAIR_TRADE_USA", (await byUuid.ReadAsync<CertificationOut>()).Code);
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("01936b2e-0001-7000-8000-0000000000ff")]
    public async Task An_unknown_definition_returns_404(string id)
    {
        var response = await anyKey.GetAsync($"{Certs.Definitions}/{id}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task An_organization_creates_a_private_definition_only_its_members_see()
    {
        var org = TestData.NewOrganizationId();
        var code = Certs.NewCode();

        var created = await fx.ClientFor(org, Roles.Editor).CreateDefinitionAsync(new
        {
            organization_id = org, code = code.ToLowerInvariant(), label = "House Sustainable Sourcing",
            description = "Our own audit.", url = "https://example.com/audit", logo_url = "https://example.com/logo.png",
            certification_body_name = "Example Audit Ltd " + code, program = "P1", standard = "S1",
        });

        Assert.Equal(code, created.Code);
        Assert.Equal(org, created.OrganizationId);
        Assert.Equal("Example Audit Ltd " + code, created.CertificationBodyName);
        Assert.Equal("https://example.com/logo.png", created.LogoUrl);
        var viewer = fx.ClientFor(org, Roles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"{Certs.Definitions}/{created.Id}")).StatusCode);
        var listed = await (await viewer.GetAsync($"{Certs.Definitions}?code={code}")).ReadAsync<Paged<CertificationOut>>();
        Assert.Equal([created.Id], listed.Data.Select(d => d.Id));
        var outsider = fx.ClientFor(TestData.NewOrganizationId());
        await (await outsider.GetAsync($"{Certs.Definitions}/{created.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty((await (await outsider.GetAsync($"{Certs.Definitions}?code={code}")).ReadAsync<Paged<CertificationOut>>()).Data);
    }

    [Fact]
    public async Task A_duplicate_code_in_the_organization_returns_409_but_another_organization_may_reuse_it()
    {
        var org = TestData.NewOrganizationId();
        var other = TestData.NewOrganizationId();
        var code = Certs.NewCode();
        await fx.ClientFor(org).CreateDefinitionAsync(new { organization_id = org, code, label = "First" });

        var again = await fx.ClientFor(org).PostJsonAsync(Certs.Definitions, new { organization_id = org, code, label = "Second" });
        var elsewhere = await fx.ClientFor(other).PostJsonAsync(Certs.Definitions, new { organization_id = other, code, label = "Theirs" });

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        Assert.Equal(2L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.certifications WHERE code = @code", new { code }));
    }

    [Fact]
    public async Task A_private_definition_may_not_take_a_platform_code()
    {
        var org = TestData.NewOrganizationId();

        var response = await fx.ClientFor(org).PostJsonAsync(Certs.Definitions, new { organization_id = org, code = "usda_organic", label = "Mine" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Billing)]
    [InlineData("outsider")]
    [InlineData("publishable")]
    public async Task Callers_without_manage_products_on_the_organization_get_404(string caller)
    {
        var org = TestData.NewOrganizationId();
        var code = Certs.NewCode();
        var client = caller switch
        {
            "outsider" => fx.ClientFor(TestData.NewOrganizationId()),
            "publishable" => fx.ClientAs(Caller.ForOrganization(Guid.Parse(ToUuid(org)), Roles.Owner, ApiKeyFormat.Publishable)),
            _ => fx.ClientFor(org, caller),
        };

        var response = await client.PostJsonAsync(Certs.Definitions, new { organization_id = org, code, label = "Nope", url = "not a url" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.certifications WHERE code = @code", new { code }));
    }

    [Theory]
    [InlineData("""{"code": "BAD CODE", "label": "x"}""", "code")]
    [InlineData("""{"code": "", "label": "x"}""", "code")]
    [InlineData("""{"code": "_LEADING", "label": "x"}""", "code")]
    [InlineData("""{"code": "OK_CODE"}""", "label")]
    [InlineData("""{"code": "OK_CODE", "label": "x", "url": "ftp://example.com"}""", "url")]
    [InlineData("""{"code": "OK_CODE", "label": "x", "logo_url": "/relative.png"}""", "logo_url")]
    [InlineData("""{"code": "OK_CODE", "label": "x", "colour": "red"}""", "colour")]
    public async Task Bad_definition_fields_return_422(string json, string field)
    {
        var org = TestData.NewOrganizationId();

        var response = await fx.ClientFor(org).PostRawAsync(Certs.Definitions, json.Replace("{\"code\"", $"{{\"organization_id\": \"{org}\", \"code\""));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task A_label_over_255_characters_returns_422()
    {
        var org = TestData.NewOrganizationId();

        var response = await fx.ClientFor(org).PostJsonAsync(Certs.Definitions, new { organization_id = org, code = Certs.NewCode(), label = new string('x', 256) });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "label");
    }

    [Fact]
    public async Task Certification_bodies_are_shared_and_matched_by_name_case_insensitively()
    {
        var org = TestData.NewOrganizationId();
        var name = "Shared Body " + Guid.NewGuid().ToString("N")[..8];
        await fx.ClientFor(org).CreateDefinitionAsync(new { organization_id = org, code = Certs.NewCode(), label = "A", certification_body_name = name });
        var second = await fx.ClientFor(org).CreateDefinitionAsync(new { organization_id = org, code = Certs.NewCode(), label = "B", certification_body_name = name.ToUpperInvariant() });

        Assert.Equal(name, second.CertificationBodyName);
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.certification_bodies WHERE lower(name) = lower(@name)", new { name }));
        var bodies = await (await anyKey.GetAsync($"{Certs.Bodies}?page_size=100")).ReadAsync<Paged<CertificationBodyOut>>();
        Assert.Contains(bodies.Data, b => b.Name == "Fair Trade USA" && b.Country == "US");
    }

    [Fact]
    public async Task Anonymous_and_publishable_callers_cannot_list_definitions()
    {
        var anonymous = await fx.AnonymousClient().GetAsync(Certs.Definitions);
        var publishable = await fx.ClientAs(Caller.ForOrganization(Guid.NewGuid(), Roles.Owner, ApiKeyFormat.Publishable)).GetAsync(Certs.Definitions);

        await anonymous.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await publishable.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("GET", "/certifications/api/v1/certifications")]
    [InlineData("POST", "/certifications/api/v1/certifications")]
    [InlineData("GET", "/certifications/api/v1/products/04006381333931/certifications")]
    [InlineData("POST", "/certifications/api/v1/products/04006381333931/claims")]
    [InlineData("GET", "/products/api/v1/products/04006381333931/certifications")]
    [InlineData("POST", "/products/api/v1/qr/bulk/")]
    public async Task Without_a_token_every_endpoint_answers_401(string method, string path)
    {
        using var raw = fx.Factory.CreateClient();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        var response = await raw.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    static string ToUuid(string shortId) => ShortId.TryParse(shortId, out var id) ? id.ToString() : throw new ArgumentException(shortId);
}
