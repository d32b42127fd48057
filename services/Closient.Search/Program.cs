using Closient.Search;
using Closient.Search.Catalog;
using Closient.Search.Local;
using Closient.Search.Sessions;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOpenApiDocuments("search");
builder.AddInternalAuthentication();
builder.AddSearchService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapSessionsApi();
app.MapLocalSearchApi();
app.MapCatalogSearchApi();

app.Run();
