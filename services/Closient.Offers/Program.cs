using Closient.Offers;
using Closient.Offers.InStoreOffers;
using Closient.Offers.Integrations;
using Closient.Offers.OnlineOffers;
using Closient.Offers.Promotions;
using Closient.Offers.Retailers;
using Closient.Offers.Stores;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInternalAuthentication();
builder.AddOpenApiDocuments("retailers");
builder.AddOffersService();
builder.AddIntegrations();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapRetailersApi();
app.MapPhysicalStoresApi();
app.MapOnlineStoresApi();
app.MapInStoreOffersApi();
app.MapOnlineOffersApi();
app.MapPromotionsApi();
app.MapIntegrationsApi();

app.Run();
