namespace Closient.Gateway.Tests.Infrastructure;

/// <summary>A clock the test moves by hand. Only "now" is faked; timers and timestamps stay real.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    long utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref utcTicks, by.Ticks);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref utcTicks, now.UtcTicks);
}
