using System.ComponentModel.DataAnnotations;

namespace Closient.Gateway.Auth;

/// <summary>The <c>Gateway:ApiKeys</c> configuration section: how long verify answers are cached.</summary>
public sealed class ApiKeyVerifierOptions
{
    public const string Section = "Gateway:ApiKeys";

    /// <summary>How long a verified key is used without asking accounts again (revocation events evict sooner).</summary>
    [Range(1, 3600)]
    public int CacheSeconds { get; set; } = 30;

    /// <summary>How long an unknown key is answered without asking accounts again.</summary>
    [Range(0, 3600)]
    public int NegativeCacheSeconds { get; set; } = 5;

    /// <summary>Most cached answers; past it expired entries, then negative ones, are dropped, and new answers are not cached.</summary>
    [Range(1, 10_000_000)]
    public int MaxCachedKeys { get; set; } = 100_000;
}
