using System.Net;
using Closient.Catalog.Brands;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using static Closient.Catalog.Tests.Brands.BrandsTestApi;

namespace Closient.Catalog.Tests.Brands;

public sealed class BrandsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = TestData.NewOrganizationId();
    HttpClient Owner => fx.ClientFor(org);

    static string UniqueName(string prefix = "Brand") => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Fact]
    public async Task Creating_a_brand_claims_it_for_the_organization_and_returns_201_with_its_location()
    {
        var response = await Owner.PostJsonAsync(BrandsPath, new
        {
            organization_id = org, name = "  Leaf & Co  ", website = "https://leaf.example/", description = "Teas.",
            metadata = new { source = "test" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var brand = await response.ReadAsync<BrandOut>();
        Assert.Equal($"{BrandsPath}/{brand.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(22, brand.Id.Length);
        Assert.Equal("Leaf & Co", brand.Name);
        Assert.Equal(org, brand.OrganizationId);
        Assert.Equal("https://leaf.example/", brand.Website);
        Assert.Equal("Teas.", brand.Description);
        Assert.Equal("test", brand.Metadata["source"]);
        Assert.False(brand.HasSocialLinks);
        Assert.Null(brand.LogoUrl);
        Assert.Equal("", brand.Instagram);
        Assert.Equivalent(brand, await (await Owner.GetAsync($"{BrandsPath}/{brand.Id}")).ReadAsync<BrandOut>(), strict: true);
    }

    [Theory]
    [InlineData(Roles.Manager, HttpStatusCode.Created)]
    [InlineData(Roles.Editor, HttpStatusCode.NotFound)]
    [InlineData(Roles.Viewer, HttpStatusCode.NotFound)]
    [InlineData(Roles.Billing, HttpStatusCode.NotFound)]
    public async Task Only_owners_and_managers_may_create_and_claim_a_brand(string role, HttpStatusCode expected)
    {
        var response = await fx.ClientFor(org, role).PostJsonAsync(BrandsPath, new { organization_id = org, name = UniqueName() });

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.NotFound) await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Creating_a_brand_for_another_organization_or_with_a_publishable_key_is_404()
    {
        var other = TestData.NewOrganizationId();
        var outsider = await Owner.PostJsonAsync(BrandsPath, new { organization_id = other, name = "x" });
        var publishable = await fx.ClientAs(Caller.ForOrganization(Guid.Parse(ToUuid(org)), Roles.Owner, "cpk"))
            .PostJsonAsync(BrandsPath, new { organization_id = org, name = "x" });
        var anonymous = await fx.AnonymousClient().PostJsonAsync(BrandsPath, new { organization_id = org, name = "x" });

        await outsider.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await publishable.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await anonymous.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("{\"name\":\"x\"}", "organization_id")]
    [InlineData("{\"organization_id\":\"nope\",\"name\":\"x\"}", "organization_id")]
    [InlineData("{\"organization_id\":\"ORG\",\"name\":\"  \"}", "name")]
    [InlineData("{\"organization_id\":\"ORG\",\"name\":\"x\",\"website\":\"ftp://leaf.example\"}", "website")]
    [InlineData("{\"organization_id\":\"ORG\",\"name\":\"x\",\"website\":\"leaf.example\"}", "website")]
    [InlineData("{\"organization_id\":\"ORG\",\"name\":\"x\",\"instagram\":\"leaf\"}", "instagram")]
    [InlineData("{\"organization_id\":\"ORG\",\"name\":\"x\",\"metadata\":{\"k\":\"a\\u0000b\"}}", "metadata.k")]
    public async Task Invalid_brand_fields_are_422_naming_the_field(string json, string field)
    {
        var response = await Owner.PostRawAsync(BrandsPath, json.Replace("ORG", org));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.brands WHERE organization_id = @id",
            new { id = Guid.Parse(ToUuid(org)) }));
    }

    [Fact]
    public async Task A_second_brand_with_the_same_name_in_the_organization_is_409_ignoring_case()
    {
        await Owner.CreateBrandAsync(org, "Sunny Farms");

        var duplicate = await Owner.PostJsonAsync(BrandsPath, new { organization_id = org, name = "SUNNY farms" });
        var elsewhere = TestData.NewOrganizationId();
        var otherOrganization = await fx.ClientFor(elsewhere).PostJsonAsync(BrandsPath, new { organization_id = elsewhere, name = "Sunny Farms" });

        await duplicate.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(HttpStatusCode.Created, otherOrganization.StatusCode);
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_make_exactly_one_brand()
    {
        var name = UniqueName();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Owner.PostJsonAsync(BrandsPath, new { organization_id = org, name })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task Any_secret_key_reads_a_brand_by_id_including_its_organization_but_unknown_ids_are_404()
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName());
        var stranger = fx.ClientFor(TestData.NewOrganizationId(), Roles.Viewer);

        var read = await (await stranger.GetAsync($"{BrandsPath}/{ToUuid(brand.Id)}")).ReadAsync<BrandOut>();

        Assert.Equal(org, read.OrganizationId);
        await (await stranger.GetAsync($"{BrandsPath}/{ShortId.Encode(Guid.NewGuid())}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await stranger.GetAsync($"{BrandsPath}/not-an-id")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await fx.AnonymousClient().GetAsync($"{BrandsPath}/{brand.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task The_list_filters_by_name_substring_and_organization_and_pages()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        foreach (var name in new[] { $"Alpha {tag}", $"beta {tag}", $"Gamma {tag}", "Unrelated " + Guid.NewGuid().ToString("N")[..8] })
            await Owner.CreateBrandAsync(org, name);
        var otherOrg = TestData.NewOrganizationId();
        await fx.ClientFor(otherOrg).CreateBrandAsync(otherOrg, $"Delta {tag}");

        var byName = await (await Owner.GetAsync($"{BrandsPath}?name={tag.ToUpperInvariant()}&page_size=2")).ReadAsync<Paged<BrandOut>>();
        var page2 = await (await Owner.GetAsync($"{BrandsPath}?name={tag}&page_size=2&page=2")).ReadAsync<Paged<BrandOut>>();
        var byOrg = await (await Owner.GetAsync($"{BrandsPath}?name={tag}&organization_id={org}")).ReadAsync<Paged<BrandOut>>();

        Assert.Equal(4, byName.Pagination.TotalCount);
        Assert.Equal(2, byName.Pagination.TotalPages);
        Assert.True(byName.Pagination.HasNext);
        Assert.Equal([$"Alpha {tag}", $"beta {tag}"], byName.Data.Select(b => b.Name));
        Assert.Equal([$"Delta {tag}", $"Gamma {tag}"], page2.Data.Select(b => b.Name));
        Assert.Equal([$"Alpha {tag}", $"beta {tag}", $"Gamma {tag}"], byOrg.Data.Select(b => b.Name));
    }

    [Fact]
    public async Task Name_filters_treat_like_wildcards_as_literal_text()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        await Owner.CreateBrandAsync(org, $"100% {tag}");
        await Owner.CreateBrandAsync(org, $"100 {tag}");

        var list = await (await Owner.GetAsync($"{BrandsPath}?name={Uri.EscapeDataString("100% " + tag)}")).ReadAsync<Paged<BrandOut>>();

        Assert.Equal([$"100% {tag}"], list.Data.Select(b => b.Name));
    }

    [Theory]
    [InlineData("name", new[] { "A", "b", "C" })]
    [InlineData("-name", new[] { "C", "b", "A" })]
    [InlineData("created", new[] { "b", "C", "A" })]
    [InlineData("-created", new[] { "A", "C", "b" })]
    public async Task The_list_orders_by_name_or_creation_either_way(string ordering, string[] expected)
    {
        foreach (var name in new[] { "b", "C", "A" }) await Owner.CreateBrandAsync(org, name);

        var list = await (await Owner.GetAsync($"{BrandsPath}?organization_id={org}&ordering={ordering}")).ReadAsync<Paged<BrandOut>>();

        Assert.Equal(expected, list.Data.Select(b => b.Name));
    }

    [Theory]
    [InlineData("ordering=website", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("organization_id=zzz", HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR")]
    [InlineData("page=0", HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR")]
    [InlineData("page_size=101", HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR")]
    public async Task Bad_list_parameters_are_refused(string query, HttpStatusCode status, string code)
    {
        var response = await Owner.GetAsync($"{BrandsPath}?{query}");

        await response.AssertProblemAsync(status, code);
    }

    [Fact]
    public async Task Patch_changes_given_fields_keeps_null_ones_normalizes_handles_and_clears_with_empty_strings()
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName(), new { website = "https://a.example", description = "Old." });

        var response = await fx.ClientFor(org, Roles.Editor).PatchJsonAsync($"{BrandsPath}/{brand.Id}", new
        {
            description = (string?)null, website = "", instagram = "@leaf.co", twitter = "leaf_co", facebook = "leafco.page",
            linkedin = "leaf-co", youtube = "leaf.channel", tiktok = "leaf.tok", pinterest = "leafpins", threads = "@leaf.co",
            metadata = new { tier = "gold" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await response.ReadAsync<BrandOut>();
        Assert.Equal("Old.", patched.Description);
        Assert.Equal("", patched.Website);
        Assert.Equal("leaf.co", patched.Instagram);
        Assert.Equal("leaf.co", patched.Threads);
        Assert.Equal("leaf_co", patched.Twitter);
        Assert.True(patched.HasSocialLinks);
        Assert.Equal("gold", patched.Metadata["tier"]);
        Assert.Equivalent(patched, await (await Owner.GetAsync($"{BrandsPath}/{brand.Id}")).ReadAsync<BrandOut>(), strict: true);
    }

    [Theory]
    [InlineData("twitter", "much_too_long_handle_x")]
    [InlineData("instagram", "https://instagram.com/leaf")]
    [InlineData("facebook", "abc")]
    [InlineData("tiktok", "x")]
    [InlineData("linkedin", "leaf co")]
    [InlineData("pinterest", "leaf.pins")]
    [InlineData("youtube", "<script>")]
    [InlineData("threads", "@")]
    public async Task Handles_the_network_would_not_allow_are_422(string network, string handle)
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName());

        var response = await Owner.PatchJsonAsync($"{BrandsPath}/{brand.Id}", new Dictionary<string, string> { [network] = handle });

        if (handle == "@")
        {
            // "@" alone is an empty handle: it clears the field rather than failing.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", network);
    }

    [Fact]
    public async Task Renaming_onto_another_brand_of_the_organization_is_409_and_the_claim_cannot_be_changed()
    {
        await Owner.CreateBrandAsync(org, "Taken Name");
        var brand = await Owner.CreateBrandAsync(org, UniqueName());

        var rename = await Owner.PatchJsonAsync($"{BrandsPath}/{brand.Id}", new { name = "taken name" });
        var reassign = await Owner.PatchJsonAsync($"{BrandsPath}/{brand.Id}", new { organization_id = TestData.NewOrganizationId() });

        await rename.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await reassign.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "organization_id");
        Assert.Equal(org, (await (await Owner.GetAsync($"{BrandsPath}/{brand.Id}")).ReadAsync<BrandOut>()).OrganizationId);
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Billing)]
    public async Task Members_without_product_rights_and_other_organizations_cannot_patch(string role)
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName());

        var member = await fx.ClientFor(org, role).PatchJsonAsync($"{BrandsPath}/{brand.Id}", new { description = "x" });
        var outsider = await fx.ClientFor(TestData.NewOrganizationId()).PatchJsonAsync($"{BrandsPath}/{brand.Id}", new { description = "x" });

        await member.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await outsider.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_deleted_brand_disappears_from_reads_and_lists_and_its_name_can_be_reused()
    {
        var name = UniqueName();
        var brand = await Owner.CreateBrandAsync(org, name);

        var deleted = await Owner.DeleteAsync($"{BrandsPath}/{brand.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await Owner.GetAsync($"{BrandsPath}/{brand.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Owner.PatchJsonAsync($"{BrandsPath}/{brand.Id}", new { description = "x" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Owner.DeleteAsync($"{BrandsPath}/{brand.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var list = await (await Owner.GetAsync($"{BrandsPath}?organization_id={org}")).ReadAsync<Paged<BrandOut>>();
        Assert.DoesNotContain(list.Data, b => b.Id == brand.Id);
        var again = await Owner.CreateBrandAsync(org, name);
        Assert.NotEqual(brand.Id, again.Id);
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Viewer)]
    public async Task Only_owners_and_managers_may_delete_a_brand(string role)
    {
        var brand = await Owner.CreateBrandAsync(org, UniqueName());

        var response = await fx.ClientFor(org, role).DeleteAsync($"{BrandsPath}/{brand.Id}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(HttpStatusCode.OK, (await Owner.GetAsync($"{BrandsPath}/{brand.Id}")).StatusCode);
    }

    static string ToUuid(string shortId) => ShortId.TryParse(shortId, out var id) ? id.ToString() : throw new ArgumentException(shortId);
}
