using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Search.Consumers;

/// <summary>Adds a retailer to <c>search.retailers</c>. Only creation is published so far, so the first copy wins.</summary>
public sealed class RetailerCreatedConsumer(Inbox inbox) : IConsumer<RetailerCreated>
{
    public async Task Consume(ConsumeContext<RetailerCreated> context)
    {
        var m = context.Message;
        const string sql = """
            INSERT INTO search.retailers (id, organization_id, name, website, category, created_at)
            VALUES (@RetailerId, @OrganizationId, @Name, @Website, @Category, @CreatedAt)
            ON CONFLICT (id) DO NOTHING
            """;
        await inbox.ExecuteOnceAsync<RetailerCreatedConsumer>(context, sql, new
        {
            m.RetailerId,
            m.OrganizationId,
            Name = m.Name ?? "",
            Website = m.Website ?? "",
            Category = m.Category ?? "",
            m.CreatedAt,
        });
    }
}
