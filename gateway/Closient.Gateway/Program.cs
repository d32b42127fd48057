using Closient.Gateway;
using Closient.Gateway.Routing;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

// Before MapDefaultEndpoints so that every response, problem pages included, carries the id.
app.UseRequestIds();
app.UseUploadLimits(); // before the body-limit check in MapDefaultEndpoints
app.MapDefaultEndpoints();
app.MapGateway();

app.Run();
