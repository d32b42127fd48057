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

    /// <summary>
    /// Adds <paramref name="messages"/> (in order; each under its own type's name) inside <paramref name="tx"/>
    /// with one multi-row INSERT and one notify: for batches (scans, imports), where a round trip per message
    /// would dominate the cost. The rows are the ones <see cref="AddAsync{T}"/> writes.
    /// </summary>
    public async Task AddRangeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyCollection<object> messages, CancellationToken ct)
    {
        if (messages.Count == 0) return;
        var sql = $"""
            INSERT INTO {schema.Name}.outbox (id, message_type, payload)
            SELECT s.id, s.type, s.payload::jsonb FROM unnest(@ids, @types, @payloads) WITH ORDINALITY AS s(id, type, payload, n) ORDER BY s.n;
            SELECT pg_notify('{Channel}', '');
            """;
        var args = new
        {
            // UUIDv7s sorted, so the relay (oldest id first) publishes them in this order: within one millisecond
            // CreateVersion7 is random, not increasing (Guid.CompareTo orders v7 ids as PostgreSQL's uuid does).
            ids = messages.Select(_ => Guid.CreateVersion7()).Order().ToArray(),
            types = messages.Select(m => m.GetType().FullName!).ToArray(),
            payloads = messages.Select(m => JsonSerializer.Serialize(m, m.GetType(), PayloadJson)).ToArray(),
        };
        await conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
    }
}
