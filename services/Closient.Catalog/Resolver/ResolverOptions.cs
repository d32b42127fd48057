namespace Closient.Catalog.Resolver;

/// <summary>Configuration section <c>Resolver</c>.</summary>
public sealed class ResolverOptions
{
    public const string Section = "Resolver";

    /// <summary>
    /// <c>https://id.example.com</c>: the root every anchor, canonical and hosted-page URL is built from.
    /// Unset: the scheme, host and port the client used (the gateway's forwarded headers are honoured).
    /// </summary>
    public string? PublicRoot { get; set; }

    /// <summary>Request header holding the client's ISO country code (e.g. <c>CF-IPCountry</c>); unset: no country.</summary>
    public string? CountryHeader { get; set; }

    /// <summary>
    /// How long an unknown GTIN is remembered as unknown (and, with <see cref="PreloadMaxProducts"/> = 0, how long a
    /// product is kept). Products are also evicted by <c>ProductUpserted</c> and <c>BrandUpserted</c>.
    /// </summary>
    public int CacheSeconds { get; set; } = 30;

    /// <summary>Most products loaded into memory at start-up and on every refresh (GTIN order); 0 = load on first scan only.</summary>
    public int PreloadMaxProducts { get; set; } = 1_000_000;

    /// <summary>How often every product (and its rules) is reloaded: the bound on staleness should an event be lost.</summary>
    public int RefreshSeconds { get; set; } = 300;

    /// <summary>Most GTINs held in memory, known and unknown; past it, scans of GTINs not held read the database.</summary>
    public int MaxEntries { get; set; } = 2_000_000;

    /// <summary>How long a loaded product is kept: past two refreshes when preloading, else <see cref="CacheSeconds"/>.</summary>
    public int EntrySeconds => PreloadMaxProducts > 0 ? 2 * RefreshSeconds + 60 : CacheSeconds;

    /// <summary>Scans waiting to be written; when the queue is full new scans are dropped and counted.</summary>
    public int ScanQueueCapacity { get; set; } = 10_000;

    /// <summary>Most scans written to the outbox in one transaction.</summary>
    public int ScanBatchSize { get; set; } = 200;

    /// <summary>
    /// How long the writer waits for scans to gather when fewer than a batch are queued: the most a scan waits before
    /// it is written (0 = write whatever is queued at once).
    /// </summary>
    public int ScanGatherMilliseconds { get; set; } = 200;

    /// <summary>Where the JSON-LD context of linksets is served; unset: this service's own copy.</summary>
    public string? LinksetContextUrl { get; set; }

    /// <summary>The resolver's name in <c>/.well-known/gs1resolver</c>.</summary>
    public string Name { get; set; } = "Closient GS1 Digital Link resolver";

    /// <summary><c>scheme://host[:port]</c> (no trailing slash) for links in responses to <paramref name="request"/>.</summary>
    public string RootFor(HttpRequest request)
    {
        if (!string.IsNullOrWhiteSpace(PublicRoot)) return PublicRoot.TrimEnd('/');
        return $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}";
    }
}
