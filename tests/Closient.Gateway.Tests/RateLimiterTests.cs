using Closient.Gateway.RateLimiting;
using Closient.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Closient.Gateway.Tests;

public sealed class RateLimiterTests
{
    static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Midnight = new(2026, 3, 11, 0, 0, 0, TimeSpan.Zero);

    readonly ManualTimeProvider clock = new(Noon.AddSeconds(15));
    readonly ApiKeyRateLimiter limiter;
    readonly string key = Guid.NewGuid().ToString();

    public RateLimiterTests() => limiter = new ApiKeyRateLimiter(clock);

    [Fact]
    public void The_300th_request_in_a_minute_passes_and_the_301st_is_refused_until_the_minute_ends()
    {
        var decisions = Take(300, RateLimitPolicy.Default);
        var refused = limiter.TryAcquire(key, RateLimitPolicy.Default);

        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.Equal(new RateLimitDecision(true, RateLimitPolicy.Default.HeaderValue, 300, 0, 60, 45, Noon.AddMinutes(1).ToUnixTimeSeconds()), decisions[^1]);
        Assert.False(refused.Allowed);
        Assert.Equal(45, refused.RetryAfterSeconds);
        Assert.Equal((300, 0, 45), (refused.Limit, refused.Remaining, refused.ResetSeconds));
    }

    [Fact]
    public void Remaining_counts_down_from_the_limit()
    {
        var decisions = Take(3, RateLimitPolicy.Default);

        Assert.Equal([299, 298, 297], decisions.Select(d => d.Remaining));
        Assert.All(decisions, d => Assert.Equal((300, 45), (d.Limit, d.ResetSeconds)));
    }

    [Fact]
    public void The_minute_window_resets_exactly_at_the_minute_boundary()
    {
        Take(300, RateLimitPolicy.Default);

        clock.Set(Noon.AddMinutes(1).AddTicks(-TimeSpan.TicksPerMillisecond));
        var justBefore = limiter.TryAcquire(key, RateLimitPolicy.Default);
        clock.Set(Noon.AddMinutes(1));
        var atTheBoundary = limiter.TryAcquire(key, RateLimitPolicy.Default);

        Assert.False(justBefore.Allowed);
        Assert.Equal(1, justBefore.RetryAfterSeconds);
        Assert.True(atTheBoundary.Allowed);
        Assert.Equal((299, 60), (atTheBoundary.Remaining, atTheBoundary.ResetSeconds));
    }

    [Fact]
    public void The_day_window_refuses_the_10001st_request_of_the_utc_day_until_midnight()
    {
        var allowed = 0;
        for (var minute = 0; allowed < 10_000; minute++)
        {
            clock.Set(Noon.AddMinutes(minute));
            allowed += Take(Math.Min(300, 10_000 - allowed), RateLimitPolicy.Default).Count(d => d.Allowed);
        }

        clock.Set(Noon.AddHours(11).AddSeconds(30));   // 23:00:30, a fresh minute
        var refused = limiter.TryAcquire(key, RateLimitPolicy.Default);
        clock.Set(Midnight);
        var nextDay = limiter.TryAcquire(key, RateLimitPolicy.Default);

        Assert.Equal(10_000, allowed);
        Assert.False(refused.Allowed);
        Assert.Equal((10_000, 0, 86_400), (refused.Limit, refused.Remaining, refused.WindowSeconds));
        Assert.Equal(3570, refused.RetryAfterSeconds);
        Assert.Equal(Midnight.ToUnixTimeSeconds(), refused.ResetAtUnixSeconds);
        Assert.True(nextDay.Allowed);
        Assert.Equal((300, 299), (nextDay.Limit, nextDay.Remaining));
    }

    [Fact]
    public void A_publishable_key_gets_100_a_minute()
    {
        var policy = RateLimitPolicy.For("cpk", 0, 0);

        var decisions = Take(101, policy);

        Assert.Same(RateLimitPolicy.Publishable, policy);
        Assert.Equal((100, 10_000), (policy.PerMinute, policy.PerDay));
        Assert.Equal("100;w=60, 10000;w=86400", policy.HeaderValue);
        Assert.Equal(100, decisions.Count(d => d.Allowed));
        Assert.False(decisions[^1].Allowed);
        Assert.Equal(100, decisions[^1].Limit);
    }

