using Closient.Catalog;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOpenApiDocuments("products");
builder.AddCatalogService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapProductsApi();

app.Run();
