using Closient.Contracts.Locations;
using Closient.Locations.Locations;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Npgsql;

namespace Closient.Locations.Republish;

/// <summary>
/// <c>republish</c>: every location's current state into the locations outbox, as the writes publish it
/// (<see cref="LocationEvents"/>): <c>LocationUpserted</c> (offers' copy), then <c>LocationPublished</c> when published or
/// <c>LocationRemoved</c> (at its <c>updated_at</c>, the version its unpublishing carried) when not. Deleted locations are
/// gone from the table (a delete is a hard delete), so nothing is re-published for them. See <see cref="Republisher"/>.
/// </summary>
public static class LocationsRepublish
{
    public static readonly IReadOnlyList<RepublishKind> Kinds =
    [
        new("locations", "SELECT count(*) FROM locations.locations", LocationsAsync),
    ];

    public static Task<int> RunCommandAsync(string[] args) =>
        Republisher.RunCommandAsync("Closient.Locations", LocationsService.Schema, Kinds, args, Republisher.Configuration(), Console.Out, Console.Error);

    /// <summary>The events of <paramref name="row"/>'s current state.</summary>
    public static IEnumerable<object> EventsOf(LocationRow row) =>
        [row.ToUpserted(), row.IsPublished ? row.ToPublished() : new LocationRemoved(row.Id, row.OrganizationId, row.UpdatedAt)];

    static async Task<RepublishPage> LocationsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? after, int limit, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<LocationRow>(new CommandDefinition(
            $"SELECT {LocationRow.Columns} FROM locations.locations WHERE @after::uuid IS NULL OR id > @after ORDER BY id LIMIT @limit",
            new { after, limit }, tx, cancellationToken: ct))).ToList();
        return new(rows.Count, rows.SelectMany(EventsOf).ToList(), rows.LastOrDefault()?.Id);
    }
}
