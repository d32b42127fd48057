using System.Net;
using Closient.Catalog.Certifications;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Certifications;

public sealed class AssignmentsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    [Fact]
    public async Task The_owner_assigns_a_platform_certification_with_its_details()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);

        var response = await owner.PostJsonAsync(Certs.Assignments(product.Gtin), new
        {
            certification_id = ShortId.Encode(Guid.Parse(Certs.UsdaOrganicId)),
            metadata = new Dictionary<string, string> { ["lot"] = "A1" },
            valid_from = "2020-01-01",
            expiration_date = "2099-12-31",
            certificate_number = "ORG-123",
            issuing_body = "CCOF",
            verification_url = "https://organic.ams.usda.gov/integrity/",
            verification_status = "verified",
            scope = "Handling",
            certification_value = "USDA_ORGANIC",
            audit_date = "2025-03-01",
            initial_certification_date = "2019-06-01",
            certificate_countries = new[] { "us", "CA", "US" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var assignment = await response.ReadAsync<CertificationAssignmentOut>();
        Assert.Equal($"{Certs.Assignments(product.Gtin)}/{assignment.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("USDA Organic", assignment.Label);
        Assert.Equal("USDA_ORGANIC", assignment.Code);
        Assert.Equal(ShortId.Encode(Guid.Parse(Certs.UsdaOrganicId)), assignment.CertificationId);
        Assert.True(assignment.IsActive);
        Assert.Equal("A1", assignment.Metadata["lot"]);
        Assert.Equal(new DateOnly(2020, 1, 1), assignment.ValidFrom);
        Assert.Equal(new DateOnly(2099, 12, 31), assignment.ExpirationDate);
        Assert.Equal(assignment.ExpirationDate, assignment.ExpiryDate);
        Assert.Equal("ORG-123", assignment.CertificateNumber);
        Assert.Equal("CCOF", assignment.IssuingBody);
        Assert.Equal("verified", assignment.VerificationStatus);
        Assert.Equal("Handling", assignment.Scope);
        Assert.Equal("USDA_ORGANIC", assignment.CertificationValue);
        Assert.Equal(new DateOnly(2025, 3, 1), assignment.AuditDate);
        Assert.Equal(new DateOnly(2019, 6, 1), assignment.InitialCertificationDate);
        Assert.Equal(["US", "CA"], assignment.CertificateCountries);
    }

    [Fact]
    public async Task A_certification_is_assigned_by_code_and_defaults_to_unverified()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);

        var assignment = await owner.AssignAsync(product.Gtin, new { code = "fair_trade_usa" });

        Assert.Equal("FAIR_TRADE_USA", assignment.Code);
        Assert.Equal("unverified", assignment.VerificationStatus);
        Assert.Null(assignment.ValidFrom);
        Assert.Null(assignment.ExpiryDate);
        Assert.True(assignment.IsActive);
        Assert.Empty(assignment.CertificateCountries);
    }

    [Fact]
    public async Task Assigning_the_same_certification_twice_returns_409()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        await owner.AssignAsync(product.Gtin, new { code = "USDA_ORGANIC" });

        var again = await owner.PostJsonAsync(Certs.Assignments(product.Gtin), new { certification_id = Certs.UsdaOrganicId });

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM catalog.product_certifications pc JOIN catalog.products p ON p.id = pc.product_id WHERE p.gtin = @gtin", new { gtin = product.Gtin }));
    }

    [Fact]
    public async Task The_owner_may_assign_its_own_private_definition_but_not_another_organizations()
    {
        var (org, owner, product) = await Certs.ClaimedProductAsync(fx);
        var own = await owner.CreateDefinitionAsync(new { organization_id = org, code = Certs.NewCode(), label = "Own" });
        var other = TestData.NewOrganizationId();
        var theirs = await fx.ClientFor(other).CreateDefinitionAsync(new { organization_id = other, code = Certs.NewCode(), label = "Theirs" });

        var mine = await owner.PostJsonAsync(Certs.Assignments(product.Gtin), new { certification_id = own.Id });
        var byId = await owner.PostJsonAsync(Certs.Assignments(product.Gtin), new { certification_id = theirs.Id });
        var byCode = await owner.PostJsonAsync(Certs.Assignments(product.Gtin), new { code = theirs.Code });

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        await byId.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await byCode.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Assigning_to_an_unknown_gtin_or_an_unknown_definition_returns_404()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);

        var unknownGtin = await owner.PostJsonAsync(Certs.Assignments(TestGtins.New13()), new { code = "USDA_ORGANIC" });
        var unknownDefinition = await owner.PostJsonAsync(Certs.Assignments(product.Gtin), new { certification_id = ShortId.Encode(Guid.NewGuid()) });
        var unknownCode = await owner.PostJsonAsync(Certs.Assignments(product.Gtin), new { code = "NO_SUCH_CODE" });

        await unknownGtin.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await unknownDefinition.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await unknownCode.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData(Roles.Owner, true)]
    [InlineData(Roles.Manager, true)]
    [InlineData(Roles.Editor, true)]
    [InlineData(Roles.Billing, false)]
    [InlineData(Roles.Viewer, false)]
    [InlineData("outsider", false)]
    [InlineData("publishable", false)]
    [InlineData("anonymous", false)]
    public async Task Only_product_editors_of_the_owning_organization_write_certifications_and_claims(string caller, bool allowed)
    {
        var (org, owner, product) = await Certs.ClaimedProductAsync(fx);
        var existing = await owner.AssignAsync(product.Gtin, new { code = "FAIR_TRADE_USA" });
        var claim = await (await owner.PostJsonAsync(Certs.Claims(product.Gtin), new { label = "Vegan", code = "VEGAN", category = "DIETARY" })).ReadAsync<ClaimOut>();
        ShortId.TryParse(org, out var orgId);
        var client = caller switch
        {
            "outsider" => fx.ClientFor(TestData.NewOrganizationId()),
            "publishable" => fx.ClientAs(Caller.ForOrganization(orgId, Roles.Owner, ApiKeyFormat.Publishable)),
            "anonymous" => fx.AnonymousClient(),
            _ => fx.ClientFor(org, caller),
        };

        var statuses = new[]
        {
            (await client.PostJsonAsync(Certs.Assignments(product.Gtin), new { code = "USDA_ORGANIC" })).StatusCode,
            (await client.PatchJsonAsync($"{Certs.Assignments(product.Gtin)}/{existing.Id}", new { scope = "changed" })).StatusCode,
            (await client.PostJsonAsync(Certs.Claims(product.Gtin), new { label = "Organic", code = "ORGANIC", category = "PROCESS" })).StatusCode,
            (await client.DeleteAsync($"{Certs.Claims(product.Gtin)}/{claim.Id}")).StatusCode,
            (await client.DeleteAsync($"{Certs.Assignments(product.Gtin)}/{existing.Id}")).StatusCode,
        };

        var expected = allowed
            ? new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.NoContent }
            : Enumerable.Repeat(HttpStatusCode.NotFound, 5).ToArray();
        Assert.Equal(expected, statuses);
        var held = await (await owner.GetAsync(Certs.Product(product.Gtin))).ReadAsync<ProductCertificationsOut>();
        Assert.Equal(allowed ? ["USDA_ORGANIC"] : ["FAIR_TRADE_USA"], held.Certifications.Select(c => c.Code));
        Assert.Equal(allowed ? ["ORGANIC"] : ["VEGAN"], held.Claims.Select(c => c.Code));
    }

    [Fact]
    public async Task Nobody_may_assign_certifications_to_an_unclaimed_product()
    {
        var client = fx.ClientFor(TestData.NewOrganizationId());
        var product = await client.CreateProductAsync(new { gtin = TestGtins.New13() });

        var response = await client.PostJsonAsync(Certs.Assignments(product.Gtin), new { code = "USDA_ORGANIC" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task An_outsider_gets_404_before_the_body_is_validated()
    {
        var (_, _, product) = await Certs.ClaimedProductAsync(fx);

        var response = await fx.ClientFor(TestData.NewOrganizationId()).PostJsonAsync(Certs.Assignments(product.Gtin),
            new { code = "bad code", valid_from = "yesterday" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("""{}""", "certification_id")]
    [InlineData("""{"code": "USDA_ORGANIC", "certification_id": "01936b2e-0001-7000-8000-000000000001"}""", "certification_id")]
    [InlineData("""{"certification_id": "nope"}""", "certification_id")]
    [InlineData("""{"code": "USDA ORGANIC"}""", "code")]
    [InlineData("""{"code": "USDA_ORGANIC", "valid_from": "2025-02-30"}""", "valid_from")]
    [InlineData("""{"code": "USDA_ORGANIC", "expiration_date": "31/12/2030"}""", "expiration_date")]
    [InlineData("""{"code": "USDA_ORGANIC", "valid_from": "2026-01-02", "expiration_date": "2026-01-01"}""", "expiration_date")]
    [InlineData("""{"code": "USDA_ORGANIC", "verification_status": "pending"}""", "verification_status")]
    [InlineData("""{"code": "USDA_ORGANIC", "verification_url": "javascript:alert(1)"}""", "verification_url")]
    [InlineData("""{"code": "USDA_ORGANIC", "certificate_countries": ["ZZ"]}""", "certificate_countries")]
    [InlineData("""{"code": "USDA_ORGANIC", "certificate_countries": "US"}""", "certificate_countries")]
    [InlineData("""{"code": "USDA_ORGANIC", "audit_date": "2025-13-01"}""", "audit_date")]
    [InlineData("""{"code": "USDA_ORGANIC", "metadata": {"k": 1}}""", "metadata.k")]
    [InlineData("""{"code": "USDA_ORGANIC", "is_active": true}""", "is_active")]
    public async Task Bad_assignment_fields_return_422_and_write_nothing(string json, string field)
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);

        var response = await owner.PostRawAsync(Certs.Assignments(product.Gtin), json);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM catalog.product_certifications pc JOIN catalog.products p ON p.id = pc.product_id WHERE p.gtin = @gtin", new { gtin = product.Gtin }));
    }

    [Fact]
    public async Task A_certificate_number_over_100_characters_returns_422()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);

        var response = await owner.PostJsonAsync(Certs.Assignments(product.Gtin), new { code = "USDA_ORGANIC", certificate_number = new string('1', 101) });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "certificate_number");
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_null_clears_a_date()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        var assignment = await owner.AssignAsync(product.Gtin, new
        {
            code = "USDA_ORGANIC", valid_from = "2020-01-01", expiration_date = "2099-01-01", certificate_number = "N1",
            metadata = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, certificate_countries = new[] { "US" },
        });

        var response = await owner.PatchJsonAsync($"{Certs.Assignments(product.Gtin)}/{assignment.Id}", new Dictionary<string, object?>
        {
            ["valid_from"] = null,
            ["verification_status"] = "VERIFIED",
            ["metadata"] = new Dictionary<string, string?> { ["a"] = "", ["c"] = "3" },
            ["certificate_countries"] = new[] { "de" },
            ["certificate_number"] = null,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await response.ReadAsync<CertificationAssignmentOut>();
        Assert.Null(patched.ValidFrom);
        Assert.Equal(new DateOnly(2099, 1, 1), patched.ExpirationDate);
        Assert.Equal("N1", patched.CertificateNumber);
        Assert.Equal("verified", patched.VerificationStatus);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }, patched.Metadata);
        Assert.Equal(["DE"], patched.CertificateCountries);
        var listed = await (await owner.GetAsync(Certs.Assignments(product.Gtin))).ReadAsync<List<CertificationAssignmentOut>>();
        Assert.Equal(patched, listed.Single(), new AssignmentComparer());
    }

    [Fact]
    public async Task Patch_finds_the_assignment_by_its_definition_id_too()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        await owner.AssignAsync(product.Gtin, new { code = "USDA_ORGANIC" });

        var response = await owner.PatchJsonAsync($"{Certs.Assignments(product.Gtin)}/{Certs.UsdaOrganicId}", new { scope = "Crops" });

        Assert.Equal("Crops", (await response.ReadAsync<CertificationAssignmentOut>()).Scope);
    }

    [Fact]
    public async Task Patch_that_would_end_the_window_before_it_starts_returns_422()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        var assignment = await owner.AssignAsync(product.Gtin, new { code = "USDA_ORGANIC", valid_from = "2026-06-01" });

        var response = await owner.PatchJsonAsync($"{Certs.Assignments(product.Gtin)}/{assignment.Id}", new { expiration_date = "2026-05-31" });
        var wrongKind = await owner.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"{Certs.Assignments(product.Gtin)}/{assignment.Id}")
        { Content = new StringContent("""{"valid_from": 20260101}""", System.Text.Encoding.UTF8, "application/json") });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "expiration_date");
        await wrongKind.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "valid_from");
    }

    [Fact]
    public async Task Patch_or_delete_of_a_certification_the_product_does_not_hold_returns_404()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        var (_, otherOwner, otherProduct) = await Certs.ClaimedProductAsync(fx);
        var foreign = await otherOwner.AssignAsync(otherProduct.Gtin, new { code = "USDA_ORGANIC" });

        var unknown = await owner.PatchJsonAsync($"{Certs.Assignments(product.Gtin)}/{ShortId.Encode(Guid.NewGuid())}", new { scope = "x" });
        var otherProducts = await owner.PatchJsonAsync($"{Certs.Assignments(product.Gtin)}/{foreign.Id}", new { scope = "x" });
        var malformed = await owner.DeleteAsync($"{Certs.Assignments(product.Gtin)}/not-an-id");
        var notHeld = await owner.DeleteAsync($"{Certs.Assignments(product.Gtin)}/{Certs.UsdaOrganicId}");

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await otherProducts.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await malformed.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await notHeld.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Delete_removes_the_assignment_and_a_second_delete_returns_404()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        var assignment = await owner.AssignAsync(product.Gtin, new { code = "USDA_ORGANIC" });

        var first = await owner.DeleteAsync($"{Certs.Assignments(product.Gtin)}/{assignment.Id}");
        var second = await owner.DeleteAsync($"{Certs.Assignments(product.Gtin)}/{assignment.Id}");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await second.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty(await (await owner.GetAsync(Certs.Assignments(product.Gtin))).ReadAsync<List<CertificationAssignmentOut>>());
    }

    [Fact]
    public async Task Reads_of_an_unknown_gtin_return_404_and_of_a_malformed_one_422()
    {
        var client = fx.ClientFor(TestData.NewOrganizationId());
        var unknown = TestGtins.New13();

        foreach (var path in new[] { Certs.Product(unknown), Certs.Assignments(unknown), Certs.Claims(unknown), Certs.ProductsAppCertifications(unknown), Certs.ProductsAppClaims(unknown) })
            await (await client.GetAsync(path)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        foreach (var path in new[] { Certs.Product("12345"), Certs.Assignments("12345"), Certs.Claims("12345"), Certs.ProductsAppCertifications("12345"), Certs.ProductsAppClaims("12345") })
            await (await client.GetAsync(path)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
    }

    [Fact]
    public async Task Any_secret_key_reads_what_a_product_holds()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        await owner.AssignAsync(product.Gtin, new { code = "USDA_ORGANIC" });
        await owner.AssignAsync(product.Gtin, new { code = "FAIR_TRADE_USA", expiration_date = "2000-01-01" });
        var stranger = fx.ClientFor(TestData.NewOrganizationId(), Roles.Viewer);

        var held = await (await stranger.GetAsync(Certs.Product(product.Gtin.TrimStart('0')))).ReadAsync<ProductCertificationsOut>();

        Assert.Equal(product.Gtin, held.Gtin);
        Assert.Equal(product.Id, held.ProductId);
        Assert.Equal(1, held.ActiveCertificationCount);
        Assert.Equal(["FAIR_TRADE_USA", "USDA_ORGANIC"], held.Certifications.Select(c => c.Code));
        await (await fx.AnonymousClient().GetAsync(Certs.Product(product.Gtin))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    /// <summary>Records with collections compare by reference; compare the JSON instead.</summary>
    sealed class AssignmentComparer : IEqualityComparer<CertificationAssignmentOut>
    {
        public bool Equals(CertificationAssignmentOut? x, CertificationAssignmentOut? y) =>
            System.Text.Json.JsonSerializer.Serialize(x, Api.Json) == System.Text.Json.JsonSerializer.Serialize(y, Api.Json);

        public int GetHashCode(CertificationAssignmentOut obj) => 0;
    }
}
