using System.Net.Http.Json;
using System.Text.Json;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Accounts.Tests;

public sealed class WhoAmITests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task A_user_key_sees_its_user_organizations_roles_and_key()
    {
        var email = AccountsFixture.NewEmail("Me").ToUpperInvariant();
        var me = await fx.BootstrapAsync(email, "Mine");
        var verified = await (await fx.VerifyAsync(me.UserKey)).Content.ReadFromJsonAsync<JsonElement>();
        var keyId = verified.GetProperty("key_id").GetGuid();
        var client = fx.ClientAs(new Caller(me.UserId, keyId, ApiKeyFormat.User, new Dictionary<Guid, string> { [me.OrganizationId] = Roles.Owner }, []));

        var whoami = await client.GetFromJsonAsync<JsonElement>("/account/api/v1/whoami");

        Assert.Equal(ShortId.Encode(me.UserId), whoami.GetProperty("user_id").GetString());
        Assert.Equal(email.ToLowerInvariant(), whoami.GetProperty("email").GetString());
        var org = Assert.Single(whoami.GetProperty("organizations").EnumerateArray());
        Assert.Equal(ShortId.Encode(me.OrganizationId), org.GetProperty("id").GetString());
        Assert.Equal("Mine", org.GetProperty("name").GetString());
        Assert.Equal("owner", org.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Object, whoami.GetProperty("metadata").ValueKind);
        var key = whoami.GetProperty("api_key");
        Assert.Equal(ShortId.Encode(keyId), key.GetProperty("id").GetString());
        Assert.Equal("csu", key.GetProperty("key_type").GetString());
    }

    [Fact]
    public async Task An_organization_key_has_no_user_and_shows_its_role()
    {
        var owner = await fx.BootstrapAsync(organization: "Keyed");
        var verified = await (await fx.VerifyAsync(owner.BusinessKey)).Content.ReadFromJsonAsync<JsonElement>();
        var keyId = verified.GetProperty("key_id").GetGuid();
        var client = fx.ClientAs(new Caller(null, keyId, ApiKeyFormat.Business, new Dictionary<Guid, string> { [owner.OrganizationId] = Roles.Manager }, []));

        var whoami = await client.GetFromJsonAsync<JsonElement>("/account/api/v1/whoami");

        Assert.Equal(JsonValueKind.Null, whoami.GetProperty("user_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, whoami.GetProperty("email").ValueKind);
        Assert.Equal("manager", Assert.Single(whoami.GetProperty("organizations").EnumerateArray()).GetProperty("role").GetString());
        Assert.Equal("manager", whoami.GetProperty("api_key").GetProperty("role").GetString());
        Assert.Equal("csb", whoami.GetProperty("api_key").GetProperty("key_type").GetString());
    }

    [Fact]
    public async Task A_session_without_a_key_has_a_null_api_key()
    {
        var me = await fx.BootstrapAsync();
        var client = fx.ClientAs(new Caller(me.UserId, null, "", new Dictionary<Guid, string>(), []));

        var whoami = await client.GetFromJsonAsync<JsonElement>("/account/api/v1/whoami");

        Assert.Equal(JsonValueKind.Null, whoami.GetProperty("api_key").ValueKind);
        Assert.Empty(whoami.GetProperty("organizations").EnumerateArray());
    }
}
