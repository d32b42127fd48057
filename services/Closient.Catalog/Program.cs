using Closient.Catalog;
using Closient.Catalog.Brands;
using Closient.Catalog.Certifications;
using Closient.Catalog.ClaimVerification;
using Closient.Catalog.Dashboard;
using Closient.Catalog.Gs1;
using Closient.Catalog.Images;
using Closient.Catalog.Import;
using Closient.Catalog.Products;
using Closient.Catalog.ProductData;
using Closient.Catalog.Qr;
using Closient.Catalog.Resolution;
using Closient.Catalog.Resolver;
using Closient.Catalog.Verification;
using Closient.Catalog.Content;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Catalog.Republish;

// `republish [--only products|brands] [--after <id>]`: every product and brand into the outbox as events, then exit.
if (args is ["republish", .. var republishArgs])
    return await CatalogRepublish.RunCommandAsync(republishArgs);

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInternalAuthentication();
builder.AddOpenApiDocuments("products", "brands", "certifications", "dashboard", "resolver");
builder.AddCatalogService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapProductsApi();
app.MapQrApi();
app.MapCertificationDefinitionsApi();
app.MapCertificationBodiesApi();
app.MapGs1PrefixesApi();
app.MapCertificationAssignmentsApi();
app.MapProductClaimsApi();
app.MapProductCertificationPagesApi();
app.MapDigitalLinkApi();
app.MapResolver();
app.MapClaimsApi();
app.MapClaimReportsApi();
app.MapTradeItemsApi();
app.MapProductImportApi();
app.MapBrandsApi();
app.MapProductImagesApi();
app.MapDashboardApi();
app.MapResolutionRulesApi();
app.MapVerificationApi();
app.MapProductContentApi();
app.MapProductDataApi();

app.Run();
return 0;
