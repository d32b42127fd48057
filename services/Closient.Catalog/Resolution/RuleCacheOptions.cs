namespace Closient.Catalog.Resolution;

/// <summary>Settings of the resolver's in-memory rule cache (<see cref="ResolutionRuleCache"/>), section <c>Resolver:RuleCache</c>.</summary>
public sealed class RuleCacheOptions
{
    public const string Section = "Resolver:RuleCache";

    /// <summary>
    /// Safety net only: how long a cached entry is trusted if a <c>ResolutionRuleChanged</c> event is missed. Changes
    /// normally show at once on the instance that wrote them and within the bus latency everywhere else. 0 = no cache.
    /// The same as the product data's <c>Resolver:CacheSeconds</c> by default: one scan loads both, so they expire together
    /// and a GTIN costs one slow scan per period rather than two.
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most entries held: one per (organization, GTIN, brand) scanned, plus one per lot or serial scanned that has rules.</summary>
    public int MaxEntries { get; set; } = 200_000;
}
