using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Closient.Catalog.Resolver;

public static class ResolverRegistration
{
    /// <summary>
    /// Options (<c>Resolver</c> section), the in-memory products and their loader, the link source (none built in: the
    /// resolution-rules evaluator replaces <see cref="NoResolutionLinks"/> by registering its own
    /// <see cref="IResolutionLinkSource"/> first), the scan queue and its outbox writer.
    /// </summary>
    public static IHostApplicationBuilder AddResolver(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ResolverOptions>().Bind(builder.Configuration.GetSection(ResolverOptions.Section));
        builder.Services.AddSingleton<ResolutionData>();
        builder.Services.AddSingleton<ResolutionIndexLoader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ResolutionIndexLoader>());
        builder.Services.AddSingleton<ResolverCertifications>();
        builder.Services.TryAddSingleton<IResolutionLinkSource, NoResolutionLinks>();
        builder.Services.AddSingleton<ScanRecorder>();
        builder.Services.AddHostedService<ScanWriter>();
        return builder;
    }

    /// <summary>
    /// The cache evictor on a temporary queue of its own per instance (auto-deleted, unique name), so every
    /// replica sees every <c>ProductUpserted</c>.
    /// </summary>
    public static void AddResolverConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ProductCacheEvictor>().Endpoint(e =>
        {
            e.Temporary = true;
            e.InstanceId = Guid.NewGuid().ToString("N")[..12];
        });
}
