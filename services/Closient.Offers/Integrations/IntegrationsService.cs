using Closient.Offers.Integrations.Shopify;

namespace Closient.Offers.Integrations;

public static class IntegrationsService
{
    /// <summary>Shopify options (<c>Integrations:Shopify</c>), its HTTP client, and the background sync worker.</summary>
    public static TBuilder AddIntegrations<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Configure<ShopifyOptions>(builder.Configuration.GetSection(ShopifyOptions.Section));
        builder.Services.AddHttpClient<ShopifyClient>(c => c.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddScoped<SyncJobRunner>();
        builder.Services.AddSingleton<SyncJobs>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SyncJobs>());
        return builder;
    }

    public static IEndpointRouteBuilder MapIntegrationsApi(this IEndpointRouteBuilder app)
    {
        app.MapShopifyOAuthApi();
        app.MapShopifyWebhooksApi();
        app.MapInventorySourcesApi();
        return app;
    }
}
