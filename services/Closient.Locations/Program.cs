using Closient.Locations;
using Closient.Locations.Locations;
using Closient.Locations.Locator;
using Closient.Locations.Nearby;
using Closient.Locations.Widget;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Locations.Republish;

// `republish [--after <id>]`: every location into the outbox as events, then exit.
if (args is ["republish", .. var republishArgs])
    return await LocationsRepublish.RunCommandAsync(republishArgs);

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInternalAuthentication();
builder.AddOpenApiDocuments("locations");
builder.AddLocationsService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapLocationsApi();
app.MapNearbyApi();
app.MapPublicLocatorApi();
app.MapWidgetEventsApi();

app.Run();
return 0;
