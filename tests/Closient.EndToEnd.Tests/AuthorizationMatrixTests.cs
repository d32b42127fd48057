using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Closient.Gateway.Auth;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.EndToEnd.Tests;

/// <summary>
/// The credential half of the authorization matrix, generated from what the running system says it
/// serves: every operation of every service's OpenAPI document (fetched through the gateway), so a
/// new endpoint is covered without anyone remembering it. Each is called through the gateway with
/// no key, a malformed key, a key with a bad checksum, a revoked key and a publishable key; the
/// expected answer follows from the gateway's one public-endpoint table. The role half is
/// <see cref="RoleMatrixTests"/>.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AuthorizationMatrixTests(SystemFixture system)
{
    [Fact]
    public async Task Every_endpoint_refuses_missing_malformed_revoked_and_publishable_keys_unless_it_is_public()
    {
        var operations = (await OpenApiOperations.LoadAsync(system.Gateway)).All.Select(o => (o.Method, o.Template)).ToList();
        Assert.True(operations.Count >= 20, $"only {operations.Count} operations found");
        var credentials = new Dictionary<string, string?>
        {
            ["no key"] = null,
            ["malformed key"] = "csb_not-a-key",
            ["bad checksum"] = "csb_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEf_00000000",
            ["revoked key"] = await RevokedKeyAsync(),
            ["publishable key"] = await CreateKeyAsync("cpk", "readonly"),
        };

        var failures = new List<string>();
        foreach (var (method, template) in operations)
        {
            var path = Fill(template);
            var access = PublicEndpoints.For(method, path);
            foreach (var (name, key) in credentials)
            {
                using var client = system.GatewayWith(key);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                var status = (int)(await client.SendAsync(request)).StatusCode;

                var expected = Expected(access, name);
                var ok = expected is { } e ? status == e : status is not (401 or 403) && status < 500;
                if (!ok) failures.Add($"{method} {template} with {name}: {status}, expected {expected?.ToString() ?? "neither 401/403 nor 5xx"}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>401 for every bad credential; a publishable key is 403 on secret-key endpoints; public endpoints admit a keyless call.</summary>
    static int? Expected(EndpointAccess access, string credential) => (access, credential) switch
    {
        (EndpointAccess.Public, "no key") => null,
        (_, "publishable key") when access == EndpointAccess.SecretKey => 403,
        (_, "publishable key") => null,
        _ => 401,
    };

    /// <summary>Real-looking values for path parameters: the system's organization, a valid GTIN, fresh ids.</summary>
    string Fill(string template) => System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}]+)\}", m => m.Groups[1].Value switch
    {
        "organization_id" or "organizationId" or "org_id" or "id" when template.Contains("organization") => system.OrganizationId,
        "gtin" => "04006381333931",
        _ => ShortId.Encode(Guid.CreateVersion7()),
    });

    async Task<string> CreateKeyAsync(string keyType, string role)
    {
        var response = await system.Gateway.PostAsJsonAsync($"/account/api/v1/organizations/{system.OrganizationId}/api-keys",
            new { name = $"matrix-{keyType}", role, key_type = keyType });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    async Task<string> RevokedKeyAsync()
    {
        var response = await system.Gateway.PostAsJsonAsync($"/account/api/v1/organizations/{system.OrganizationId}/api-keys",
            new { name = "matrix-revoked", role = "manager" });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        using (var client = system.GatewayWith(key))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/api/v1/whoami")).StatusCode); // cached as valid
        await system.Gateway.DeleteAsync($"/account/api/v1/organizations/{system.OrganizationId}/api-keys/{created.GetProperty("id").GetString()}");
        using (var client = system.GatewayWith(key))
            await Eventually.TrueAsync(async () => (await client.GetAsync("/account/api/v1/whoami")).StatusCode == HttpStatusCode.Unauthorized,
                TimeSpan.FromSeconds(5), "the revoked key is refused");
        return key;
    }
}
