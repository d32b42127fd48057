using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Gateway.Tests.Infrastructure;

/// <summary>The real gateway (its Program) on a real Kestrel port on 127.0.0.1, configured by the test.</summary>
public sealed class GatewayHost : WebApplicationFactory<GatewayMarker>
{
    readonly IReadOnlyDictionary<string, string?> settings;
    readonly Action<IServiceCollection>? services;

    /// <param name="services">Replaces registrations after the gateway's own (a fake <see cref="TimeProvider"/>).</param>
    public GatewayHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        (this.settings, this.services) = (settings, services);
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    public Uri Address { get; private set; } = null!;

    public GatewayHost Start()
    {
        StartServer();
        Address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return this;
    }

    /// <summary>A plain HTTP client to the gateway's port, as any caller would use; with <paramref name="apiKey"/> on every request.</summary>
    public HttpClient CreateHttpClient(string? apiKey = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = Address };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
        if (services is not null)
            builder.ConfigureTestServices(services);
    }

    /// <summary>A loopback port that nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
