using Closient.Catalog.ClaimVerification;
using Closient.Catalog.Dashboard;
using Closient.Catalog.ProductData;
using Closient.Catalog.Qr;
using Closient.Catalog.Resolution;
using Closient.Catalog.Resolver;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;

namespace Closient.Catalog;

public static class CatalogService
{
    /// <summary>The PostgreSQL schema the catalog owns; also its messaging name (queue prefix).</summary>
    public const string Schema = "catalog";

    public static IHostApplicationBuilder AddCatalogService(this IHostApplicationBuilder builder)
    {
        builder.AddClosientDatabase(Schema, typeof(CatalogService).Assembly);
        builder.Services.AddSingleton(new DigitalLinkOptions(QrLink.RootFrom(builder.Configuration["Catalog:DigitalLinkRoot"])));
        builder.Services.AddHostedService<QrBulkWorker>();
        builder.AddResolver();
        builder.AddProductData();
        builder.AddClosientMessaging(Schema, bus =>
        {
            bus.AddResolverConsumers();
            bus.AddResolutionRuleConsumers();
            bus.AddConsumer<OfferUpsertedConsumer>();
            bus.AddConsumer<OfferRemovedConsumer>();
        });
        builder.AddResolutionRules();
        builder.AddClaimVerification();
        return builder;
    }
}
