using Closient.AppHost.Hosting;

// The whole system on one machine: `dotnet run --project Closient.AppHost` (docs/apphost.md).
var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithPostGis();
var db = postgres.AddDatabase("closient", databaseName: builder.Settings.Database);
var rabbitmq = builder.AddRabbitMQ("rabbitmq");

var catalog = builder.AddProject("catalog-api", "services/Closient.Catalog")
    .WithSchema("catalog").WithReference(db).WithReference(rabbitmq);
var offers = builder.AddProject("offers-api", "services/Closient.Offers")
    .WithSchema("offers").WithReference(db).WithReference(rabbitmq);
var locations = builder.AddProject("locations-api", "services/Closient.Locations")
    .WithSchema("locations").WithReference(db).WithReference(rabbitmq);
var search = builder.AddProject("search-api", "services/Closient.Search")
    .WithSchema("search").WithReference(db).WithReference(rabbitmq);
var accounts = builder.AddProject("accounts-api", "services/Closient.Accounts")
    .WithSchema("accounts").WithReference(db).WithReference(rabbitmq)
    .WithDevelopmentKey();   // first start: a development organization and API key, kept in .closient/dev-api-key.env

builder.AddProject("gateway", "gateway/Closient.Gateway")
    .WithReference(rabbitmq)   // API-key revocations reach the gateway as events
    .WithReference(accounts).WithReference(catalog).WithReference(offers).WithReference(locations).WithReference(search)
    .WithHttpEndpoint(port: builder.Settings.GatewayPort);

await builder.Build().RunAsync();
