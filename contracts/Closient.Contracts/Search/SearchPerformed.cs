namespace Closient.Contracts.Search;

/// <summary>
/// Someone searched: the raw material of brand search-demand analytics (spec/analytics.md). Published for
/// every successful catalog search, local search and opened search session; written to the outbox in
/// batches, so it may trail the search by a moment. Carries no caller identity.
/// </summary>
/// <param name="SearchId">A fresh id for this search.</param>
/// <param name="Query">The query text as sent (trimmed).</param>
/// <param name="NormalizedTerms">The words searched for: lower-cased, accents removed, in order, without duplicates;
/// excluded (<c>-word</c>) terms, <c>OR</c> and the constraint phrases of a local search ("within 5 km") are left out.</param>
/// <param name="Latitude">Where the search was made, rounded to 2 decimals (about 1 km) for privacy; null for catalog search.</param>
/// <param name="Longitude">As <paramref name="Latitude"/>.</param>
/// <param name="ResultCount">How many results matched in all (not only the page shown).</param>
/// <param name="Kind">Which search: <see cref="SearchKinds"/>.</param>
/// <param name="OccurredAt">When the search ran (UTC).</param>
public sealed record SearchPerformed(
    Guid SearchId,
    string Query,
    IReadOnlyList<string> NormalizedTerms,
    double? Latitude,
    double? Longitude,
    int ResultCount,
    string Kind,
    DateTimeOffset OccurredAt);

/// <summary>The values of <see cref="SearchPerformed.Kind"/>.</summary>
public static class SearchKinds
{
    /// <summary><c>GET /search/api/v1/search</c>: products, brands and retailers by text.</summary>
    public const string Catalog = "catalog";

    /// <summary><c>GET /search/api/v1/local</c>: offers near a point.</summary>
    public const string Local = "local";

    /// <summary>A conversational search session was opened (its first query).</summary>
    public const string Session = "session";
}
