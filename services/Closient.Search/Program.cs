using Closient.Search;
using Closient.Search.Catalog;
using Closient.Search.Local;
using Closient.Search.Sessions;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Search.Rebuild;

// `rebuild [--dry-run]`: empties the read model (not sessions) and the inbox, then exit; the owners' `republish` refills it.
if (args is ["rebuild", .. var rebuildArgs])
    return await ReadModelRebuild.RunCommandAsync(rebuildArgs);

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
return 0;
