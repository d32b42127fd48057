namespace Closient.Gateway.RateLimiting;

/// <summary>
/// The outcome of one <see cref="ApiKeyRateLimiter.TryAcquire"/> or <see cref="AnonymousRateLimiter.TryAcquire"/>: whether the request may pass, and
/// the most restrictive window (fewest requests left; on a tie the one that resets later), which is
/// what the <c>RateLimit-*</c> headers report on every response.
/// </summary>
public readonly record struct RateLimitDecision(
    bool Allowed,
    string PolicyHeader,
    int Limit,
    int Remaining,
    int WindowSeconds,
    int ResetSeconds,
    long ResetAtUnixSeconds)
{
    /// <summary>Seconds until the request would pass (the reported window's reset); null when allowed.</summary>
    public int? RetryAfterSeconds => Allowed ? null : ResetSeconds;

    /// <summary>Sets the rate-limit headers every response carries, and <c>Retry-After</c> when refused.</summary>
    public void WriteHeaders(IHeaderDictionary headers)
    {
        var limit = Limit.ToString();
        var remaining = Remaining.ToString();
        headers["RateLimit-Policy"] = PolicyHeader;
        headers["RateLimit-Limit"] = limit;
        headers["RateLimit-Remaining"] = remaining;
        headers["RateLimit-Reset"] = ResetSeconds.ToString();
        headers["X-RateLimit-Limit"] = limit;
        headers["X-RateLimit-Remaining"] = remaining;
        // The legacy alias is an absolute Unix timestamp, unlike RateLimit-Reset (spec/conventions.md §6).
        headers["X-RateLimit-Reset"] = ResetAtUnixSeconds.ToString();
        if (RetryAfterSeconds is { } retryAfter)
            headers.RetryAfter = retryAfter.ToString();
    }
}
