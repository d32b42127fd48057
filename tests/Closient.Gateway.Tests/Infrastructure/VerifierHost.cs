using Closient.Gateway.Auth;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Closient.Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway's auth services as the gateway registers them (ServiceDefaults' service discovery and
/// resilience, then <see cref="GatewayAuth.AddGatewayAuth"/>), pointed at <c>services:accounts:http:0</c>,
/// on a fake clock. One per test, so every test starts with an empty cache.
/// </summary>
public sealed class VerifierHost : IAsyncDisposable
{
    readonly IHost host;

    public VerifierHost(Uri accounts, string signingKey, ManualTimeProvider clock, Action<IBusRegistrationConfigurator>? bus = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:accounts:http:0"] = accounts.ToString().TrimEnd('/'),
            ["Closient:InternalToken:SigningKey"] = signingKey,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddServiceDefaults();
        builder.AddGatewayAuth();
        if (bus is not null)
            builder.Services.AddMassTransitTestHarness(bus);
        host = builder.Build();
    }

    public IServiceProvider Services => host.Services;

    public ApiKeyVerifier Verifier => host.Services.GetRequiredService<ApiKeyVerifier>();

    public Task StartAsync() => host.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
