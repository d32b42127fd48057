using Closient.ServiceDefaults.Auth;

namespace Closient.Gateway.Tests.Infrastructure;

/// <summary>
/// Two gateways, shared by every test class: <see cref="Gateway"/> in front of one echo backend per
/// cluster (timeout 1 s so a stall is quick to see), and <see cref="Broken"/> whose catalog address
/// has nothing listening and whose other clusters have no address at all. Both verify keys with
/// <see cref="Accounts"/> (which also serves the accounts cluster as an echo) and sign internal tokens
/// with its key; <see cref="ApiKey"/> is a csb key it knows, with a limit no test reaches.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    // Not the default (1 MiB), so the tests show the setting is what applies.
    public const long MaxBodyBytes = 2 * 1024 * 1024;
    static readonly string[] Clusters = ["catalog", "offers", "locations", "search"];

    readonly List<EchoBackend> backends = [];

    public GatewayHost Gateway { get; private set; } = null!;

    public GatewayHost Broken { get; private set; } = null!;

    public FakeAccounts Accounts { get; private set; } = null!;

    /// <summary>The gateway's settings, for a test that needs a gateway of its own (a fake clock).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = null!;

    /// <summary>A csb key accounts knows, acting for <see cref="Organization"/> as manager; 1,000,000 requests a minute.</summary>
    public string ApiKey { get; } = ApiKeyFormat.Generate(ApiKeyFormat.Business);

    public Guid ApiKeyId { get; } = Guid.NewGuid();

    public Guid Organization { get; } = Guid.NewGuid();

    /// <summary>Checks the tokens the gateway forwards (same signing key).</summary>
    public InternalToken Tokens { get; private set; } = null!;

    /// <summary>A client that sends <see cref="ApiKey"/> on every request.</summary>
    public HttpClient CreateClient() => Gateway.CreateHttpClient(ApiKey);

    public async Task InitializeAsync()
    {
        Accounts = await FakeAccounts.StartAsync();
        Tokens = new InternalToken(Accounts.SigningKey);
        Accounts.Knows(ApiKeyFormat.Hash(ApiKey), ApiKeyId, ApiKeyFormat.Business,
            organizations: new Dictionary<Guid, string> { [Organization] = Roles.Manager }, perMinute: 1_000_000, perDay: 1_000_000);
        var accounts = Accounts.Address.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:RequestTimeoutSeconds"] = "1",
            ["Gateway:MaxRequestBodyBytes"] = MaxBodyBytes.ToString(),
            ["services:accounts:http:0"] = accounts,
            [InternalToken.SigningKeySetting] = Accounts.SigningKey,
        };
        foreach (var cluster in Clusters)
        {
            var backend = await EchoBackend.StartAsync(cluster);
            backends.Add(backend);
            settings[$"services:{cluster}:http:0"] = backend.Address.ToString().TrimEnd('/');
        }
        Settings = settings;
        Gateway = new GatewayHost(settings).Start();

        Broken = new GatewayHost(new Dictionary<string, string?>
        {
            ["services:catalog:http:0"] = $"http://127.0.0.1:{GatewayHost.ClosedPort()}",
            ["services:accounts:http:0"] = accounts,
            [InternalToken.SigningKeySetting] = Accounts.SigningKey,
        }).Start();
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Broken.DisposeAsync();
        foreach (var backend in backends)
            await backend.DisposeAsync();
        await Accounts.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
