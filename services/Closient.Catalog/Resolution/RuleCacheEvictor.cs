using Closient.Contracts.Catalog;
using MassTransit;

namespace Closient.Catalog.Resolution;

/// <summary>
/// Forgets an organization's cached rules (<see cref="ResolutionRuleCache"/>) when any of its rules changes. On a
/// temporary (per-instance, auto-deleted) endpoint like the product cache's evictor, so every replica receives every
/// event. The whole organization is invalidated, not one scope: the event names the rule's scope after the change only,
/// and a PATCH may have moved it from another. Idempotent, so no inbox.
/// </summary>
public sealed class RuleCacheEvictor(ResolutionRuleCache cache) : IConsumer<ResolutionRuleChanged>
{
    public Task Consume(ConsumeContext<ResolutionRuleChanged> context)
    {
        cache.Invalidate(context.Message.OrganizationId);
        return Task.CompletedTask;
    }
}
