using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Closient.Catalog.Resolution;

/// <summary>
/// The parsed rules the resolver needs, in memory (bounded), so a repeated scan does no database query. Two kinds of
/// entry, both loaded lazily on the first scan that needs them:
/// <list type="bullet">
/// <item>per (organization, GTIN, brand): the organization's catch-alls, the brand's and the GTIN's rules in evaluation
/// order, and whether the GTIN has any SERIAL or BATCH rule at all;</item>
/// <item>per (organization, lot or serial scope id), only when the GTIN has rules of that kind: that lot's or serial's
/// rules (often none, cached as such).</item>
/// </list>
/// So neither memory nor lookup cost grows with the number of serial or lot rules of a GTIN: 1M serial rules under one
/// GTIN cost one indexed query the first time each serial is scanned, and nothing for scans of the GTIN alone.
/// <para>
/// Invalidation is per organization: <see cref="Invalidate"/> (called after this instance's own writes commit, and by
/// <see cref="RuleCacheEvictor"/> for every <c>ResolutionRuleChanged</c> on the bus) bumps the organization's
/// generation, which is part of every key, so all its entries miss from then on and age out. A load that raced the
/// change was keyed with the old generation, so it cannot be served afterwards. <see cref="RuleCacheOptions.Ttl"/> bounds
/// staleness should an event be lost.
/// </para>
/// </summary>
public sealed class ResolutionRuleCache(ResolutionRuleStore store, IOptions<RuleCacheOptions> options) : IDisposable
{
    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.MaxEntries) });
    readonly ConcurrentDictionary<Guid, long> _generations = new();
    readonly TimeSpan _ttl = options.Value.Ttl;

    readonly record struct GtinKey(Guid Organization, long Generation, string Gtin, Guid? Brand);

    readonly record struct ScopeKey(Guid Organization, long Generation, RuleScope Scope, string ScopeId);

    /// <summary>The enabled rules of the organization that can cover this scan, in evaluation order (as <see cref="ResolutionRuleStore.LoadAsync(RuleContext, CancellationToken)"/>).</summary>
    public async ValueTask<IReadOnlyList<ResolutionRule>> GetAsync(RuleContext context, CancellationToken ct)
    {
        if (_ttl <= TimeSpan.Zero) return await store.LoadAsync(context, ct);
        var org = context.OrganizationId;
        var generation = _generations.GetValueOrDefault(org);
        var gtin = await GetOrLoadAsync(new GtinKey(org, generation, context.Gtin, context.BrandId),
            () => store.LoadGtinAsync(org, context.Gtin, context.BrandId, CancellationToken.None), ct);

        IReadOnlyList<ResolutionRule> serial = [], lot = [];
        if (context.Serial is { } s && gtin.HasSerialRules)
        {
            var id = ScopeIds.Serial(context.Gtin, s);
            serial = await GetOrLoadAsync(new ScopeKey(org, generation, RuleScope.Serial, id),
                () => store.LoadScopeAsync(org, RuleScope.Serial, id, CancellationToken.None), ct);
        }
        if (context.Lot is { } l && gtin.HasBatchRules)
        {
            var id = ScopeIds.Batch(context.Gtin, l);
            lot = await GetOrLoadAsync(new ScopeKey(org, generation, RuleScope.Batch, id),
                () => store.LoadScopeAsync(org, RuleScope.Batch, id, CancellationToken.None), ct);
        }
        if (serial.Count == 0 && lot.Count == 0) return gtin.Rules;
        return [.. serial, .. lot, .. gtin.Rules]; // SERIAL → BATCH → PRODUCT → BRAND → ORGANIZATION
    }

    /// <summary>The organization's cache generation: read it before loading rules to <see cref="Put"/> them.</summary>
    public long Generation(Guid organizationId) => _generations.GetValueOrDefault(organizationId);

    /// <summary>
    /// Holds a GTIN's rules loaded elsewhere (<see cref="RuleWarmup"/>) for <paramref name="ttl"/>, under the generation read
    /// before they were loaded: if the organization's rules changed since, the entry is never served.
    /// </summary>
    public void Put(Guid organizationId, long generation, string gtin14, Guid? brandId, GtinRules rules, TimeSpan ttl)
    {
        if (_ttl <= TimeSpan.Zero || generation != _generations.GetValueOrDefault(organizationId)) return;
        _cache.Set(new GtinKey(organizationId, generation, gtin14, brandId), Task.FromResult(rules),
            new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = 1 });
    }

    /// <summary>Forgets every cached rule of <paramref name="organizationId"/> (idempotent).</summary>
    public void Invalidate(Guid organizationId) => _generations.AddOrUpdate(organizationId, 1, (_, g) => g + 1);

    /// <summary>
    /// One load per key at a time: concurrent misses share the first caller's task (which ignores callers' cancellation,
    /// each caller stops waiting on its own token). A failed load is not cached.
    /// </summary>
    async ValueTask<T> GetOrLoadAsync<TKey, T>(TKey key, Func<Task<T>> load, CancellationToken ct) where TKey : notnull
    {
        if (_cache.TryGetValue(key, out Task<T>? cached) && cached is not null)
        {
            if (cached.IsCompletedSuccessfully) return cached.Result;
            return await cached.WaitAsync(ct);
        }
        var task = load();
        _ = _cache.Set(key, task, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _ttl, Size = 1 });
        try
        {
            return await task.WaitAsync(ct);
        }
        catch when (task.IsFaulted || task.IsCanceled)
        {
            _cache.Remove(key);
            throw;
        }
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>What the cache holds per (organization, GTIN, brand).</summary>
/// <param name="Rules">The enabled PRODUCT, BRAND and ORGANIZATION rules that cover the GTIN, in evaluation order.</param>
/// <param name="HasSerialRules">Whether any enabled SERIAL rule of the organization names this GTIN.</param>
/// <param name="HasBatchRules">Whether any enabled BATCH rule of the organization names this GTIN.</param>
public sealed record GtinRules(IReadOnlyList<ResolutionRule> Rules, bool HasSerialRules, bool HasBatchRules);
