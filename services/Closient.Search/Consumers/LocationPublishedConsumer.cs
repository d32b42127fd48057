using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Messaging;
using MassTransit;

namespace Closient.Search.Consumers;

/// <summary>Adds or updates a store in <c>search.stores</c>; a publish newer than a removal brings the store back.</summary>
public sealed class LocationPublishedConsumer(Inbox inbox) : IConsumer<LocationPublished>
{
    public async Task Consume(ConsumeContext<LocationPublished> context)
    {
        var m = context.Message;
        // updated_at holds the newest applied version, publish or removal. A removal wins a tie,
        // so only a strictly newer publish resurrects a removed store.
        const string sql = """
            INSERT INTO search.stores (id, organization_id, name, address, location, currency, phone, website, updated_at)
            VALUES (@LocationId, @OrganizationId, @Name, @Address,
                    ST_SetSRID(ST_MakePoint(@Longitude, @Latitude), 4326)::geography,
                    @Currency, @Phone, @Website, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET
                organization_id = EXCLUDED.organization_id, name = EXCLUDED.name, address = EXCLUDED.address,
                location = EXCLUDED.location, currency = EXCLUDED.currency, phone = EXCLUDED.phone,
                website = EXCLUDED.website, updated_at = EXCLUDED.updated_at, removed_at = NULL
            WHERE EXCLUDED.updated_at > search.stores.updated_at
               OR (EXCLUDED.updated_at = search.stores.updated_at AND search.stores.removed_at IS NULL)
            """;
        await inbox.ExecuteOnceAsync<LocationPublishedConsumer>(context, sql, new
        {
            m.LocationId,
            m.OrganizationId,
            Name = m.Name ?? "",
            Address = m.Address ?? "",
            m.Latitude,
            m.Longitude,
            Currency = m.Currency ?? "",
            Phone = m.Phone ?? "",
            Website = m.Website ?? "",
            m.UpdatedAt,
        });
    }
}
