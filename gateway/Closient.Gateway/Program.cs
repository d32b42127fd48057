using Closient.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

// Before MapDefaultEndpoints so that every response, problem pages included, carries the id.
app.UseRequestIds();
app.MapDefaultEndpoints();
app.MapGateway();

app.Run();
