using Closient.Contracts.Accounts;
using MassTransit;

namespace Closient.Gateway.Auth;

/// <summary>
/// Stops accepting a revoked key at once. No inbox: eviction is idempotent, so a redelivery is harmless.
/// Each gateway instance needs its own (temporary) queue: see <see cref="GatewayAuth.AddGatewayAuthConsumers"/>.
/// </summary>
public sealed class ApiKeyRevokedConsumer(ApiKeyVerifier verifier) : IConsumer<ApiKeyRevoked>
{
    public Task Consume(ConsumeContext<ApiKeyRevoked> context)
    {
        verifier.Evict(context.Message.KeyHash);
        return Task.CompletedTask;
    }
}