    [Theory]
    [InlineData("csb", 0, 0, 300, 10_000)]
    [InlineData("csu", 0, 0, 300, 10_000)]
    [InlineData("cpk", 0, 0, 100, 10_000)]
    [InlineData("csb", 5, 0, 5, 10_000)]
    [InlineData("csb", 0, 7, 300, 7)]
    [InlineData("cpk", 0, 50, 100, 50)]
    [InlineData("cpk", 1_000, 20_000, 1_000, 20_000)]
    [InlineData("csu", -1, -1, 300, 10_000)]
    public void Per_key_overrides_replace_the_defaults_and_zero_means_the_default(string type, int perMinute, int perDay, int expectedMinute, int expectedDay)
    {
        var policy = RateLimitPolicy.For(type, perMinute, perDay);

        Assert.Equal((expectedMinute, expectedDay), (policy.PerMinute, policy.PerDay));
        Assert.Equal($"{expectedMinute};w=60, {expectedDay};w=86400", policy.HeaderValue);
    }

    [Fact]
    public void An_overridden_minute_limit_is_enforced_exactly()
    {
        var decisions = Take(6, RateLimitPolicy.For("csb", 5, 0));

        Assert.Equal([true, true, true, true, true, false], decisions.Select(d => d.Allowed));
        Assert.Equal(5, decisions[^1].Limit);
    }

    [Fact]
    public void An_overridden_day_limit_is_enforced_exactly_and_reported_as_the_most_restrictive_window()
    {
        var decisions = Take(8, RateLimitPolicy.For("csb", 0, 7));

        Assert.Equal(7, decisions.Count(d => d.Allowed));
        Assert.All(decisions, d => Assert.Equal((7, 86_400), (d.Limit, d.WindowSeconds)));
        Assert.Equal(6, decisions[0].Remaining);
        Assert.Equal(43_185, decisions[^1].RetryAfterSeconds);   // 12:00:15 → midnight
    }

    [Fact]
    public void With_250_left_in_the_minute_and_8_in_the_day_the_headers_report_the_day()
    {
        // 9,942 requests earlier today, then 50 in this minute: 250 left in the minute, 8 in the day (the spec's example).
        var used = 0;
        for (var minute = 0; used < 9_942; minute++)
        {
            clock.Set(Noon.AddMinutes(minute));
            used += Take(Math.Min(300, 9_942 - used), RateLimitPolicy.Default).Length;
        }
        clock.Set(Noon.AddHours(1).AddSeconds(20));

        var last = Take(50, RateLimitPolicy.Default)[^1];

        Assert.True(last.Allowed);
        Assert.Equal((10_000, 8, 86_400), (last.Limit, last.Remaining, last.WindowSeconds));
        Assert.Equal((int)(Midnight - clock.GetUtcNow()).TotalSeconds, last.ResetSeconds);
        var headers = new HeaderDictionary();
        last.WriteHeaders(headers);
        Assert.Equal("300;w=60, 10000;w=86400", headers["RateLimit-Policy"]);
        Assert.Equal("10000", headers["RateLimit-Limit"]);
        Assert.Equal("8", headers["RateLimit-Remaining"]);
    }

    [Fact]
    public void While_the_minute_has_fewer_left_than_the_day_the_headers_report_the_minute()
    {
        var last = Take(10, RateLimitPolicy.Default)[^1];

        Assert.Equal((300, 290, 60, 45), (last.Limit, last.Remaining, last.WindowSeconds, last.ResetSeconds));
    }

    [Fact]
    public void On_a_tie_the_window_that_resets_later_is_reported()
    {
        var last = Take(5, new RateLimitPolicy(10, 10))[^1];

        Assert.Equal((10, 5, 86_400), (last.Limit, last.Remaining, last.WindowSeconds));
    }

