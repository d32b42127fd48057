using Closient.Catalog;
using Closient.Catalog.Gs1;
using Closient.Catalog.Products;
using Closient.Catalog.Resolver;
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
app.MapDigitalLinkApi();
app.MapResolver();

app.Run();
