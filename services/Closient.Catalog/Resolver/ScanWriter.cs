using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Catalog.Resolver;

/// <summary>
/// Drains <see cref="ScanRecorder"/> in batches of up to <see cref="ResolverOptions.ScanBatchSize"/> (waiting up to
/// <see cref="ResolverOptions.ScanGatherMilliseconds"/> for a batch to fill) and
/// writes each batch to the outbox in one transaction, together with the serial observations of serial
/// verification (<see cref="Verification.SerialObservations"/>); the outbox relay publishes them. A failing batch
/// is retried a few times, then dropped and counted. On shutdown what is queued is written once more.
/// <para>
/// A batch is one multi-row INSERT into the outbox and one notify (<see cref="Outbox.AddRangeAsync"/>), not a
/// round trip per scan: at thousands of scans per second that is most of the scan pipeline's cost.
/// </para>
/// </summary>
public sealed class ScanWriter(ScanRecorder recorder, NpgsqlDataSource db, Outbox outbox, IOptions<ResolverOptions> options,
    ILogger<ScanWriter> logger) : BackgroundService
{
    static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];
    readonly int _batchSize = Math.Max(1, options.Value.ScanBatchSize);
    readonly TimeSpan _gather = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.ScanGatherMilliseconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ScanRecorded>(_batchSize);
        try
        {
            while (await recorder.Reader.WaitToReadAsync(stoppingToken))
            {
                // Not a full batch yet: let scans gather for a moment. At a few scans a second each would otherwise be its
                // own transaction, notify and broker message, whose fixed costs dwarf the scan (docs/resolver-benchmark.md).
                if (recorder.Reader.Count < _batchSize) await Task.Delay(_gather, stoppingToken);
                while (batch.Count < _batchSize && recorder.Reader.TryRead(out var scan)) batch.Add(scan);
                await WriteWithRetriesAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: flush what is queued, bounded in time.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (recorder.Reader.TryRead(out var scan)) batch.Add(scan);
            if (batch.Count > 0)
            {
                try { await WriteAsync(batch, timeout.Token); }
                catch (Exception e)
                {
                    recorder.CountLost(batch.Count);
                    logger.LogWarning(e, "{Count} scans could not be written at shutdown.", batch.Count);
                }
            }
        }
    }

    async Task WriteWithRetriesAsync(List<ScanRecorded> batch, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await WriteAsync(batch, ct);
                return;
            }
            // Any failure but shutdown: a crashing background service would stop the host.
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (attempt == RetryDelays.Length)
                {
                    recorder.CountLost(batch.Count);
                    logger.LogError(e, "Dropping {Count} scans: the outbox write failed {Attempts} times.", batch.Count, attempt + 1);
                    return;
                }
                logger.LogWarning(e, "Writing {Count} scans failed; retrying.", batch.Count);
                await Task.Delay(RetryDelays[attempt], ct);
            }
        }
    }

    async Task WriteAsync(List<ScanRecorded> batch, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await outbox.AddAsync(conn, tx, new ScansRecorded([.. batch]), ct);
        // Serial verification's observations, in the same transaction: counted once, with the event.
        await Verification.SerialObservations.RecordAsync(conn, tx, batch, ct);
        await tx.CommitAsync(ct);
    }
}
