using Closient.Contracts.Accounts;
using MassTransit;

namespace Closient.Gateway.Auth;

/// <summary>
/// A user key (<c>csu_</c>) acts with its user's memberships, which accounts puts into the verify
/// answer; when they change, the user's cached keys are dropped so the next request sees the new
/// roles. Idempotent, like <see cref="ApiKeyRevokedConsumer"/>.
/// </summary>
public sealed class MembershipChangedConsumer(ApiKeyVerifier verifier) : IConsumer<MembershipChanged>
{
    public Task Consume(ConsumeContext<MembershipChanged> context)
    {
        verifier.EvictUser(context.Message.UserId);
        return Task.CompletedTask;
    }
}
