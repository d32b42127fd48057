namespace Closient.Gateway.Tests.Infrastructure;

/// <summary>
/// Two gateways, shared by every test class: <see cref="Gateway"/> in front of one echo backend per
/// cluster (timeout 1 s so a stall is quick to see), and <see cref="Broken"/> whose catalog address
/// has nothing listening and whose other clusters have no address at all.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    // Not the default (1 MiB), so the tests show the setting is what applies.
    public const long MaxBodyBytes = 2 * 1024 * 1024;
    static readonly string[] Clusters = ["catalog", "offers", "locations", "search"];

    readonly List<EchoBackend> backends = [];

    public GatewayHost Gateway { get; private set; } = null!;

    public GatewayHost Broken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:RequestTimeoutSeconds"] = "1",
            ["Gateway:MaxRequestBodyBytes"] = MaxBodyBytes.ToString(),
        };
        foreach (var cluster in Clusters)
        {
            var backend = await EchoBackend.StartAsync(cluster);
            backends.Add(backend);
            settings[$"services:{cluster}:http:0"] = backend.Address.ToString().TrimEnd('/');
        }
        Gateway = new GatewayHost(settings).Start();

        Broken = new GatewayHost(new Dictionary<string, string?>
        {
            ["services:catalog:http:0"] = $"http://127.0.0.1:{GatewayHost.ClosedPort()}",
        }).Start();
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Broken.DisposeAsync();
        foreach (var backend in backends)
            await backend.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
