using Closient.Locations;
using Closient.Locations.Locations;
using Closient.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOpenApiDocuments("locations");
builder.AddLocationsService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapLocationsApi();

app.Run();
