namespace Closient.Catalog.Resolution;

/// <summary>
/// One resolution request as the rules see it. <paramref name="Gtin"/> is the GTIN-14; <paramref name="Lot"/>
/// and <paramref name="Serial"/> are the raw (decoded) AI 10 / AI 21 values or null; <paramref name="BrandId"/>
/// is the product's brand or null; <paramref name="LinkType"/> is the requested <c>linkType</c> (canonical, see
/// <see cref="RuleLinkTypes.TryNormalize"/>) or null when the request named none; <paramref name="Country"/> is ISO
/// 3166-1 alpha-2, <paramref name="Region"/> ISO 3166-2 (<c>US-TX</c>), <paramref name="City"/> free text, each
/// null when geolocation does not know it.
/// </summary>
public sealed record RuleContext(
    Guid OrganizationId,
    string Gtin,
    string? Lot,
    string? Serial,
    Guid? BrandId,
    DateTimeOffset Now,
    string? LinkType = null,
    string? Country = null,
    string? Region = null,
    string? City = null);

/// <summary>Why the evaluator chose its destination.</summary>
public enum DecisionReason
{
    /// <summary>No enabled rule matched (or every match was skipped): the platform default, the hosted page.</summary>
    NoMatch,
    /// <summary><see cref="RuleDecision.Rule"/> matched and its destination is used.</summary>
    Matched,
    /// <summary><see cref="RuleDecision.Rule"/> matched, its custom URL is dead and it falls back to the hosted page.</summary>
    DeadUrlFallback,
}

/// <summary>
/// The evaluator's answer: <see cref="RuleDestination.HostedPage"/> (the Closient-hosted product page) or
/// <see cref="RuleDestination.CustomUrl"/> with <see cref="Url"/> (302 there). <see cref="Rule"/> is the winning
/// rule, null for <see cref="DecisionReason.NoMatch"/>.
/// </summary>
public sealed record RuleDecision(RuleDestination Destination, string? Url, ResolutionRule? Rule, DecisionReason Reason)
{
    public static readonly RuleDecision HostedPage = new(RuleDestination.HostedPage, null, null, DecisionReason.NoMatch);
}
