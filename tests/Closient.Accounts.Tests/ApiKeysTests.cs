using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Closient.Contracts.Accounts;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Accounts.Tests;

public sealed class ApiKeysTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    static string Keys(Guid org) => $"/account/api/v1/organizations/{ShortId.Encode(org)}/api-keys";

    [Fact]
    public async Task A_new_key_is_well_formed_shown_once_and_stored_only_as_its_hash()
    {
        var owner = await fx.BootstrapAsync();

        var created = await fx.CreateKeyAsync(fx.Owner(owner), owner.OrganizationId,
            new { name = "CI", description = "deploys", role = "editor", metadata = new { team = "ops" } });

        var raw = created.GetProperty("key").GetString();
        Assert.True(ApiKeyFormat.TryParse(raw, out var type));
        Assert.Equal("csb", type);
        Assert.Equal("csb", created.GetProperty("key_type").GetString());
        Assert.Equal("editor", created.GetProperty("role").GetString());
        Assert.Equal("deploys", created.GetProperty("description").GetString());
        Assert.EndsWith(raw![^4..], created.GetProperty("masked").GetString());
        var id = AccountsFixture.IdOf(created);
        Assert.Equal(ApiKeyFormat.Hash(raw), await fx.Database.ScalarAsync<string>("SELECT key_hash FROM accounts.api_keys WHERE id = @id", new { id }));
        var body = raw.Split('_')[1];
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM accounts.api_keys k WHERE strpos(k::text, @body) > 0", new { body }));

        var listed = await fx.Owner(owner).GetStringAsync(Keys(owner.OrganizationId));
        var fetched = await fx.Owner(owner).GetStringAsync($"{Keys(owner.OrganizationId)}/{ShortId.Encode(id)}");
        Assert.DoesNotContain(body, listed);
        Assert.DoesNotContain(body, fetched);
        Assert.DoesNotContain("\"key\"", fetched);
    }

    [Fact]
    public async Task Verifying_an_organization_key_returns_its_identity_limits_and_expiry()
    {
        var owner = await fx.BootstrapAsync();
        var expires = DateTimeOffset.UtcNow.AddDays(30);
        var created = await fx.CreateKeyAsync(fx.Owner(owner), owner.OrganizationId,
            new { name = "Widget", key_type = "cpk", expires_at = expires, rate_limit_per_minute = 50, rate_limit_per_day = 5000 });

        var response = await fx.VerifyAsync(created.GetProperty("key").GetString()!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var identity = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(AccountsFixture.IdOf(created), identity.GetProperty("key_id").GetGuid());
        Assert.Equal("cpk", identity.GetProperty("key_type").GetString());
        Assert.Equal(JsonValueKind.Null, identity.GetProperty("user_id").ValueKind);
        var orgs = identity.GetProperty("organizations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { [owner.OrganizationId.ToString()] = "readonly" }, orgs);
        Assert.Equal(["brands:read", "locations:read", "search:read"], identity.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(50, identity.GetProperty("rate_limit_per_minute").GetInt32());
        Assert.Equal(5000, identity.GetProperty("rate_limit_per_day").GetInt32());
        Assert.Equal(expires.ToUnixTimeSeconds(), identity.GetProperty("expires_at").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Verifying_a_user_key_returns_the_users_memberships()
    {
        var me = await fx.BootstrapAsync();
        var other = await fx.BootstrapAsync();
        var email = await fx.Database.ScalarAsync<string>("SELECT email FROM accounts.users WHERE id = @id", new { id = me.UserId });
        await fx.AddMemberAsync(fx.Owner(other), other.OrganizationId, email, "billing");

        var identity = await (await fx.VerifyAsync(me.UserKey)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("csu", identity.GetProperty("key_type").GetString());
        Assert.Equal(me.UserId, identity.GetProperty("user_id").GetGuid());
        var orgs = identity.GetProperty("organizations").EnumerateObject().ToDictionary(p => Guid.Parse(p.Name), p => p.Value.GetString());
        Assert.Equal(new Dictionary<Guid, string?> { [me.OrganizationId] = "owner", [other.OrganizationId] = "billing" }, orgs);
        // The union over the user's roles: an owner somewhere may do everything, creating organizations included.
        var scopes = identity.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("organizations:create", scopes);
        Assert.Contains("organizations:delete", scopes);
        Assert.Contains("offers:write", scopes);
        Assert.Equal(scopes.Order(StringComparer.Ordinal), scopes);
    }

    [Fact]
    public async Task An_editor_keys_scopes_cover_reads_and_catalog_and_offer_writes_but_not_keys_members_or_billing()
    {
        var owner = await fx.BootstrapAsync();
        var created = await fx.CreateKeyAsync(fx.Owner(owner), owner.OrganizationId, new { name = "Editor", role = "editor" });

        var identity = await (await fx.VerifyAsync(created.GetProperty("key").GetString()!)).Content.ReadFromJsonAsync<JsonElement>();

        var scopes = identity.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "products:read", "locations:read", "products:write", "brands:write", "offers:write", "locations:write", "qr:generate" }, scopes);
        Assert.DoesNotContain("api_keys:write", scopes);
        Assert.DoesNotContain("members:write", scopes);
        Assert.DoesNotContain("billing:write", scopes);
        Assert.DoesNotContain("organizations:create", scopes); // organization keys do not create organizations
    }

    [Fact]
    public async Task Deleting_a_key_returns_204_publishes_ApiKeyRevoked_and_the_key_no_longer_verifies()
    {
        var owner = await fx.BootstrapAsync();
        var created = await fx.CreateKeyAsync(fx.Owner(owner), owner.OrganizationId, new { name = "Temp" });
        var raw = created.GetProperty("key").GetString()!;
        var id = AccountsFixture.IdOf(created);
        Assert.Equal(HttpStatusCode.OK, (await fx.VerifyAsync(raw)).StatusCode);

        var response = await fx.Owner(owner).DeleteAsync($"{Keys(owner.OrganizationId)}/{ShortId.Encode(id)}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var (revoked, _) = await fx.Bus.WaitForAsync<ApiKeyRevoked>(e => e.ApiKeyId == id);
        Assert.Equal(ApiKeyFormat.Hash(raw), revoked.KeyHash);
        Assert.Equal(owner.OrganizationId, revoked.OrganizationId);
        await ProblemAssert.AssertAsync(await fx.VerifyAsync(raw), 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(await fx.Owner(owner).GetAsync($"{Keys(owner.OrganizationId)}/{ShortId.Encode(id)}"), 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Inactive_expired_and_unknown_keys_do_not_verify()
    {
        var owner = await fx.BootstrapAsync();
        var inactive = await fx.CreateKeyAsync(fx.Owner(owner), owner.OrganizationId, new { name = "Off" });
        var expired = await fx.CreateKeyAsync(fx.Owner(owner), owner.OrganizationId, new { name = "Old", expires_at = DateTimeOffset.UtcNow.AddMinutes(5) });
        await fx.Database.ScalarAsync<int>("UPDATE accounts.api_keys SET is_active = false WHERE id = @id", new { id = AccountsFixture.IdOf(inactive) });
        await fx.Database.ScalarAsync<int>("UPDATE accounts.api_keys SET expires_at = now() - interval '1 second' WHERE id = @id", new { id = AccountsFixture.IdOf(expired) });

        await ProblemAssert.AssertAsync(await fx.VerifyAsync(inactive.GetProperty("key").GetString()!), 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(await fx.VerifyAsync(expired.GetProperty("key").GetString()!), 404, "NOT_FOUND");
        await ProblemAssert.AssertAsync(await fx.VerifyAsync(ApiKeyFormat.Generate("csb")), 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Last_used_is_written_on_first_use_and_then_at_most_once_a_minute()
    {
        var owner = await fx.BootstrapAsync();
        var created = await fx.CreateKeyAsync(fx.Owner(owner), owner.OrganizationId, new { name = "Busy" });
        var raw = created.GetProperty("key").GetString()!;
        var id = AccountsFixture.IdOf(created);
        Task<DateTimeOffset?> LastUsed() => fx.Database.ScalarAsync<DateTimeOffset?>("SELECT last_used_at FROM accounts.api_keys WHERE id = @id", new { id });
        Assert.Null(await LastUsed());

        await fx.VerifyAsync(raw);
        var first = await LastUsed();
        await fx.VerifyAsync(raw);
        var second = await LastUsed();
        await fx.Database.ScalarAsync<int>("UPDATE accounts.api_keys SET last_used_at = now() - interval '61 seconds' WHERE id = @id", new { id });
        var stale = await LastUsed();
        await fx.VerifyAsync(raw);
        var third = await LastUsed();

        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.True(third > stale, "a stale last_used_at is refreshed");
    }

    [Fact]
    public async Task Patch_changes_only_name_description_and_metadata()
    {
        var owner = await fx.BootstrapAsync();
        var created = await fx.CreateKeyAsync(fx.Owner(owner), owner.OrganizationId, new { name = "Before", metadata = new { a = "1" } });
        var path = $"{Keys(owner.OrganizationId)}/{created.GetProperty("id").GetString()}";

        var patched = await fx.Owner(owner).PatchAsJsonAsync(path, new { name = "After", metadata = new { b = "2" } });
        var roleChange = await fx.Owner(owner).PatchAsJsonAsync(path, new { role = "manager" });

        var key = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("After", key.GetProperty("name").GetString());
        Assert.Equal("readonly", key.GetProperty("role").GetString());
        Assert.Equal(2, key.GetProperty("metadata").EnumerateObject().Count());
        await ProblemAssert.AssertAsync(roleChange, 422, "VALIDATION_ERROR", "role");
        Assert.Equal("readonly", await fx.Database.ScalarAsync<string>("SELECT role FROM accounts.api_keys WHERE id = @id", new { id = AccountsFixture.IdOf(created) }));
    }

    [Fact]
    public async Task Keys_are_listed_per_organization_and_paginated()
    {
        var owner = await fx.BootstrapAsync();
        await fx.BootstrapAsync();
        await fx.CreateKeyAsync(fx.Owner(owner), owner.OrganizationId, new { name = "Second" });
        await fx.CreateKeyAsync(fx.Owner(owner), owner.OrganizationId, new { name = "Third" });

        var page = await fx.Owner(owner).GetFromJsonAsync<JsonElement>($"{Keys(owner.OrganizationId)}?page=2&page_size=2");

        Assert.Equal("Third", Assert.Single(page.GetProperty("data").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(3, page.GetProperty("pagination").GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Verify_needs_a_sha256_hex_key_hash()
    {
        await ProblemAssert.AssertAsync(await fx.Gateway().PostAsJsonAsync("/internal/api/v1/api-keys/verify", new { key_hash = "csb_raw_key" }), 422, "VALIDATION_ERROR", "key_hash");
        await ProblemAssert.AssertAsync(await fx.Gateway().PostAsJsonAsync("/internal/api/v1/api-keys/verify", new { }), 422, "VALIDATION_ERROR", "key_hash");
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"description": "no name"}""", "name" },
        { "{\"name\": \"" + new string('n', 256) + "\"}", "name" },
        { "{\"name\": \"x\", \"description\": \"" + new string('d', 256) + "\"}", "description" },
        { """{"name": "x", "role": "owner"}""", "role" },
        { """{"name": "x", "key_type": "csu"}""", "key_type" },
        { """{"name": "x", "key_type": "cpk", "role": "manager"}""", "role" },
        { """{"name": "x", "expires_at": "2001-01-01T00:00:00Z"}""", "expires_at" },
        { """{"name": "x", "expires_at": "tomorrow"}""", "expires_at" },
        { """{"name": "x", "rate_limit_per_minute": -1}""", "rate_limit_per_minute" },
        { """{"name": "x", "rate_limit_per_day": "100"}""", "rate_limit_per_day" },
        { """{"name": "x", "key": "csb_chosen"}""", "key" },
        { """{"name": "x\u0000y"}""", "name" },
        { """{"name": "x", "metadata": {"k": 1}}""", "metadata.k" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_key_bodies_get_422_naming_the_field_and_create_no_key(string json, string field)
    {
        var owner = await fx.BootstrapAsync();

        var response = await fx.Owner(owner).PostAsync(Keys(owner.OrganizationId), new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.AssertAsync(response, 422, "VALIDATION_ERROR", field);
        Assert.Equal(1, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM accounts.api_keys WHERE organization_id = @org", new { org = owner.OrganizationId }));
    }
}
