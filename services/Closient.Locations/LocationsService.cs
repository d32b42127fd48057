using Closient.Locations.Consumers;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;

namespace Closient.Locations;

public static class LocationsService
{
    public const string Schema = "locations";

    public static IHostApplicationBuilder AddLocationsService(this IHostApplicationBuilder builder)
    {
        builder.AddClosientDatabase(Schema, typeof(LocationsService).Assembly);
        builder.AddClosientMessaging("locations", bus => bus.AddConsumer<OrganizationCreatedConsumer>());
        return builder;
    }
}

/// <summary>Marker for WebApplicationFactory: .NET 10 makes every top-level Program public.</summary>
public sealed class LocationsMarker;
