using Closient.Accounts;
using Closient.Accounts.ApiKeys;
using Closient.Accounts.Bootstrap;
using Closient.Accounts.Identity;
using Closient.Accounts.Members;
using Closient.Accounts.Organizations;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

// `bootstrap --email <e> --organization <name> [--country US]`: first user, organization and keys, then exit.
if (args is ["bootstrap", .. var options])
    return await AccountsBootstrap.RunCommandAsync(options, AccountsBootstrap.Configuration(), Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOpenApiDocuments("account");
builder.AddInternalAuthentication();
builder.AddAccountsService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWhoAmIApi();
app.MapPreferencesApi();
app.MapOrganizationsApi();
app.MapMembersApi();
app.MapApiKeysApi();
app.MapApiKeyVerificationApi();

app.Run();
return 0;
