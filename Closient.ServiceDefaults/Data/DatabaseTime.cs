namespace Closient.ServiceDefaults.Data;

/// <summary>"Now" at PostgreSQL's precision, so what a handler returns equals what a later read returns.</summary>
public static class DatabaseTime
{
    public static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10)); // timestamptz keeps microseconds; a tick is 100 ns
    }

    /// <summary>Now, but strictly after <paramref name="previous"/>: consumers order versions by it.</summary>
    public static DateTimeOffset After(DateTimeOffset previous, TimeProvider clock)
    {
        var now = Now(clock);
        return now > previous ? now : previous.AddTicks(10);
    }
}
