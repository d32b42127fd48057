using Closient.Contracts.Search;
using Closient.ServiceDefaults.Messaging;
using Npgsql;

namespace Closient.Search.Analytics;

/// <summary>
/// Drains <see cref="SearchEvents"/> into the outbox: waits for the first event, lets a short window
/// gather more, then writes up to <see cref="MaxBatch"/> events in one transaction. A failed batch is
/// retried a few times and then dropped (logged): analytics never take a search down. On shutdown what
/// is queued is written once more, best effort.
/// </summary>
public sealed class SearchEventWriter(SearchEvents events, NpgsqlDataSource db, Outbox outbox, ILogger<SearchEventWriter> logger) : BackgroundService
{
    public const int MaxBatch = 500;
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = events.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(BatchWindow, stoppingToken);
                await DrainAsync(reader, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await DrainAsync(reader, last.Token, retry: false); }
        catch (Exception ex) { logger.LogWarning(ex, "Could not write the last SearchPerformed events at shutdown"); }
    }

    async Task DrainAsync(System.Threading.Channels.ChannelReader<SearchPerformed> reader, CancellationToken ct, bool retry = true)
    {
        var batch = new List<SearchPerformed>(MaxBatch);
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var e)) batch.Add(e);
            if (batch.Count == 0) return;
            await WriteWithRetriesAsync(batch, ct, retry);
        }
    }

    async Task WriteWithRetriesAsync(List<SearchPerformed> batch, CancellationToken ct, bool retry)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await WriteAsync(batch, ct);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && retry && attempt < RetryDelays.Length)
            {
                logger.LogWarning(ex, "Writing {Count} SearchPerformed events failed; retrying", batch.Count);
                await Task.Delay(RetryDelays[attempt], ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogError(ex, "Dropped {Count} SearchPerformed events after repeated failures", batch.Count);
                return;
            }
        }
    }

    /// <summary>One transaction for the whole batch: all of it reaches the outbox, or none.</summary>
    async Task WriteAsync(List<SearchPerformed> batch, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        foreach (var e in batch) await outbox.AddAsync(conn, tx, e, ct);
        await tx.CommitAsync(ct);
    }
}
