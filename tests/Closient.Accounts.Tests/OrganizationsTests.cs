using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Contracts.Accounts;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Accounts.Tests;

public sealed class OrganizationsTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Creating_an_organization_makes_the_caller_its_owner_and_publishes_OrganizationCreated()
    {
        var user = await fx.BootstrapAsync();
        var client = fx.ClientAs(new Caller(user.UserId, null, "", new Dictionary<Guid, string>(), []));

        var response = await client.PostAsJsonAsync("/account/api/v1/organizations",
            new { name = "Brand Co", country = "fr", is_brand = true, metadata = new { crm = "42" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var org = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(22, org.GetProperty("id").GetString()!.Length);
        Assert.Equal("FR", org.GetProperty("country").GetString());
        Assert.True(org.GetProperty("is_brand").GetBoolean());
        Assert.Equal("42", org.GetProperty("metadata").GetProperty("crm").GetString());
        Assert.EndsWith(org.GetProperty("id").GetString()!, response.Headers.Location!.ToString());
        var id = AccountsFixture.IdOf(org);
        var (created, _) = await fx.Bus.WaitForAsync<OrganizationCreated>(e => e.OrganizationId == id);
        Assert.Equal("Brand Co", created.Name);
        await fx.Bus.WaitForAsync<MembershipChanged>(e => e.OrganizationId == id && e.UserId == user.UserId && e.Role == Roles.Owner);
        var members = await fx.UserClient(user.UserId, id, Roles.Owner).GetFromJsonAsync<JsonElement>($"/account/api/v1/organizations/{ShortId.Encode(id)}/members");
        var only = Assert.Single(members.GetProperty("data").EnumerateArray());
        Assert.Equal("owner", only.GetProperty("role").GetString());
        Assert.Equal(ShortId.Encode(user.UserId), only.GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task An_organization_key_cannot_create_an_organization_and_gets_403()
    {
        var owner = await fx.BootstrapAsync();
        var orgKey = fx.ClientAs(new Caller(null, Guid.CreateVersion7(), ApiKeyFormat.Business,
            new Dictionary<Guid, string> { [owner.OrganizationId] = Roles.Manager }, []));
        var name = "Keyed " + Guid.NewGuid();

        var response = await orgKey.PostAsJsonAsync("/account/api/v1/organizations", new { name, country = "US" });

        await ProblemAssert.AssertAsync(response, 403, "FORBIDDEN");
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM accounts.organizations WHERE name = @name", new { name }));
    }

    [Fact]
    public async Task An_organization_can_be_read_by_shortuuid_or_uuid()
    {
        var owner = await fx.BootstrapAsync(organization: "Readable");
        var client = fx.Owner(owner);

        var byShort = await client.GetFromJsonAsync<JsonElement>($"/account/api/v1/organizations/{ShortId.Encode(owner.OrganizationId)}");
        var byUuid = await client.GetFromJsonAsync<JsonElement>($"/account/api/v1/organizations/{owner.OrganizationId}");

        Assert.Equal("Readable", byShort.GetProperty("name").GetString());
        Assert.Equal(byShort.GetProperty("id").GetString(), byUuid.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Put_keeps_omitted_fields_and_merges_metadata()
    {
        var owner = await fx.BootstrapAsync(organization: "Before");
        var client = fx.Owner(owner);
        var path = $"/account/api/v1/organizations/{ShortId.Encode(owner.OrganizationId)}";
        await client.PutAsJsonAsync(path, new { metadata = new { a = "1", b = "2" } });

        var response = await client.PutAsJsonAsync(path, new { country = "gb", metadata = new Dictionary<string, string?> { ["a"] = "", ["c"] = "3" } });

        var org = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Before", org.GetProperty("name").GetString());
        Assert.Equal("GB", org.GetProperty("country").GetString());
        Assert.False(org.GetProperty("is_brand").GetBoolean());
        var metadata = org.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { ["b"] = "2", ["c"] = "3" }, metadata);
    }

    [Fact]
    public async Task Deleting_an_organization_removes_its_members_and_keys_and_revokes_every_active_key()
    {
        var owner = await fx.BootstrapAsync();
        var client = fx.Owner(owner);
        var extra = await fx.CreateKeyAsync(client, owner.OrganizationId, new { name = "extra" });
        await fx.AddMemberAsync(client, owner.OrganizationId, AccountsFixture.NewEmail(), "viewer");
        var org = owner.OrganizationId;

        var response = await client.DeleteAsync($"/account/api/v1/organizations/{ShortId.Encode(org)}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await fx.Bus.WaitForAsync<ApiKeyRevoked>(e => e.KeyHash == ApiKeyFormat.Hash(owner.BusinessKey) && e.OrganizationId == org);
        await fx.Bus.WaitForAsync<ApiKeyRevoked>(e => e.ApiKeyId == AccountsFixture.IdOf(extra));
        await fx.Bus.WaitForAsync<MembershipChanged>(e => e.OrganizationId == org && e.UserId == owner.UserId && e.Role == null);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.VerifyAsync(owner.BusinessKey)).StatusCode);
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM accounts.memberships WHERE organization_id = @org", new { org }));
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM accounts.api_keys WHERE organization_id = @org", new { org }));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/account/api/v1/organizations/{ShortId.Encode(org)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.VerifyAsync(owner.UserKey)).StatusCode);
    }

    [Fact]
    public async Task Listing_organizations_shows_the_callers_organizations_paginated()
    {
        var a = await fx.BootstrapAsync(organization: "A");
        var b = await fx.BootstrapAsync(organization: "B");
        var c = await fx.BootstrapAsync(organization: "C");
        await fx.BootstrapAsync(organization: "Not mine");
        var client = fx.ClientAs(new Caller(a.UserId, null, "", new Dictionary<Guid, string>
        {
            [a.OrganizationId] = Roles.Owner, [b.OrganizationId] = Roles.Viewer, [c.OrganizationId] = Roles.Billing,
        }, []));

        var first = await client.GetFromJsonAsync<JsonElement>("/account/api/v1/organizations?page_size=2");
        var second = await client.GetFromJsonAsync<JsonElement>("/account/api/v1/organizations?page=2&page_size=2");

        var names = first.GetProperty("data").EnumerateArray().Concat(second.GetProperty("data").EnumerateArray())
            .Select(o => o.GetProperty("name").GetString()).ToList();
        Assert.Equal(["A", "B", "C"], names);
        var pagination = second.GetProperty("pagination");
        Assert.Equal(3, pagination.GetProperty("total_count").GetInt32());
        Assert.Equal(2, pagination.GetProperty("total_pages").GetInt32());
        Assert.False(pagination.GetProperty("has_next").GetBoolean());
        Assert.True(pagination.GetProperty("has_previous").GetBoolean());
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=101", "page_size")]
    public async Task Bad_pagination_gets_422_naming_the_parameter(string query, string field)
    {
        var owner = await fx.BootstrapAsync();
        var client = fx.Owner(owner);
        var org = ShortId.Encode(owner.OrganizationId);

        foreach (var path in new[] { "/account/api/v1/organizations", $"/account/api/v1/organizations/{org}/members", $"/account/api/v1/organizations/{org}/api-keys" })
            await ProblemAssert.AssertAsync(await client.GetAsync($"{path}?{query}"), 422, "VALIDATION_ERROR", field);
    }
}
