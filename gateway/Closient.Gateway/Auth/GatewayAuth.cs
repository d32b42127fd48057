using Closient.Gateway.RateLimiting;
using Closient.ServiceDefaults.Auth;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Closient.Gateway.Auth;

public static class GatewayAuth
{
    /// <summary>The named <see cref="HttpClient"/> for accounts; its address comes from service discovery (<c>services:accounts:http:0</c>).</summary>
    public const string AccountsClient = "accounts";

    /// <summary>
    /// The API-key verifier (with its accounts client and the internal token it signs its calls with)
    /// and the per-key rate limiter. Needs <c>Closient:InternalToken:SigningKey</c> and, in practice,
    /// <c>services:accounts:http:0</c>.
    /// </summary>
    public static TBuilder AddGatewayAuth<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ApiKeyVerifierOptions>()
            .Bind(builder.Configuration.GetSection(ApiKeyVerifierOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(sp => new InternalToken(sp.GetRequiredService<IConfiguration>()[InternalToken.SigningKeySetting]
            ?? throw new InvalidOperationException($"{InternalToken.SigningKeySetting} is not configured.")));

        // Every request with an uncached key waits on this call, so the defaults (30 s overall, retries
        // two seconds apart) are far too patient: one quick retry, then the gateway answers 503.
        // RemoveAllResilienceHandlers (drops ServiceDefaults' standard handler) is marked experimental.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(AccountsClient, c => c.BaseAddress = new Uri("http://accounts"))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(5);
                o.Retry.MaxRetryAttempts = 1;
                o.Retry.Delay = TimeSpan.FromMilliseconds(50);
            });
#pragma warning restore EXTEXP0001

        builder.Services.TryAddSingleton<ApiKeyVerifier>();
        builder.Services.TryAddSingleton<ApiKeyRateLimiter>();
        builder.Services.TryAddSingleton<AnonymousRateLimiter>();
        return builder;
    }

    /// <summary>
    /// The gateway's consumers. Every gateway instance must see every revocation, so each gets its own
    /// temporary queue (auto-deleted when it stops) instead of sharing one and competing for messages.
    /// </summary>
    public static IBusRegistrationConfigurator AddGatewayAuthConsumers(this IBusRegistrationConfigurator bus)
    {
        var instance = Guid.CreateVersion7().ToString("N")[^12..];
        bus.AddConsumer<ApiKeyRevokedConsumer>().Endpoint(e => { e.Temporary = true; e.InstanceId = instance; });
        bus.AddConsumer<MembershipChangedConsumer>().Endpoint(e => { e.Temporary = true; e.InstanceId = instance; });
        return bus;
    }
}
