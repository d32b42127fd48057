using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Gateway.RateLimiting;
using Closient.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;

namespace Closient.Gateway.Auth;

/// <summary>
/// Turns a raw <c>X-API-Key</c> into a <see cref="VerifiedApiKey"/> (DESIGN.md §2): malformed keys and
/// wrong checksums are refused without a lookup; otherwise the key's SHA-256 is looked up in a small
/// cache and, on a miss, verified by accounts (<c>POST /internal/api/v1/api-keys/verify</c>), with one
/// call in flight per key however many requests arrive for it at once.
/// </summary>
/// <remarks>
/// Revocation: <see cref="Evict"/> (driven by <c>ApiKeyRevoked</c>) takes effect for the next request;
/// a lost event costs at most <see cref="ApiKeyVerifierOptions.CacheSeconds"/>. An eviction during a
/// verify call stops that call's (possibly stale) answer from being cached.
/// </remarks>
public sealed class ApiKeyVerifier(
    IHttpClientFactory httpClients, InternalToken tokens, TimeProvider clock,
    IOptions<ApiKeyVerifierOptions> options, ILogger<ApiKeyVerifier> logger)
{
    public const string VerifyPath = "/internal/api/v1/api-keys/verify";

    /// <summary>How the gateway names itself to accounts (accounts accepts only this key type on verify).</summary>
    public static readonly Caller ServiceCaller = new(null, null, Caller.ServiceKeyType, new Dictionary<Guid, string>(), []);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    readonly ConcurrentDictionary<string, CachedAnswer> cache = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Task<CachedAnswer?>> inFlight = new(StringComparer.Ordinal);
    readonly TimeSpan positiveTtl = TimeSpan.FromSeconds(options.Value.CacheSeconds);
    readonly TimeSpan negativeTtl = TimeSpan.FromSeconds(options.Value.NegativeCacheSeconds);
    readonly int maxEntries = options.Value.MaxCachedKeys;
    long evictions;

    /// <summary>How many answers are cached.</summary>
    public int CachedKeys => cache.Count;

    public async ValueTask<ApiKeyVerification> VerifyAsync(string? rawKey, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(rawKey)) return ApiKeyVerification.Missing;
        if (!ApiKeyFormat.TryParse(rawKey, out _)) return ApiKeyVerification.Malformed;

        var hash = ApiKeyFormat.Hash(rawKey);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(hash, out var cached) && cached.FreshUntil > now)
            return Resolve(cached.Key, now);

        var answer = await JoinOrStartVerify(hash).WaitAsync(cancellationToken);
        return answer is null ? ApiKeyVerification.Unavailable : Resolve(answer.Key, clock.GetUtcNow());
    }

    /// <summary>Forgets a key at once (it was revoked); the next request for it asks accounts.</summary>
    public void Evict(string keyHash)
    {
        Interlocked.Increment(ref evictions);
        cache.TryRemove(keyHash, out _);
        // A request arriving now must not join a call that started before the revocation.
        inFlight.TryRemove(keyHash, out _);
    }

    /// <summary>Forgets every key that speaks for <paramref name="userId"/> (its memberships changed).</summary>
    public void EvictUser(Guid userId)
    {
        Interlocked.Increment(ref evictions);
        foreach (var (hash, answer) in cache)
            if (answer.Key?.Caller.UserId == userId)
                cache.TryRemove(KeyValuePair.Create(hash, answer));
        inFlight.Clear();
    }

    static ApiKeyVerification Resolve(VerifiedApiKey? key, DateTimeOffset now) =>
        key is null || key.ExpiresAt <= now ? ApiKeyVerification.Unknown : new ApiKeyVerification(ApiKeyStatus.Verified, key);

    Task<CachedAnswer?> JoinOrStartVerify(string hash)
    {
        var mine = new TaskCompletionSource<CachedAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = inFlight.GetOrAdd(hash, mine.Task);
        if (flight == mine.Task)
            // Not tied to the first caller's request: the others waiting on it must not be cancelled with it.
            _ = RunVerifyAsync(hash, mine);
        return flight;
    }

    async Task RunVerifyAsync(string hash, TaskCompletionSource<CachedAnswer?> flight)
    {
        var evictionsAtStart = Volatile.Read(ref evictions);
        CachedAnswer? answer = null;
        try
        {
            answer = await CallAccountsAsync(hash);
            if (answer is not null && Volatile.Read(ref evictions) == evictionsAtStart)
                Store(hash, answer);
        }
        catch (Exception e)
        {
            // Whatever went wrong (unreachable, timed out, circuit open, no address, a bad body), the
            // waiting requests get Unavailable (503) and nothing is cached; it is logged, not hidden.
            logger.LogWarning(e, "API key verification by accounts failed");
        }
        finally
        {
            // Cached first, then no longer in flight: a request in between finds one or the other.
            inFlight.TryRemove(KeyValuePair.Create(hash, flight.Task));
            flight.SetResult(answer);
        }
    }

    async Task<CachedAnswer?> CallAccountsAsync(string hash)
    {
        var client = httpClients.CreateClient(GatewayAuth.AccountsClient);
        using var request = new HttpRequestMessage(HttpMethod.Post, VerifyPath)
        {
            Content = JsonContent.Create(new VerifyRequest(hash), options: Json),
        };
        var now = clock.GetUtcNow();
        request.Headers.Add(InternalToken.Header, tokens.Issue(ServiceCaller, now));
        using var response = await client.SendAsync(request);

        if (response.StatusCode == HttpStatusCode.NotFound)
            return new CachedAnswer(null, now + negativeTtl);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            logger.LogWarning("Accounts answered {Status} to an API key verification", (int)response.StatusCode);
            return null;
        }

        var body = await response.Content.ReadFromJsonAsync<VerifyResponse>(Json)
            ?? throw new JsonException("Accounts answered an empty verification.");
        var key = new VerifiedApiKey(hash,
            new Caller(body.UserId, body.KeyId, body.KeyType, body.Organizations ?? [], body.Scopes ?? []),
            RateLimitPolicy.For(body.KeyType, body.RateLimitPerMinute, body.RateLimitPerDay),
            body.ExpiresAt);
        // A key accounts still calls valid but that has expired by our clock is cached as unknown.
        return key.ExpiresAt <= now ? new CachedAnswer(null, now + negativeTtl) : new CachedAnswer(key, now + positiveTtl);
    }

    void Store(string hash, CachedAnswer answer)
    {
        if (answer.FreshUntil <= clock.GetUtcNow()) return;
        // Only on a miss (at most once per key per TTL for real keys), so the cost of Count is fine here.
        if (cache.Count >= maxEntries)
        {
            var now = clock.GetUtcNow();
            foreach (var (h, a) in cache)
                if (a.FreshUntil <= now) cache.TryRemove(KeyValuePair.Create(h, a));
            // Still full: unknown keys (a flood of made-up keys with valid checksums) go first.
            if (cache.Count >= maxEntries)
                foreach (var (h, a) in cache)
                    if (a.Key is null) cache.TryRemove(KeyValuePair.Create(h, a));
            if (cache.Count >= maxEntries) return;
        }
        cache[hash] = answer;
    }

    sealed record CachedAnswer(VerifiedApiKey? Key, DateTimeOffset FreshUntil);

    sealed record VerifyRequest(string KeyHash);

    /// <summary>Accounts' verify answer (snake_case on the wire).</summary>
    sealed record VerifyResponse(
        Guid KeyId, string KeyType, Guid? UserId, Dictionary<Guid, string>? Organizations, List<string>? Scopes,
        DateTimeOffset? ExpiresAt, int RateLimitPerMinute, int RateLimitPerDay);
}
