namespace Closient.Catalog.Resolution;

/// <summary>Settings of the resolver's in-memory rule cache (<see cref="ResolutionRuleCache"/>), section <c>Resolver:RuleCache</c>.</summary>
public sealed class RuleCacheOptions
{
    public const string Section = "Resolver:RuleCache";

    /// <summary>
    /// Safety net only: how long a rule entry loaded on a scan (a lot's or serial's rules, or a GTIN not preloaded) is
    /// trusted if a <c>ResolutionRuleChanged</c> event is missed. Changes normally show at once on the instance that
    /// wrote them and within the bus latency everywhere else. 0 = no cache. Five minutes, like the reload of every
    /// product's rules (<c>Resolver:RefreshSeconds</c>): a serial scanned again within it reads nothing, however many serial
    /// rules its GTIN has.
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most entries held: one per (organization, GTIN, brand) scanned, plus one per lot or serial scanned that has rules.</summary>
    public int MaxEntries { get; set; } = 200_000;
}
