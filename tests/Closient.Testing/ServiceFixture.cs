using System.Reflection;
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

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Schemas);
        VirtualHost = await TestVirtualHost.CreateAsync();
        Bus = await TestBus.StartAsync(VirtualHost.Uri);
        Factory = new ServiceFactory<TMarker>(Database.ConnectionString, VirtualHost.Uri, Settings);
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
