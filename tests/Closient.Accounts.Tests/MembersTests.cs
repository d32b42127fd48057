using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Contracts.Accounts;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Accounts.Tests;

public sealed class MembersTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    static string Members(Guid org) => $"/account/api/v1/organizations/{ShortId.Encode(org)}/members";

    [Fact]
    public async Task Adding_an_unknown_email_creates_the_user_as_an_editor_and_publishes_MembershipChanged()
    {
        var owner = await fx.BootstrapAsync();
        var email = AccountsFixture.NewEmail("New");

        var response = await fx.Owner(owner).PostAsJsonAsync(Members(owner.OrganizationId), new { email = "  " + email.ToUpperInvariant() + " " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var member = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(email.ToLowerInvariant(), member.GetProperty("user_email").GetString());
        Assert.Equal("editor", member.GetProperty("role").GetString());
        Assert.Equal("Editor", member.GetProperty("role_display").GetString());
        var userId = AccountsFixture.IdOf(member, "user_id");
        Assert.Equal(email.ToLowerInvariant(), await fx.Database.ScalarAsync<string>("SELECT email FROM accounts.users WHERE id = @userId", new { userId }));
        await fx.Bus.WaitForAsync<MembershipChanged>(e => e.UserId == userId && e.OrganizationId == owner.OrganizationId && e.Role == "editor");
    }

    [Fact]
    public async Task Adding_an_existing_member_again_gets_409_and_writes_nothing()
    {
        var owner = await fx.BootstrapAsync();
        var email = AccountsFixture.NewEmail();
        await fx.AddMemberAsync(fx.Owner(owner), owner.OrganizationId, email, "viewer");

        var response = await fx.Owner(owner).PostAsJsonAsync(Members(owner.OrganizationId), new { email, role = "manager" });

        await ProblemAssert.AssertAsync(response, 409, "CONFLICT");
        var roles = await fx.Database.QueryAsync<string>("SELECT role FROM accounts.memberships WHERE organization_id = @org", new { org = owner.OrganizationId });
        Assert.Equal(["owner", "viewer"], roles.Order());
    }

    [Fact]
    public async Task Only_an_owner_may_grant_the_owner_role()
    {
        var owner = await fx.BootstrapAsync();
        var manager = await fx.AddMemberAsync(fx.Owner(owner), owner.OrganizationId, AccountsFixture.NewEmail(), "manager");
        var asManager = fx.UserClient(AccountsFixture.IdOf(manager, "user_id"), owner.OrganizationId, Roles.Manager);
        var email = AccountsFixture.NewEmail();

        var byManager = await asManager.PostAsJsonAsync(Members(owner.OrganizationId), new { email, role = "owner" });
        var promote = await asManager.PutAsJsonAsync($"{Members(owner.OrganizationId)}/{manager.GetProperty("id").GetString()}", new { role = "owner" });
        var byOwner = await fx.Owner(owner).PostAsJsonAsync(Members(owner.OrganizationId), new { email, role = "owner" });

        await ProblemAssert.AssertAsync(byManager, 403, "FORBIDDEN");
        await ProblemAssert.AssertAsync(promote, 403, "FORBIDDEN");
        Assert.Equal(HttpStatusCode.Created, byOwner.StatusCode);
    }

    [Fact]
    public async Task A_manager_cannot_demote_or_remove_an_owner()
    {
        var owner = await fx.BootstrapAsync();
        var client = fx.Owner(owner);
        var second = await fx.AddMemberAsync(client, owner.OrganizationId, AccountsFixture.NewEmail(), "owner");
        var manager = await fx.AddMemberAsync(client, owner.OrganizationId, AccountsFixture.NewEmail(), "manager");
        var asManager = fx.UserClient(AccountsFixture.IdOf(manager, "user_id"), owner.OrganizationId, Roles.Manager);
        var path = $"{Members(owner.OrganizationId)}/{second.GetProperty("id").GetString()}";

        await ProblemAssert.AssertAsync(await asManager.PutAsJsonAsync(path, new { role = "viewer" }), 403, "FORBIDDEN");
        await ProblemAssert.AssertAsync(await asManager.DeleteAsync(path), 403, "FORBIDDEN");
        Assert.Equal("owner", (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_last_owner_cannot_be_demoted_or_removed_but_one_of_two_can()
    {
        var owner = await fx.BootstrapAsync();
        var client = fx.Owner(owner);
        var list = await client.GetFromJsonAsync<JsonElement>(Members(owner.OrganizationId));
        var self = $"{Members(owner.OrganizationId)}/{list.GetProperty("data")[0].GetProperty("id").GetString()}";

        await ProblemAssert.AssertAsync(await client.PutAsJsonAsync(self, new { role = "manager" }), 409, "CONFLICT");
        await ProblemAssert.AssertAsync(await client.DeleteAsync(self), 409, "CONFLICT");

        var second = await fx.AddMemberAsync(client, owner.OrganizationId, AccountsFixture.NewEmail(), "owner");
        var demoted = await client.PutAsJsonAsync(self, new { role = "manager" });
        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        Assert.Equal("manager", (await demoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        var secondPath = $"{Members(owner.OrganizationId)}/{second.GetProperty("id").GetString()}";
        var asSecond = fx.UserClient(AccountsFixture.IdOf(second, "user_id"), owner.OrganizationId, Roles.Owner);
        await ProblemAssert.AssertAsync(await asSecond.DeleteAsync(secondPath), 409, "CONFLICT");
        Assert.Equal(1, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM accounts.memberships WHERE organization_id = @org AND role = 'owner'", new { org = owner.OrganizationId }));
    }

    [Fact]
    public async Task Removing_a_member_returns_204_publishes_MembershipChanged_and_then_404()
    {
        var owner = await fx.BootstrapAsync();
        var client = fx.Owner(owner);
        var member = await fx.AddMemberAsync(client, owner.OrganizationId, AccountsFixture.NewEmail(), "billing");
        var path = $"{Members(owner.OrganizationId)}/{member.GetProperty("id").GetString()}";
        var userId = AccountsFixture.IdOf(member, "user_id");

        var response = await client.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await fx.Bus.WaitForAsync<MembershipChanged>(e => e.UserId == userId && e.Role == null);
        await ProblemAssert.AssertAsync(await client.GetAsync(path), 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(await client.DeleteAsync(path), 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Members_are_filtered_by_role_and_by_a_case_insensitive_substring_and_paginated()
    {
        var owner = await fx.BootstrapAsync();
        var client = fx.Owner(owner);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await fx.AddMemberAsync(client, owner.OrganizationId, $"alice.{tag}@example.com", "viewer");
        await fx.AddMemberAsync(client, owner.OrganizationId, $"bob.{tag}@example.com", "viewer");
        await fx.AddMemberAsync(client, owner.OrganizationId, $"carol.{tag}@example.com", "editor");

        var viewers = await client.GetFromJsonAsync<JsonElement>($"{Members(owner.OrganizationId)}?role=viewer&page_size=1&page=2");
        var bob = await client.GetFromJsonAsync<JsonElement>($"{Members(owner.OrganizationId)}?q=BOB.{tag.ToUpperInvariant()}");
        var wildcard = await client.GetFromJsonAsync<JsonElement>($"{Members(owner.OrganizationId)}?q=%25");

        Assert.Equal($"bob.{tag}@example.com", Assert.Single(viewers.GetProperty("data").EnumerateArray()).GetProperty("user_email").GetString());
        Assert.Equal(2, viewers.GetProperty("pagination").GetProperty("total_count").GetInt32());
        Assert.Equal($"bob.{tag}@example.com", Assert.Single(bob.GetProperty("data").EnumerateArray()).GetProperty("user_email").GetString());
        Assert.Empty(wildcard.GetProperty("data").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"email": "not-an-email"}""", "email")]
    [InlineData("""{"role": "editor"}""", "email")]
    [InlineData("""{"email": "a@example.com", "role": "admin"}""", "role")]
    [InlineData("""{"email": "a@example.com", "role": "readonly"}""", "role")]
    [InlineData("""{"email": 5}""", "email")]
    [InlineData("""{"email": "a@example.com", "nickname": "x"}""", "nickname")]
    public async Task Bad_member_bodies_get_422_naming_the_field_and_write_nothing(string json, string field)
    {
        var owner = await fx.BootstrapAsync();

        var response = await fx.Owner(owner).PostAsync(Members(owner.OrganizationId), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.AssertAsync(response, 422, "VALIDATION_ERROR", field);
        Assert.Equal(1, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM accounts.memberships WHERE organization_id = @org", new { org = owner.OrganizationId }));
    }

    [Theory]
    [InlineData("?role=admin", "role")]
    [InlineData("?q=%01", "q")]
    public async Task Bad_member_filters_get_422(string query, string field)
    {
        var owner = await fx.BootstrapAsync();

        await ProblemAssert.AssertAsync(await fx.Owner(owner).GetAsync(Members(owner.OrganizationId) + query), 422, "VALIDATION_ERROR", field);
    }
}
