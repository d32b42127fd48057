namespace Closient.Contracts.Catalog;

/// <summary>
/// A GS1 Digital Link URI was resolved to a destination (a scan, spec/resolver.md §4). Feeds scan
/// analytics and billing; billable scans exclude bots. Raw events carry the country only, never the IP
/// address or the user agent. Published in batches, as <see cref="ScansRecorded"/>.
/// </summary>
/// <param name="ScanId">Unique id of this scan.</param>
/// <param name="Gtin">The GTIN-14 that was resolved.</param>
/// <param name="ProductId">The product's id (the UUID behind its public shortuuid).</param>
/// <param name="OrganizationId">The organization that owns (has claimed) the product, or null when unclaimed.</param>
/// <param name="Lot">Batch/lot (AI 10) from the URI, or null.</param>
/// <param name="Serial">Serial number (AI 21) from the URI, or null.</param>
/// <param name="LinkType">The link type followed, as a full URI (e.g. https://gs1.org/voc/pip).</param>
/// <param name="Destination">The URL the scanner was redirected to.</param>
/// <param name="ScanType">HOSTED_PAGE (Closient's product page) or REDIRECT_ONLY (any other destination).</param>
/// <param name="Context">The Digital Link <c>context</c> parameter, or null.</param>
/// <param name="CountryCode">ISO 3166-1 alpha-2 of the scanner (from the configured country header), or null.</param>
/// <param name="DeviceClass">mobile, tablet, desktop or bot (from the User-Agent).</param>
/// <param name="IsBot">True for crawlers, link checkers, scripts and AI agents.</param>
/// <param name="Referrer">The Referer header (at most 2048 characters), or null.</param>
/// <param name="OccurredAt">When the resolution happened (UTC).</param>
public sealed record ScanRecorded(
    Guid ScanId,
    string Gtin,
    Guid ProductId,
    Guid? OrganizationId,
    string? Lot,
    string? Serial,
    string LinkType,
    string Destination,
    string ScanType,
    string? Context,
    string? CountryCode,
    string DeviceClass,
    bool IsBot,
    string? Referrer,
    DateTimeOffset OccurredAt);

/// <summary>
/// Scans recorded together (up to the resolver's batch size, in the order they happened): the resolver publishes its
/// scans this way, one message per batch, because a message per scan at thousands of scans a second costs the outbox,
/// its relay and the broker more than the resolutions themselves. Consumers handle each <see cref="ScanRecorded"/> in
/// <see cref="Scans"/> (a ScanId is unique, so a redelivered batch is recognisable scan by scan).
/// </summary>
/// <param name="Scans">The scans, oldest first; never empty.</param>
public sealed record ScansRecorded(IReadOnlyList<ScanRecorded> Scans);
