using Closient.Contracts.Catalog;
using MassTransit;

namespace Closient.Catalog.Resolver;

/// <summary>
/// Evicts a product from <see cref="ResolutionData"/> when it changes. Registered on a temporary
/// (per-instance, auto-deleted) endpoint so every replica receives every event and evicts its own cache.
/// Eviction is idempotent, so it needs no inbox.
/// </summary>
public sealed class ProductCacheEvictor(ResolutionData data, ResolverCertifications certifications) : IConsumer<ProductUpserted>
{
    public Task Consume(ConsumeContext<ProductUpserted> context)
    {
        data.Evict(context.Message.Gtin);
        certifications.Evict(context.Message.Gtin);
        return Task.CompletedTask;
    }
}
