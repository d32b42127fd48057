using Closient.Search;
using Closient.Search.Local;
using Closient.Search.Sessions;
using Closient.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOpenApiDocuments("search");
builder.AddSearchService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapSessionsApi();
app.MapLocalSearchApi();

app.Run();
