using Closient.Catalog.Resolution;
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
        builder.AddClosientMessaging(Schema);
        builder.AddResolutionRules();
        return builder;
    }
}
