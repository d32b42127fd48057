using Closient.Contracts.Catalog;
using MassTransit;

namespace Closient.Catalog.Resolver;

/// <summary>
/// Evicts a product from <see cref="ResolutionData"/> when it changes, and an organization's products when one of its
/// brands changes (a product's brand record and website come from the brand). Registered on a temporary
/// (per-instance, auto-deleted) endpoint so every replica receives every event and evicts its own copy.
/// Eviction is idempotent, so it needs no inbox.
/// </summary>
public sealed class ProductCacheEvictor(ResolutionData data, ResolverCertifications certifications) : IConsumer<ProductUpserted>, IConsumer<BrandUpserted>
{
    public Task Consume(ConsumeContext<ProductUpserted> context)
    {
        data.Evict(context.Message.Gtin);
        certifications.Evict(context.Message.Gtin);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<BrandUpserted> context)
    {
        if (context.Message.OrganizationId is { } organization) data.EvictOrganization(organization);
        return Task.CompletedTask;
    }
}
