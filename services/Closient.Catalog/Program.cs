using Closient.Catalog;
using Closient.Catalog.Import;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInternalAuthentication();
builder.AddOpenApiDocuments("products");
builder.AddCatalogService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapProductsApi();
app.MapClaimsApi();
app.MapClaimReportsApi();
app.MapTradeItemsApi();
app.MapProductImportApi();

app.Run();
