using Closient.Contracts.Accounts;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Locations.Consumers;

/// <summary>
/// Keeps the names of organizations for the public locator's <c>organization</c> block. Accounts publishes
/// no rename event, so a renamed organization keeps its creation-time name here.
/// </summary>
public sealed class OrganizationCreatedConsumer(Inbox inbox) : IConsumer<OrganizationCreated>
{
    public async Task Consume(ConsumeContext<OrganizationCreated> context)
    {
        var m = context.Message;
        const string sql = """
            INSERT INTO locations.organizations (id, name, created_at) VALUES (@OrganizationId, @Name, @CreatedAt)
            ON CONFLICT (id) DO NOTHING
            """;
        await inbox.ExecuteOnceAsync<OrganizationCreatedConsumer>(context, sql, new { m.OrganizationId, Name = m.Name ?? "", m.CreatedAt });
    }
}
