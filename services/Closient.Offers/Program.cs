using Closient.Offers;
using Closient.Offers.InStoreOffers;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInternalAuthentication();
builder.AddOpenApiDocuments("retailers");
builder.AddOffersService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapInStoreOffersApi();

app.Run();
