using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Closient.Accounts.Bootstrap;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using Npgsql;

namespace Closient.Accounts.Tests;

public sealed class AccountsFixture : ServiceFixture<AccountsMarker>
{
    protected override (string Schema, Assembly Migrations)[] Schemas => [(AccountsService.Schema, typeof(AccountsMarker).Assembly)];

    NpgsqlDataSource? _db;

    /// <summary>A data source on this class's database, for calling the bootstrap code directly.</summary>
    public NpgsqlDataSource Db => _db ??= new NpgsqlDataSourceBuilder(Database.ConnectionString).Build();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        DapperConventions.Apply();
    }

    public override async Task DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
        await base.DisposeAsync();
    }

    public static string NewEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.com";

    /// <summary>A user who owns a new organization, made by the bootstrap code path.</summary>
    public Task<BootstrapResult> BootstrapAsync(string? email = null, string organization = "Acme") =>
        AccountsBootstrap.RunAsync(Db, email ?? NewEmail("owner"), organization, "US", TimeProvider.System, CancellationToken.None);

    /// <summary>A user caller (csu key) acting with <paramref name="role"/> in <paramref name="org"/>.</summary>
    public HttpClient UserClient(Guid userId, Guid org, string role) =>
        ClientAs(new Caller(userId, Guid.CreateVersion7(), ApiKeyFormat.User, new Dictionary<Guid, string> { [org] = role }, []));

    public HttpClient Owner(BootstrapResult b) => UserClient(b.UserId, b.OrganizationId, Roles.Owner);

    /// <summary>The gateway's own identity, the only caller of the internal verify endpoint.</summary>
    public HttpClient Gateway() => ClientAs(new Caller(null, null, Caller.ServiceKeyType, new Dictionary<Guid, string>(), []));

    public async Task<JsonElement> AddMemberAsync(HttpClient owner, Guid org, string email, string role)
    {
        var response = await owner.PostAsJsonAsync($"/account/api/v1/organizations/{ShortId.Encode(org)}/members", new { email, role });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> CreateKeyAsync(HttpClient client, Guid org, object body)
    {
        var response = await client.PostAsJsonAsync($"/account/api/v1/organizations/{ShortId.Encode(org)}/api-keys", body);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<HttpResponseMessage> VerifyAsync(string rawKey) =>
        await Gateway().PostAsJsonAsync("/internal/api/v1/api-keys/verify", new { key_hash = ApiKeyFormat.Hash(rawKey) });

    public static Guid IdOf(JsonElement e, string property = "id")
    {
        Assert.True(ShortId.TryParse(e.GetProperty(property).GetString(), out var id));
        return id;
    }
}
