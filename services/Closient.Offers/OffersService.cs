using Closient.Offers.Consumers;
using Closient.Offers.Promotions;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;

namespace Closient.Offers;

public static class OffersService
{
    /// <summary>The <c>offers</c> schema with its migrations, and the consumers that feed its read models.</summary>
    public static TBuilder AddOffersService<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddClosientDatabase("offers", typeof(OffersMarker).Assembly);
        builder.AddClosientMessaging("offers", bus =>
        {
            bus.AddConsumer<ProductUpsertedConsumer>();
            bus.AddConsumer<LocationUpsertedConsumer>();
            bus.AddConsumer<LocationDeletedConsumer>();
        });
        builder.Services.AddSingleton<PromotionSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PromotionSweeper>());
        return builder;
    }
}
