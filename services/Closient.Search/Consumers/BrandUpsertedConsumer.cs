using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Search.Consumers;

/// <summary>Keeps <c>search.brands</c> in step with the catalog; a deletion arrives as a tombstone (<c>DeletedAt</c>).</summary>
public sealed class BrandUpsertedConsumer(Inbox inbox) : IConsumer<BrandUpserted>
{
    public async Task Consume(ConsumeContext<BrandUpserted> context)
    {
        var m = context.Message;
        // updated_at holds the newest version applied. A newer version always applies (a deletion, or a
        // brand brought back); at the same time a deletion wins, so a same-time upsert cannot undo it.
        const string sql = """
            INSERT INTO search.brands (id, name, organization_id, website, description, logo_url, deleted_at, updated_at)
            VALUES (@BrandId, @Name, @OrganizationId, @Website, @Description, @LogoUrl, @DeletedAt, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET
                name = EXCLUDED.name, organization_id = EXCLUDED.organization_id, website = EXCLUDED.website,
                description = EXCLUDED.description, logo_url = EXCLUDED.logo_url, deleted_at = EXCLUDED.deleted_at,
                updated_at = EXCLUDED.updated_at
            WHERE EXCLUDED.updated_at > search.brands.updated_at
               OR (EXCLUDED.updated_at = search.brands.updated_at
                   AND (search.brands.deleted_at IS NULL OR EXCLUDED.deleted_at IS NOT NULL))
            """;
        await inbox.ExecuteOnceAsync<BrandUpsertedConsumer>(context, sql, new
        {
            m.BrandId,
            Name = m.Name ?? "",
            m.OrganizationId,
            Website = m.Website ?? "",
            Description = m.Description ?? "",
            m.LogoUrl,
            m.DeletedAt,
            m.UpdatedAt,
        });
    }
}
