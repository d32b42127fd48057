using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closient.Gateway.Tests.Infrastructure;

/// <summary>
/// Stand-in for one of our services: a real Kestrel app on 127.0.0.1 that answers every path with
/// what it received. A path containing <c>/stall</c> never answers (until the caller gives up).
/// </summary>
public sealed class EchoBackend : IAsyncDisposable
{
    readonly WebApplication app;

    EchoBackend(WebApplication app, string name, Uri address) => (this.app, Name, Address) = (app, name, address);

    public string Name { get; }

    public Uri Address { get; }

    public static async Task<EchoBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        app.Run(context => EchoAsync(context, name));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new EchoBackend(app, name, new Uri(address));
    }

    /// <summary>Answers with what the request carried, as <paramref name="name"/>.</summary>
    public static async Task EchoAsync(HttpContext context, string name)
    {
        var request = context.Request;
        if (request.Path.Value!.Contains("/stall", StringComparison.Ordinal))
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            return;
        }

        long bodyBytes = 0;
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            bodyBytes += read;

        // Like a service would, and so the test sees the gateway does not send the id twice.
        context.Response.Headers["X-Request-Id"] = request.Headers["X-Request-Id"];
        await context.Response.WriteAsJsonAsync(new Echo(
            name,
            request.Method,
            request.Path.Value!,
            request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            bodyBytes));
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}

/// <summary>What <see cref="EchoBackend"/> saw.</summary>
public sealed record Echo(string Service, string Method, string Path, string Query, Dictionary<string, string> Headers, long BodyBytes)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}
