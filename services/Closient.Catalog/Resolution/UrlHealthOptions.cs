namespace Closient.Catalog.Resolution;

/// <summary>Settings of the custom-URL monitor, section <c>Resolver:UrlHealth</c> (spec/resolver.md §2: the platform's values are unpublished).</summary>
public sealed class UrlHealthOptions
{
    public const string Section = "Resolver:UrlHealth";

    /// <summary>Off switch for the periodic checks (the cache and the evaluator still read the table).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two passes over every distinct custom URL.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Per URL: the whole HEAD (and GET fallback) must answer within this.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failed checks after which a URL is dead; one success makes it live again.</summary>
    public int DeadAfter { get; set; } = 3;

    /// <summary>How long the resolver trusts its in-memory copy of the dead URLs before reading the table again.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>URLs checked at once.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Whether checks may connect to loopback, private, link-local and other non-public addresses. Off in
    /// production: custom URLs are customer input, and the monitor must not probe our own network (SSRF).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}
