using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Closient.Gateway.Auth;

namespace Closient.Gateway.RateLimiting;

/// <summary>One fixed window of a keyless endpoint's per-address throttle: <see cref="Limit"/> calls per <see cref="WindowSeconds"/>.</summary>
public sealed record IpLimit(int Limit, int WindowSeconds);

/// <summary>
/// Throttles for keyless calls to public endpoints, per client address (spec/conventions.md §6: catalog
/// search 60/min, search sessions 30/min, readiness check 10/min and 30/hour, unauthenticated serial
/// verification 60/hour). The limits live with the endpoint in <see cref="PublicEndpoints"/>; calls
/// with a key are limited per key instead (<see cref="ApiKeyRateLimiter"/>). Exact fixed windows
/// aligned to the Unix epoch, like the key limiter: a call passes only if every window has room, and
/// a refused call takes nothing.
/// </summary>
/// <remarks>
/// The address is the connection's (the gateway is the edge; a load balancer in front would have to be
/// a trusted proxy first). IPv6 clients are counted per /64, the block one subscriber usually holds, so
/// cycling through addresses of one network does not escape the limit. Counters whose windows have all
/// ended are dropped at most once a minute; past <see cref="MaxTrackedClients"/> entries a new client is
/// let through untracked rather than locked out (a flood of addresses must not deny everyone).
/// </remarks>
public sealed class AnonymousRateLimiter(TimeProvider clock)
{
    public const int MaxTrackedClients = 200_000;

    readonly ConcurrentDictionary<(EndpointRule Rule, string Client), Counters> clients = new();
    long lastSweepMs = clock.GetUtcNow().ToUnixTimeMilliseconds();

    public int TrackedClients => clients.Count;

    /// <summary>Takes one call from every window of <paramref name="rule"/>'s throttle for <paramref name="address"/>; null when the rule has none.</summary>
    public RateLimitDecision? TryAcquire(EndpointRule rule, IPAddress? address)
    {
        if (rule.AnonymousLimits.Count == 0) return null;
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var last = Interlocked.Read(ref lastSweepMs);
        if (nowMs - last >= 60_000 && Interlocked.CompareExchange(ref lastSweepMs, nowMs, last) == last) Sweep(nowMs);

        var key = (rule, ClientOf(address));
        if (!clients.TryGetValue(key, out var counters))
        {
            if (clients.Count >= MaxTrackedClients) return null;
            counters = clients.GetOrAdd(key, _ => new Counters(rule.AnonymousLimits.Count));
        }
        lock (counters)
            return counters.TryTake(rule, nowMs);
    }

    /// <summary>The client an address counts as: IPv4 as is, IPv6 by its /64 prefix.</summary>
    public static string ClientOf(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    void Sweep(long nowMs)
    {
        foreach (var (key, counters) in clients)
            lock (counters)
                if (counters.EndedBefore(key.Rule, nowMs))
                    clients.TryRemove(KeyValuePair.Create(key, counters));
    }

    sealed class Counters(int windows)
    {
        readonly long[] window = Enumerable.Repeat(-1L, windows).ToArray();
        readonly int[] count = new int[windows];

        public bool EndedBefore(EndpointRule rule, long nowMs)
        {
            for (var i = 0; i < window.Length; i++)
                if (window[i] >= nowMs / (rule.AnonymousLimits[i].WindowSeconds * 1000L)) return false;
            return true;
        }

        public RateLimitDecision TryTake(EndpointRule rule, long nowMs)
        {
            var limits = rule.AnonymousLimits;
            var allowed = true;
            for (var i = 0; i < limits.Count; i++)
            {
                var current = nowMs / (limits[i].WindowSeconds * 1000L);
                if (current > window[i]) (window[i], count[i]) = (current, 0);
                allowed &= count[i] < limits[i].Limit;
            }
            if (allowed)
                for (var i = 0; i < limits.Count; i++) count[i]++;

            // Most restrictive wins: fewest left; on a tie the longer window, which resets later.
            var tightest = 0;
            for (var i = 1; i < limits.Count; i++)
            {
                int left = limits[i].Limit - count[i], best = limits[tightest].Limit - count[tightest];
                if (left < best || (left == best && limits[i].WindowSeconds > limits[tightest].WindowSeconds)) tightest = i;
            }
            var limit = limits[tightest];
            var resetAtMs = (window[tightest] + 1) * limit.WindowSeconds * 1000L;
            var resetSeconds = (int)Math.Clamp((resetAtMs - nowMs + 999) / 1000, 1, limit.WindowSeconds);
            return new RateLimitDecision(allowed, rule.AnonymousPolicyHeader, limit.Limit, Math.Max(0, limit.Limit - count[tightest]),
                limit.WindowSeconds, resetSeconds, resetAtMs / 1000);
        }
    }
}
