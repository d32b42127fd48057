using System.Collections.Concurrent;

namespace Closient.Gateway.RateLimiting;

/// <summary>
/// Exact fixed-window limits per key over a UTC minute and a UTC day (windows aligned to the Unix
/// epoch, so every key's minute ends at :00 and its day at midnight UTC). A request passes only if
/// both windows have room, and then takes one from each; a refused request takes nothing.
/// </summary>
/// <remarks>
/// One small lock per key makes "check both windows, then take from both" atomic; requests for
/// different keys never share a lock (the dictionary is lock-free for readers). Memory: a key's
/// counters must live as long as its day window (dropping them would hand out a new day quota), so
/// keys not seen in the current UTC day are dropped, by the first request after each UTC midnight.
/// Only verified keys reach the limiter, so the number of entries is bounded by real keys.
/// Counters live in this process: with more than one gateway they move to a shared store (DESIGN.md §6).
/// </remarks>
public sealed class ApiKeyRateLimiter(TimeProvider clock)
{
    const long MinuteMs = RateLimitPolicy.MinuteSeconds * 1000L, DayMs = RateLimitPolicy.DaySeconds * 1000L;

    readonly ConcurrentDictionary<string, Counters> keys = new(StringComparer.Ordinal);
    long sweptDay = clock.GetUtcNow().ToUnixTimeMilliseconds() / DayMs;

    /// <summary>How many keys currently hold counters.</summary>
    public int TrackedKeys => keys.Count;

    /// <summary>Takes one request from <paramref name="key"/>'s minute and day windows if both have room.</summary>
    public RateLimitDecision TryAcquire(string key, RateLimitPolicy policy)
    {
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var today = nowMs / DayMs;
        var swept = Volatile.Read(ref sweptDay);
        // The first request of a new UTC day sweeps; the others go on.
        if (today > swept && Interlocked.CompareExchange(ref sweptDay, today, swept) == swept)
            Sweep(today);

        while (true)
        {
            var counters = keys.GetOrAdd(key, static _ => new Counters());
            lock (counters)
            {
                // Swept between GetOrAdd and the lock: take the fresh entry instead.
                if (!counters.Retired)
                    return counters.TryTake(policy, nowMs);
            }
        }
    }

    /// <summary>Drops the counters of keys not seen in the current UTC day.</summary>
    public void SweepIdle() => Sweep(clock.GetUtcNow().ToUnixTimeMilliseconds() / DayMs);

    void Sweep(long today)
    {
        foreach (var (key, counters) in keys)
        {
            lock (counters)
            {
                if (counters.DayWindow >= today) continue;
                counters.Retired = true;
                keys.TryRemove(KeyValuePair.Create(key, counters));
            }
        }
    }

    sealed class Counters
    {
        long minuteWindow = -1;
        int minuteCount;
        int dayCount;

        public long DayWindow { get; private set; } = -1;

        public bool Retired { get; set; }

        public RateLimitDecision TryTake(RateLimitPolicy policy, long nowMs)
        {
            // Windows only move forward: a clock that steps back keeps counting in the current window.
            var minute = nowMs / MinuteMs;
            var day = nowMs / DayMs;
            if (minute > minuteWindow) (minuteWindow, minuteCount) = (minute, 0);
            if (day > DayWindow) (DayWindow, dayCount) = (day, 0);

            var allowed = minuteCount < policy.PerMinute && dayCount < policy.PerDay;
            if (allowed)
            {
                minuteCount++;
                dayCount++;
            }

            var minuteLeft = Math.Max(0, policy.PerMinute - minuteCount);
            var dayLeft = Math.Max(0, policy.PerDay - dayCount);
            // Most restrictive wins: fewer left; on a tie the day window, which resets later.
            return minuteLeft < dayLeft
                ? Decision(allowed, policy, policy.PerMinute, minuteLeft, RateLimitPolicy.MinuteSeconds, (minuteWindow + 1) * MinuteMs, nowMs)
                : Decision(allowed, policy, policy.PerDay, dayLeft, RateLimitPolicy.DaySeconds, (DayWindow + 1) * DayMs, nowMs);
        }

        static RateLimitDecision Decision(bool allowed, RateLimitPolicy policy, int limit, int remaining, int windowSeconds, long resetAtMs, long nowMs)
        {
            // Rounded up, so a client that waits Reset (or Retry-After) seconds lands in the new window.
            var resetSeconds = (int)Math.Clamp((resetAtMs - nowMs + 999) / 1000, 1, windowSeconds);
            return new RateLimitDecision(allowed, policy.HeaderValue, limit, remaining, windowSeconds, resetSeconds, resetAtMs / 1000);
        }
    }
}
