using Closient.Search.Consumers;
using Closient.Search.Sessions;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;

namespace Closient.Search;

public static class SearchService
{
    public const string Schema = "search";

    /// <summary>The read model (schema <c>search</c>), the consumers that feed it, and session housekeeping.</summary>
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
        });
        builder.Services.AddHostedService<SessionSweeper>();
        return builder;
    }
}
