using System.Diagnostics;

namespace Closient.Bench;

/// <summary>Throughput and exact latency percentiles of one run (successful requests only).</summary>
public sealed record RunResult(long Requests, int Errors, TimeSpan Elapsed, double RequestsPerSecond, double P50Ms, double P95Ms, double P99Ms, string? FirstError)
{
    public static RunResult From(long[] latencyTicks, int errors, TimeSpan elapsed, string? firstError)
    {
        Array.Sort(latencyTicks);
        return new RunResult(
            latencyTicks.Length, errors, elapsed,
            latencyTicks.Length / elapsed.TotalSeconds,
            Milliseconds(Percentile(latencyTicks, 50)),
            Milliseconds(Percentile(latencyTicks, 95)),
            Milliseconds(Percentile(latencyTicks, 99)),
            firstError);
    }

    /// <summary>Nearest-rank percentile of sorted values: the smallest value with at least p% of values at or below it.</summary>
    public static long Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
