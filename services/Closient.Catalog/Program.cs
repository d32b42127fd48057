using Closient.Catalog;
using Closient.Catalog.Products;
using Closient.Catalog.Resolution;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInternalAuthentication();
builder.AddOpenApiDocuments("products", "resolver");
builder.AddCatalogService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapProductsApi();
app.MapResolutionRulesApi();

app.Run();
