using System.Reflection;
using Closient.ServiceDefaults.Auth;
using Xunit;

namespace Closient.Testing;

/// <summary>
/// Per test class: a database from the migrated template, a RabbitMQ virtual host, a test bus that
/// observes every contract event in that vhost, and the service under test hosted in-process.
/// Derive one per service and name its schemas (the service's own plus any whose migrations a test needs).
/// </summary>
public abstract class ServiceFixture<TMarker> : IAsyncLifetime where TMarker : class
{
    protected abstract (string Schema, Assembly Migrations)[] Schemas { get; }

    /// <summary>Extra configuration for the hosted service.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public TestDatabase Database { get; private set; } = null!;
    public TestVirtualHost VirtualHost { get; private set; } = null!;
    public TestBus Bus { get; private set; } = null!;
    public ServiceFactory<TMarker> Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    /// <summary>This class's internal-token signing key (services that authenticate read it from configuration).</summary>
    public InternalToken Tokens { get; }
    readonly string _signingKey = InternalToken.NewSigningKey();

    protected ServiceFixture() => Tokens = new InternalToken(_signingKey);

    /// <summary>A client whose every request carries a fresh internal token for <paramref name="caller"/>, as the gateway would send.</summary>
    public HttpClient ClientAs(Caller caller) =>
        Factory.CreateDefaultClient(new InternalTokenHandler(Tokens, caller));

    /// <summary>A client acting for <paramref name="organizationId"/> (a shortuuid or UUID) with <paramref name="role"/>, through a csb key.</summary>
    public HttpClient ClientFor(string organizationId, string role = Roles.Owner)
    {
        if (!Closient.ServiceDefaults.Http.ShortId.TryParse(organizationId, out var org))
            throw new ArgumentException($"'{organizationId}' is not an id.", nameof(organizationId));
        return ClientAs(Caller.ForOrganization(org, role));
    }

    /// <summary>A client with the gateway's anonymous token: what a keyless request to a public endpoint carries.</summary>
    public HttpClient AnonymousClient() => ClientAs(Caller.Anonymous);

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Schemas);
        VirtualHost = await TestVirtualHost.CreateAsync();
        Bus = await TestBus.StartAsync(VirtualHost.Uri);
        var settings = new Dictionary<string, string?>(Settings) { [InternalToken.SigningKeySetting] = _signingKey };
        Factory = new ServiceFactory<TMarker>(Database.ConnectionString, VirtualHost.Uri, settings);
        Client = Factory.CreateClient();
    }

    public virtual async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Factory is not null) await Factory.DisposeAsync();
        if (Bus is not null) await Bus.DisposeAsync();
        if (VirtualHost is not null) await VirtualHost.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
    }
}
