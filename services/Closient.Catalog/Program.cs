using Closient.Catalog;
using Closient.Catalog.Brands;
using Closient.Catalog.Dashboard;
using Closient.Catalog.Images;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInternalAuthentication();
builder.AddOpenApiDocuments("products", "brands", "dashboard");
builder.AddCatalogService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapProductsApi();
app.MapBrandsApi();
app.MapProductImagesApi();
app.MapDashboardApi();

app.Run();
