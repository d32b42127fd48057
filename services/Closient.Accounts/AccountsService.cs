using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;

namespace Closient.Accounts;

public static class AccountsService
{
    public const string Schema = "accounts";

    /// <summary>The <c>accounts</c> schema with its migrations and the outbox relay (this service consumes no events).</summary>
    public static TBuilder AddAccountsService<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddClosientDatabase(Schema, typeof(AccountsMarker).Assembly);
        builder.AddClosientMessaging("accounts");
        return builder;
    }
}
