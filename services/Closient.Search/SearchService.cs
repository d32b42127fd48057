using Closient.Search.Analytics;
using Closient.Search.Consumers;
using Closient.Search.Sessions;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;

namespace Closient.Search;

public static class SearchService
{
    public const string Schema = "search";

    /// <summary>Offer consumers: messages handled at once, and unacknowledged messages the broker may hand over.</summary>
    public const int OfferConcurrency = 16, OfferPrefetch = 64;

    /// <summary>The read model (schema <c>search</c>), the consumers that feed it, session housekeeping, and the batched SearchPerformed writer.</summary>
    public static IHostApplicationBuilder AddSearchService(this IHostApplicationBuilder builder)
    {
        builder.AddClosientDatabase(Schema, typeof(SearchService).Assembly, maxAutoPrepare: 64); // local search plans cost more than they run
        builder.AddClosientMessaging(Schema, bus =>
        {
            bus.AddConsumer<ProductUpsertedConsumer>();
            bus.AddConsumer<LocationPublishedConsumer>();
            bus.AddConsumer<LocationRemovedConsumer>();
            // Offer updates are the busy stream (issue #6: 500/s with p95 <= 1 s to searchable): several messages in
            // flight, so commits overlap instead of queueing. Safe under concurrency: the inbox insert is
            // ON CONFLICT DO NOTHING (a concurrent redelivery waits on the key, then skips), and the row write is
            // one conditional upsert (newer updated_at wins, evaluated on the locked current row), never
            // read-then-write, so two versions of one offer processed at once still leave the newest.
            bus.AddConsumer<OfferUpsertedConsumer>().Endpoint(e => { e.PrefetchCount = OfferPrefetch; e.ConcurrentMessageLimit = OfferConcurrency; });
            bus.AddConsumer<OfferRemovedConsumer>().Endpoint(e => { e.PrefetchCount = OfferPrefetch; e.ConcurrentMessageLimit = OfferConcurrency; });
            bus.AddConsumer<BrandUpsertedConsumer>();
            bus.AddConsumer<RetailerCreatedConsumer>();
        });
        builder.Services.AddHostedService<SessionSweeper>();
        builder.Services.AddSingleton<SearchEvents>();
        builder.Services.AddHostedService<SearchEventWriter>();
        return builder;
    }
}
