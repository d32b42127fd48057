using Closient.Offers;
using Closient.Offers.InStoreOffers;
using Closient.Offers.Integrations;
using Closient.Offers.OnlineOffers;
using Closient.Offers.Promotions;
using Closient.Offers.Retailers;
using Closient.Offers.Stores;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Offers.Republish;

// `republish [--only retailers|in_store_offers|online_offers] [--after <id>]`: retailers and offers into the outbox as events, then exit.
if (args is ["republish", .. var republishArgs])
    return await OffersRepublish.RunCommandAsync(republishArgs);

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
return 0;
