using System.Text.RegularExpressions;
using System.Threading.Channels;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Messaging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Catalog.Resolver;

/// <summary>Device class and bot flag from a User-Agent.</summary>
public static partial class DeviceClassifier
{
    public const string Mobile = "mobile", Tablet = "tablet", Desktop = "desktop", Bot = "bot";

    // Crawlers, link checkers, HTTP libraries and AI agents. A missing User-Agent counts as a bot too:
    // browsers and camera apps always send one.
    [GeneratedRegex(@"bot\b|bot/|crawl|spider|slurp|scrap|fetch|preview|monitor|check|curl|wget|python|java/|okhttp|go-http|axios|node-fetch|libwww|httpclient|headless|phantomjs|lighthouse|gptbot|claude|anthropic|perplexity|bytespider|facebookexternalhit|whatsapp|embedly|quora link|ia_archiver", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BotPattern();

    [GeneratedRegex(@"ipad|tablet|kindle|silk|playbook|sm-t\d|\bandroid(?!.*mobile)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TabletPattern();

    [GeneratedRegex(@"mobi|iphone|ipod|android|windows phone|blackberry|opera mini", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MobilePattern();

    public static (string DeviceClass, bool IsBot) Classify(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent) || BotPattern().IsMatch(userAgent)) return (Bot, true);
        if (TabletPattern().IsMatch(userAgent)) return (Tablet, false);
        if (MobilePattern().IsMatch(userAgent)) return (Mobile, false);
        return (Desktop, false);
    }
}

/// <summary>
/// Takes scans off the request path: <see cref="TryRecord"/> only enqueues into a bounded in-memory
/// queue (never waits, never touches the database or the broker); <see cref="ScanWriter"/> drains it.
/// When the queue is full the scan is dropped, counted in <see cref="Dropped"/> and logged.
/// </summary>
public sealed class ScanRecorder(IOptions<ResolverOptions> options, ILogger<ScanRecorder> logger)
{
    readonly Channel<ScanRecorded> _queue = Channel.CreateBounded<ScanRecorded>(
        new BoundedChannelOptions(Math.Max(1, options.Value.ScanQueueCapacity)) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    long _dropped;

    public ChannelReader<ScanRecorded> Reader => _queue.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    public bool TryRecord(ScanRecorded scan)
    {
        if (_queue.Writer.TryWrite(scan)) return true;
        var dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % 1000 == 0)
            logger.LogWarning("The scan queue is full; {Dropped} scans dropped so far (latest for GTIN {Gtin}).", dropped, scan.Gtin);
        return false;
    }

    /// <summary>Counts scans lost after dequeuing (the outbox write kept failing).</summary>
    internal void CountLost(int count) => Interlocked.Add(ref _dropped, count);
}

/// <summary>
/// Drains <see cref="ScanRecorder"/> in batches of up to <see cref="ResolverOptions.ScanBatchSize"/> and
/// writes each batch to the outbox in one transaction; the outbox relay publishes them. A failing batch
/// is retried a few times, then dropped and counted. On shutdown what is queued is written once more.
/// </summary>
public sealed class ScanWriter(ScanRecorder recorder, NpgsqlDataSource db, Outbox outbox, IOptions<ResolverOptions> options,
    ILogger<ScanWriter> logger) : BackgroundService
{
    static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];
    readonly int _batchSize = Math.Max(1, options.Value.ScanBatchSize);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ScanRecorded>(_batchSize);
        try
        {
            while (await recorder.Reader.WaitToReadAsync(stoppingToken))
            {
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
                catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
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
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
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
        foreach (var scan in batch) await outbox.AddAsync(conn, tx, scan, ct);
        await tx.CommitAsync(ct);
    }
}
