using Closient.ServiceDefaults.Data;
using Dapper;
using MassTransit;
using Npgsql;

namespace Closient.ServiceDefaults.Messaging;

/// <summary>
/// The idempotent-consumer inbox: a consumer records the message id in <c>&lt;schema&gt;.inbox</c>
/// in the same transaction as its effect. A redelivered message finds its row and is skipped, so
/// at-least-once delivery applies each event exactly once.
/// </summary>
public sealed class Inbox(ServiceSchema schema, NpgsqlDataSource db)
{
    /// <summary>True when this consumer has not seen the message before (and now has, once the transaction commits).</summary>
    public async Task<bool> TryAcceptAsync<TConsumer>(NpgsqlConnection conn, NpgsqlTransaction tx, ConsumeContext context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");
        var sql = $"INSERT INTO {schema.Name}.inbox (message_id, consumer) VALUES (@messageId, @consumer) ON CONFLICT DO NOTHING";
        var inserted = await conn.ExecuteAsync(new CommandDefinition(sql,
            new { messageId, consumer = typeof(TConsumer).Name }, tx, cancellationToken: context.CancellationToken));
        return inserted == 1;
    }

    /// <summary>
    /// The whole idempotent consume for a one-statement effect: opens a transaction, records the
    /// message in the inbox and, only if it is new, runs <paramref name="sql"/> with <paramref name="args"/>.
    /// Returns false for a redelivery (nothing is run).
    /// </summary>
    public async Task<bool> ExecuteOnceAsync<TConsumer>(ConsumeContext context, string sql, object args)
    {
        var ct = context.CancellationToken;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await TryAcceptAsync<TConsumer>(conn, tx, context)) return false;
        await conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }
}
