using Closient.ServiceDefaults.Auth;

namespace Closient.Gateway.RateLimiting;

/// <summary>
/// One key's quotas over the two fixed windows (spec/conventions.md §6): requests per UTC minute and
/// per UTC day. Built once per verified key (it is cached with the key), so the
/// <c>RateLimit-Policy</c> header value is formatted once, not per request.
/// </summary>
public sealed class RateLimitPolicy
{
    public const int DefaultPerMinute = 300, DefaultPerDay = 10_000, PublishablePerMinute = 100;
    public const int MinuteSeconds = 60, DaySeconds = 86_400;

    public static readonly RateLimitPolicy Default = new(DefaultPerMinute, DefaultPerDay);
    public static readonly RateLimitPolicy Publishable = new(PublishablePerMinute, DefaultPerDay);

    public RateLimitPolicy(int perMinute, int perDay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perDay);
        (PerMinute, PerDay) = (perMinute, perDay);
        HeaderValue = $"{perMinute};w={MinuteSeconds}, {perDay};w={DaySeconds}";
    }

    public int PerMinute { get; }

    public int PerDay { get; }

    /// <summary>The <c>RateLimit-Policy</c> header: every active window, e.g. <c>300;w=60, 10000;w=86400</c>.</summary>
    public string HeaderValue { get; }

    /// <summary>The policy for a key of <paramref name="keyType"/> with its per-key overrides (0 or less = the default).</summary>
    public static RateLimitPolicy For(string keyType, int perMinuteOverride, int perDayOverride)
    {
        var defaults = keyType == ApiKeyFormat.Publishable ? Publishable : Default;
        if (perMinuteOverride <= 0 && perDayOverride <= 0) return defaults;
        return new RateLimitPolicy(
            perMinuteOverride > 0 ? perMinuteOverride : defaults.PerMinute,
            perDayOverride > 0 ? perDayOverride : defaults.PerDay);
    }

    public override string ToString() => HeaderValue;
}
