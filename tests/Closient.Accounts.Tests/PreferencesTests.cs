using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.ServiceDefaults.Auth;
using Dapper;

namespace Closient.Accounts.Tests;

public sealed class PreferencesTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task A_fresh_user_has_an_empty_array()
    {
        var me = await fx.BootstrapAsync();

        var response = await fx.Owner(me).GetAsync("/account/api/v1/preferences");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_user_sees_only_their_own_preferences_by_category_then_trait()
    {
        var me = await fx.BootstrapAsync();
        var other = await fx.BootstrapAsync();
        await using (var conn = await fx.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO accounts.user_preferences (user_id, trait, trait_label, category, stance, updated) VALUES
                    (@me, 'vegan', 'Vegan', 'DIETARY', 'REQUIRE', now()),
                    (@me, 'peanuts', 'Peanuts', 'ALLERGEN', 'AVOID', now()),
                    (@me, 'local', 'Locally sourced', 'SOURCING', 'PREFER', now()),
                    (@other, 'halal', 'Halal', 'RELIGIOUS', 'REQUIRE', now())
                """, new { me = me.UserId, other = other.UserId });

        var preferences = await fx.Owner(me).GetFromJsonAsync<JsonElement>("/account/api/v1/preferences");

        Assert.Equal(["peanuts", "vegan", "local"], preferences.EnumerateArray().Select(p => p.GetProperty("trait").GetString()));
        var peanuts = preferences[0];
        Assert.Equal("Peanuts", peanuts.GetProperty("trait_label").GetString());
        Assert.Equal("ALLERGEN", peanuts.GetProperty("category").GetString());
        Assert.Equal("AVOID", peanuts.GetProperty("stance").GetString());
    }

    [Fact]
    public async Task Organization_keys_have_no_preferences_404()
    {
        var owner = await fx.BootstrapAsync();
        var client = fx.ClientAs(new Caller(null, Guid.NewGuid(), ApiKeyFormat.Business, new Dictionary<Guid, string> { [owner.OrganizationId] = Roles.Manager }, []));

        var response = await client.GetAsync("/account/api/v1/preferences");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
