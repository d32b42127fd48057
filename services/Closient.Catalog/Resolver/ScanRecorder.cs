using System.Threading.Channels;
using Closient.Contracts.Catalog;
using Microsoft.Extensions.Options;

namespace Closient.Catalog.Resolver;

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
