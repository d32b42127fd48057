using Closient.Search.Constraints;
using Closient.Search.Local;

namespace Closient.Search.Sessions;

/// <summary>
/// Opens a session. Fields are nullable so a missing one is a 422 naming it rather than a
/// default; unknown fields are rejected by the shared JSON options. <c>constraints</c> (spec/search.md §2.1, §2.5): trait
/// constraints a client derives from the user's preferences, merged with the phrases of the query. <c>certification</c>
/// (the agent skills send it): one certification slug, a <c>require_certifications</c> constraint like the others.
/// </summary>
public sealed record OpenSessionRequest(string? Query, double? Latitude, double? Longitude, double? RadiusKm, bool? InStock,
    OpenSessionConstraints? Constraints = null, string? Certification = null);

/// <summary>The trait lists a session may start with (slugs as for the <c>GET /search</c> parameters).</summary>
public sealed record OpenSessionConstraints(IReadOnlyList<string?>? ExcludeAllergens = null, IReadOnlyList<string?>? RequireCertifications = null,
    IReadOnlyList<string?>? AvoidSubstances = null);

/// <summary>
/// A session and its current results. <c>radius_km</c> is the session's base radius; an active
/// <c>distance_km</c> constraint narrows (or widens, up to 50) it while set. <c>online_results</c>: online offers, when
/// the scope is <c>online</c>, or as alternatives when nothing local matched (never with scope <c>local</c>).
/// </summary>
public sealed record SessionState(
    string SessionId,
    string BaseQuery,
    SearchConstraints ActiveConstraints,
    IReadOnlyList<string> SearchHistory,
    bool IsExpired,
    double Latitude,
    double Longitude,
    double RadiusKm,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<SearchHit> Results,
    int TotalResults,
    IReadOnlyList<ConstraintChip> Chips,
    IReadOnlyList<OnlineHit> OnlineResults,
    int TotalOnlineResults);

/// <summary>A follow-up query (<c>POST …/session/{id}/query</c> or <c>/refine</c>): 1–500 characters.</summary>
public sealed record FollowUpRequest(string? Query);

/// <summary>
/// The answer to a follow-up (spec/search.md §2.2) plus the session's location, expiry, chips and fresh
/// results, like <see cref="SessionState"/>.
/// </summary>
public sealed record FollowUpResponse(
    string SessionId,
    bool IsRefinement,
    string ClassificationExplanation,
    SearchConstraints ActiveConstraints,
    SearchConstraints NewConstraints,
    string BaseQuery,
    string Query,
    IReadOnlyList<string> SearchHistory,
    IReadOnlyList<ConstraintChip> Chips,
    bool IsExpired,
    double Latitude,
    double Longitude,
    double RadiusKm,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<SearchHit> Results,
    int TotalResults,
    IReadOnlyList<OnlineHit> OnlineResults,
    int TotalOnlineResults);

/// <summary>A row of <c>search.sessions</c>.</summary>
sealed class SessionRow
{
    public string Id { get; set; } = "";
    public string BaseQuery { get; set; } = "";
    public string SearchText { get; set; } = "";
    public string? Gtin { get; set; }
    public string ActiveConstraints { get; set; } = "{}";
    public string[] SearchHistory { get; set; } = [];
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public double RadiusKm { get; set; }
    /// <summary>The user of the key that opened the session (csu keys); null for anonymous and organization keys.</summary>
    public Guid? UserId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public ParsedQuery Query => new(SearchText, Gtin, SearchConstraints.FromJson(ActiveConstraints));

    public SessionState ToState(LocalResults results) => new(Id, BaseQuery, Query.Constraints, SearchHistory, false,
        Latitude, Longitude, RadiusKm, ExpiresAt, results.Hits, results.Total, ConstraintChips.Of(Query.Constraints),
        results.OnlineHits, results.OnlineTotal);
}
