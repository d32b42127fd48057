using System.Text.Json;
using Closient.ServiceDefaults.Data;
using Dapper;
using Npgsql;

namespace Closient.ServiceDefaults.Messaging;

/// <summary>
/// The transactional outbox: handlers write events to <c>&lt;schema&gt;.outbox</c> in the same
/// transaction as their change; <see cref="OutboxRelay"/> publishes them after commit. A handler
/// never publishes directly, so an event exists if and only if its change was committed.
/// </summary>
public sealed class Outbox(ServiceSchema schema)
{
    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.General);

    internal string Channel => schema.Name + "_outbox";

    /// <summary>Adds <paramref name="message"/> to the outbox inside <paramref name="tx"/>; returns its message id.</summary>
    public async Task<Guid> AddAsync<T>(NpgsqlConnection conn, NpgsqlTransaction tx, T message, CancellationToken ct) where T : class
    {
        var id = Guid.CreateVersion7();
        var sql = $"""
            INSERT INTO {schema.Name}.outbox (id, message_type, payload) VALUES (@id, @type, @payload::jsonb);
            SELECT pg_notify('{Channel}', '');
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql,
            new { id, type = typeof(T).FullName, payload = JsonSerializer.Serialize(message, PayloadJson) }, tx, cancellationToken: ct));
        return id;
    }
}
