using Closient.Search.Analytics;
using Closient.Search.Consumers;
using Closient.Search.Sessions;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;

namespace Closient.Search;

public static class SearchService
{
    public const string Schema = "search";

    /// <summary>The read model (schema <c>search</c>), the consumers that feed it, session housekeeping, and the batched SearchPerformed writer.</summary>
    public static IHostApplicationBuilder AddSearchService(this IHostApplicationBuilder builder)
    {
        builder.AddClosientDatabase(Schema, typeof(SearchService).Assembly);
        builder.AddClosientMessaging(Schema, bus =>
        {
            bus.AddConsumer<ProductUpsertedConsumer>();
            bus.AddConsumer<LocationPublishedConsumer>();
            bus.AddConsumer<LocationRemovedConsumer>();
            bus.AddConsumer<OfferUpsertedConsumer>();
            bus.AddConsumer<OfferRemovedConsumer>();
            bus.AddConsumer<BrandUpsertedConsumer>();
            bus.AddConsumer<RetailerCreatedConsumer>();
        });
        builder.Services.AddHostedService<SessionSweeper>();
        builder.Services.AddSingleton<SearchEvents>();
        builder.Services.AddHostedService<SearchEventWriter>();
        return builder;
    }
}
