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
public sealed class Inbox(ServiceSchema schema)
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
}
