using Closient.Gateway.Auth;
using Closient.Gateway.Errors;
using Closient.Gateway.Policies;
using Closient.Gateway.RequestIds;
using Closient.Gateway.Routing;
using Closient.ServiceDefaults.Messaging;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Closient.Gateway;

public static class GatewayService
{
    /// <summary>Options, the Kestrel body limit and YARP with the in-memory route table.</summary>
    public static TBuilder AddGateway<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The gateway is the edge: X-Forwarded-* from clients are never trusted (YARP sets its own).
        builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.None);

        // After AddServiceDefaults' own Kestrel limit (Kestrel:Limits:MaxRequestBodySize), so this one wins.
        builder.Services.AddOptions<KestrelServerOptions>().PostConfigure<IOptions<GatewayOptions>>((kestrel, gateway) =>
            kestrel.Limits.MaxRequestBodySize = gateway.Value.MaxRequestBodyBytes);

        // The in-memory provider that LoadFromMemory registers, built when the container is, so that
        // configuration added late (tests, the AppHost's environment) is seen.
        builder.Services.AddSingleton(sp => ProxyConfigFactory.Create(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IOptions<GatewayOptions>>().Value));
        builder.Services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<InMemoryConfigProvider>());
        builder.Services.AddReverseProxy();

        // #3: API keys, rate limits, internal token (UseGatewayPolicies), and revocations as events.
        builder.AddGatewayAuth();
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("messaging")))
            builder.AddClosientMessaging("gateway", bus => bus.AddGatewayAuthConsumers(), outboxRelay: false);
        else
            builder.Services.AddHostedService<NoRevocationEventsWarning>();
        return builder;
    }

    /// <summary>Request ids for every response, problem pages included: call before MapDefaultEndpoints.</summary>
    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.UseMiddleware<RequestIdMiddleware>();

    /// <summary>The proxy pipeline and a problem 404 for every path no route serves.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(ForwarderErrorProblems.InvokeAsync);
            proxy.UseGatewayPolicies();   // #3: API keys, rate limits, internal token
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        app.MapFallback("{**path}", GatewayProblems.NotFound);
        return app;
    }
}

/// <summary>Says once, at start-up, that without a broker a revoked key keeps working until its cache entry expires.</summary>
sealed class NoRevocationEventsWarning(ILogger<NoRevocationEventsWarning> logger, Microsoft.Extensions.Options.IOptions<ApiKeyVerifierOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning("ConnectionStrings:messaging is not configured: API-key revocations take effect only when cached keys expire (Gateway:ApiKeys:CacheSeconds = {CacheSeconds})",
            options.Value.CacheSeconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
