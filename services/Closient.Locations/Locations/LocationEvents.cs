using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Messaging;
using Npgsql;

namespace Closient.Locations.Locations;

/// <summary>
/// The events of a write, added to the outbox in its transaction. Every version goes out as
/// <see cref="LocationUpserted"/> (services that attach to locations, published or not); discovery gets
/// <see cref="LocationPublished"/> while a location is published and <see cref="LocationRemoved"/> when it
/// stops being (unpublished or deleted). Versions are the row's strictly increasing <c>updated_at</c>.
/// </summary>
static class LocationEvents
{
    public static async Task WrittenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Outbox outbox, LocationRow? before, LocationRow after, CancellationToken ct)
    {
        await outbox.AddAsync(conn, tx, after.ToUpserted(), ct);
        if (after.IsPublished)
            await outbox.AddAsync(conn, tx, after.ToPublished(), ct);
        else if (before is { IsPublished: true })
            await outbox.AddAsync(conn, tx, new LocationRemoved(after.Id, after.OrganizationId, after.UpdatedAt), ct);
    }

    /// <summary>A delete: removed from discovery (whether or not it was published: a stale copy must go too) and deleted for everyone.</summary>
    public static async Task DeletedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Outbox outbox, Guid id, Guid organizationId, DateTimeOffset at, CancellationToken ct)
    {
        await outbox.AddAsync(conn, tx, new LocationRemoved(id, organizationId, at), ct);
        await outbox.AddAsync(conn, tx, new LocationDeleted(id, organizationId, at), ct);
    }
}