    [Fact]
    public void Refused_requests_take_nothing_from_either_window()
    {
        var policy = new RateLimitPolicy(10, 12);
        Take(10, policy);
        var refusedByMinute = Take(50, policy);

        clock.Set(Noon.AddMinutes(1));
        var nextMinute = Take(3, policy);

        Assert.All(refusedByMinute, d => Assert.False(d.Allowed));
        Assert.Equal([true, true, false], nextMinute.Select(d => d.Allowed));
        Assert.Equal((12, 0, 86_400), (nextMinute[^1].Limit, nextMinute[^1].Remaining, nextMinute[^1].WindowSeconds));
    }

    [Fact]
    public void A_thousand_parallel_requests_on_one_key_allow_exactly_the_limit()
    {
        var allowed = 0;

        Parallel.For(0, 1_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ =>
        {
            if (limiter.TryAcquire(key, RateLimitPolicy.Default).Allowed)
                Interlocked.Increment(ref allowed);
        });

        Assert.Equal(300, allowed);
        Assert.Equal(0, limiter.TryAcquire(key, RateLimitPolicy.Default).Remaining);
    }

    [Fact]
    public void Parallel_requests_on_many_keys_each_get_their_own_quota()
    {
        var keys = Enumerable.Range(0, 20).Select(i => $"{key}-{i}").ToArray();
        var allowed = new int[keys.Length];

        Parallel.For(0, keys.Length * 150, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            if (limiter.TryAcquire(keys[i % keys.Length], RateLimitPolicy.Publishable).Allowed)
                Interlocked.Increment(ref allowed[i % keys.Length]);
        });

        Assert.All(allowed, a => Assert.Equal(100, a));
    }

    [Fact]
    public void Keys_not_seen_today_are_dropped_after_midnight_and_keys_seen_today_are_kept()
    {
        limiter.TryAcquire(key, RateLimitPolicy.Default);
        limiter.TryAcquire("other", RateLimitPolicy.Default);
        clock.Set(Midnight.AddSeconds(1));

        limiter.TryAcquire("other", RateLimitPolicy.Default);

        Assert.Equal(1, limiter.TrackedKeys);
        var again = limiter.TryAcquire(key, RateLimitPolicy.Default);
        Assert.Equal(299, again.Remaining);
        Assert.Equal(2, limiter.TrackedKeys);
    }

    [Fact]
    public void The_headers_of_an_allowed_request_carry_the_relative_and_the_absolute_reset_and_no_retry_after()
    {
        var headers = new HeaderDictionary();

        limiter.TryAcquire(key, RateLimitPolicy.Default).WriteHeaders(headers);

        Assert.Equal("300;w=60, 10000;w=86400", headers["RateLimit-Policy"]);
        Assert.Equal("300", headers["RateLimit-Limit"]);
        Assert.Equal("299", headers["RateLimit-Remaining"]);
        Assert.Equal("45", headers["RateLimit-Reset"]);
        Assert.Equal("300", headers["X-RateLimit-Limit"]);
        Assert.Equal("299", headers["X-RateLimit-Remaining"]);
        Assert.Equal(Noon.AddMinutes(1).ToUnixTimeSeconds().ToString(), headers["X-RateLimit-Reset"]);
        Assert.False(headers.ContainsKey("Retry-After"));
    }

    [Fact]
    public void The_headers_of_a_refused_request_add_retry_after()
    {
        var policy = RateLimitPolicy.For("cpk", 1, 0);
        limiter.TryAcquire(key, policy);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        var headers = new HeaderDictionary();

        limiter.TryAcquire(key, policy).WriteHeaders(headers);

        Assert.Equal("1;w=60, 10000;w=86400", headers["RateLimit-Policy"]);
        Assert.Equal("0", headers["RateLimit-Remaining"]);
        Assert.Equal("45", headers["RateLimit-Reset"]);       // 44.5 s, rounded up
        Assert.Equal("45", headers["Retry-After"]);
        Assert.Equal(Noon.AddMinutes(1).ToUnixTimeSeconds().ToString(), headers["X-RateLimit-Reset"]);
    }

    RateLimitDecision[] Take(int count, RateLimitPolicy policy) =>
        Enumerable.Range(0, count).Select(_ => limiter.TryAcquire(key, policy)).ToArray();
}
