using System.Text.Json;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Data;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Closient.ServiceDefaults.Messaging;

/// <summary>
/// Publishes committed outbox rows through the bus, oldest first, with MessageId = row id, then
/// marks them sent. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c> so replicas share the work.
/// It wakes on the NOTIFY the outbox sends at commit and polls once a second as a fallback.
/// A crash between publish and mark re-publishes the row; consumers' inboxes absorb the duplicate.
/// </summary>
public sealed class OutboxRelay(NpgsqlDataSource db, Outbox outbox, ServiceSchema schema, IBus bus, ILogger<OutboxRelay> logger) : BackgroundService
{
    const int BatchSize = 500;
    static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = await db.OpenConnectionAsync(stoppingToken);
                await listener.ExecuteAsync($"LISTEN {outbox.Channel}");
                while (!stoppingToken.IsCancellationRequested)
                {
                    while (await RelayBatchAsync(stoppingToken) == BatchSize) { }
                    failures = 0;
                    await listener.WaitAsync(Fallback, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                logger.LogWarning(e, "Outbox relay for {Schema} failed; retrying", schema.Name);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(10_000, 200 * Math.Pow(2, Math.Min(failures, 6)))), stoppingToken);
            }
        }
    }

    /// <summary>Publishes one batch; returns how many rows it sent.</summary>
    async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var rows = (await conn.QueryAsync<OutboxRow>(new CommandDefinition($"""
            SELECT id, message_type, payload::text AS payload
            FROM {schema.Name}.outbox
            WHERE sent_at IS NULL
            ORDER BY id
            LIMIT {BatchSize}
            FOR UPDATE SKIP LOCKED
            """, transaction: tx, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return 0;

        // The batch's publishes are in flight together and the broker confirms them as a pipeline: awaiting each confirm in
        // turn bound the relay to one broker round trip per message. They are started in row order; consumers do not rely
        // on delivery order anyway (they compare versions and keep out-of-order arrivals).
        var publishes = rows.Select(row =>
        {
            var type = ContractTypes.Resolve(row.MessageType);
            var message = JsonSerializer.Deserialize(row.Payload, type, Outbox.PayloadJson)!;
            return bus.Publish(message, type, ctx => ctx.MessageId = row.Id, ct);
        }).ToList();
        var sent = new List<Guid>(rows.Count);
        try
        {
            await Task.WhenAll(publishes);
        }
        finally
        {
            // Mark what did go out even when another publish failed, so it is not sent again.
            for (var i = 0; i < rows.Count; i++)
                if (publishes[i].IsCompletedSuccessfully) sent.Add(rows[i].Id);
            if (sent.Count > 0)
                await conn.ExecuteAsync(new CommandDefinition(
                    $"UPDATE {schema.Name}.outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY(@sent)",
                    new { sent }, tx, cancellationToken: CancellationToken.None));
            await tx.CommitAsync(CancellationToken.None);
        }
        return sent.Count;
    }

    sealed record OutboxRow(Guid Id, string MessageType, string Payload);
}

/// <summary>Resolves an outbox row's type name to a contract record in Closient.Contracts.</summary>
static class ContractTypes
{
    public static Type Resolve(string name) =>
        typeof(ProductUpserted).Assembly.GetType(name, throwOnError: false)
        ?? throw new InvalidOperationException($"Unknown contract type '{name}'.");
}
