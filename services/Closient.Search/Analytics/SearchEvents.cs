using System.Threading.Channels;
using Closient.Contracts.Search;

namespace Closient.Search.Analytics;

/// <summary>
/// Where searches report themselves: a bounded in-memory queue that <see cref="SearchEventWriter"/> drains
/// into the outbox in batches. Recording never waits: when the queue is full (the database is down or far
/// behind) the event is dropped and counted. Search analytics are best effort; searches are not.
/// </summary>
public sealed class SearchEvents(TimeProvider clock, ILogger<SearchEvents> logger)
{
    public const int Capacity = 10_000;

    readonly Channel<SearchPerformed> _queue = Channel.CreateBounded<SearchPerformed>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refuse instead of waiting
        SingleReader = true,
    });

    long _dropped;

    /// <summary>Events dropped because the queue was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal ChannelReader<SearchPerformed> Reader => _queue.Reader;

    /// <summary>
    /// Queues a <see cref="SearchPerformed"/>. <paramref name="terms"/> are already normalized; the
    /// location is rounded to 2 decimals (about 1 km) here, so no caller can forget.
    /// </summary>
    public void Record(string kind, string query, IEnumerable<string> terms, int resultCount, double? latitude = null, double? longitude = null)
    {
        var e = new SearchPerformed(Guid.CreateVersion7(), query, terms.ToList(), Round(latitude), Round(longitude),
            resultCount, kind, clock.GetUtcNow());
        if (_queue.Writer.TryWrite(e)) return;
        if (Interlocked.Increment(ref _dropped) % 1000 == 1)
            logger.LogWarning("The search analytics queue is full; dropped {Dropped} SearchPerformed events so far", Dropped);
    }

    static double? Round(double? degrees) => degrees is { } d ? Math.Round(d, 2, MidpointRounding.AwayFromZero) : null;
}
