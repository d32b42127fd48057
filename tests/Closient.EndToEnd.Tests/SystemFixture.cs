using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Closient.Testing;
using Closient.Testing.Shopify;
using Npgsql;

namespace Closient.EndToEnd.Tests;

/// <summary>
/// Boots the whole system the way a developer does, by running the AppHost, but on the test
/// infrastructure: its external mode provisions a fresh database (schemas, one role per service)
/// and uses a fresh RabbitMQ vhost; services and gateway listen on free ports. Tests talk only to
/// the gateway, like a client, and to the operator API to kill and restart services.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    readonly StringBuilder _log = new();
    Process? _appHost;
    TestVirtualHost? _vhost;

    public HttpClient Gateway { get; private set; } = null!;
    public HttpClient Operator { get; private set; } = null!;
    public string Database { get; } = "e2e_" + Guid.NewGuid().ToString("N")[..12];
    public TestBus Bus { get; private set; } = null!;

    /// <summary>The Shopify the offers service talks to: a local fake speaking the Admin API, OAuth and webhook signing.</summary>
    public FakeShopify Shopify { get; private set; } = null!;

    /// <summary>The development organization the AppHost bootstrapped; the gateway client acts for it with its manager key.</summary>
    public string OrganizationId { get; private set; } = "";

    /// <summary>The bootstrapped keys: CLOSIENT_API_KEY (csb manager), CLOSIENT_USER_API_KEY (csu owner), ….</summary>
    public IReadOnlyDictionary<string, string> Keys { get; private set; } = new Dictionary<string, string>();

    readonly string _dataDir = Path.Combine(Path.GetTempPath(), "closient-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>An admin connection to the system's database, for assertions on outbox and inbox tables.</summary>
    public string DatabaseAdmin => new NpgsqlConnectionStringBuilder(TestInfrastructure.Instance.PostgresAdmin) { Database = Database }.ConnectionString;

    public async Task InitializeAsync()
    {
        var infra = TestInfrastructure.Instance;
        _vhost = await TestVirtualHost.CreateAsync();
        Bus = await TestBus.StartAsync(_vhost.Uri);
        var root = RepositoryRoot.Find();
        Shopify = await FakeShopify.StartAsync();
        var gatewayPort = TestInfrastructure.FreePort();
        var dashboardPort = TestInfrastructure.FreePort();
        var servicePortBase = FreePortRange(8);

        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(root, "Closient.AppHost", "bin", "Debug", "net10.0", "Closient.AppHost.dll"));
        psi.Environment["CLOSIENT_NO_BUILD"] = "1";
        psi.Environment["CLOSIENT_POSTGRES_ADMIN"] = infra.PostgresAdmin;
        psi.Environment["CLOSIENT_DATABASE"] = Database;
        psi.Environment["CLOSIENT_RABBITMQ_URI"] = _vhost.Uri.ToString();
        psi.Environment["CLOSIENT_GATEWAY_PORT"] = gatewayPort.ToString();
        psi.Environment["CLOSIENT_DASHBOARD_PORT"] = dashboardPort.ToString();
        psi.Environment["CLOSIENT_SERVICE_PORT_BASE"] = servicePortBase.ToString();
        psi.Environment["CLOSIENT_DATA_DIR"] = _dataDir;
        psi.Environment["NO_COLOR"] = "1";
        // Every service inherits the AppHost's environment: offers gets the fake Shopify, and Shopify's
        // redirects and webhooks come back to the gateway.
        psi.Environment["Integrations__Shopify__ApiKey"] = FakeShopify.ApiKey;
        psi.Environment["Integrations__Shopify__ApiSecret"] = Shopify.ApiSecret;
        psi.Environment["Integrations__Shopify__TokenKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        psi.Environment["Integrations__Shopify__BaseUrl"] = Shopify.BaseUrl + "{shop}";
        psi.Environment["Integrations__Shopify__AppUrl"] = $"http://127.0.0.1:{gatewayPort}";
        _appHost = Process.Start(psi)!;
        _appHost.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _appHost.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _appHost.BeginOutputReadLine();
        _appHost.BeginErrorReadLine();

        Gateway = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Operator = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{dashboardPort}"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                if (_appHost.HasExited) throw new InvalidOperationException("The AppHost exited during start-up:\n" + Log);
                try { return (await Gateway.GetAsync("/health")).IsSuccessStatusCode; }
                catch (HttpRequestException) { return false; }
            }, TimeSpan.FromSeconds(180), "the gateway reports healthy");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\nAppHost output:\n" + Log, e);
        }

        Keys = File.ReadAllLines(Path.Combine(_dataDir, "dev-api-key.env"))
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        OrganizationId = Keys["CLOSIENT_ORGANIZATION_ID"];
        // The tests poll through the gateway; give them a manager key whose limits polling cannot exhaust
        // (the bootstrapped key has the default 300/min, which the rate-limit tests rely on).
        using (var bootstrap = GatewayWith(Keys["CLOSIENT_API_KEY"]))
        {
            var response = await bootstrap.PostAsJsonAsync($"/account/api/v1/organizations/{OrganizationId}/api-keys",
                new { name = "end-to-end tests", role = "manager", rate_limit_per_minute = 1_000_000, rate_limit_per_day = 1_000_000_000 });
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            Gateway.DefaultRequestHeaders.Add("X-API-Key", created.GetProperty("key").GetString());
        }
    }

    /// <summary>A gateway client with another key (or none).</summary>
    public HttpClient GatewayWith(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = Gateway.Timeout };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        return client;
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>The state of one resource as the operator API reports it.</summary>
    public async Task<JsonElement> ResourceAsync(string name) =>
        await Operator.GetFromJsonAsync<JsonElement>($"/api/resources/{name}");

    static int FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var start = Random.Shared.Next(30000, 39000);
            if (Enumerable.Range(start, count).All(PortIsFree)) return start;
        }
        throw new InvalidOperationException("No free port range.");
    }

    static bool PortIsFree(int port)
    {
        try
        {
            using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            l.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException) { return false; }
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        Operator?.Dispose();
        if (_appHost is { HasExited: false })
        {
            // SIGTERM (as Ctrl+C): the AppHost stops every process it started. SIGINT may be ignored in a non-interactive parent.
            using (var kill = Process.Start("kill", ["-TERM", _appHost.Id.ToString()])) await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            try { await _appHost.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { _appHost.Kill(entireProcessTree: true); }
        }
        if (Bus is not null) await Bus.DisposeAsync();
        if (Shopify is not null) await Shopify.DisposeAsync();
        if (_vhost is not null) await _vhost.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(TestInfrastructure.Instance.PostgresAdmin);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { } // best effort: a throwaway directory under /tmp
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
