using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Resolution;

/// <summary>
/// Body of <c>POST …/resolution-rules</c> (scope_type, order_index and destination_type required) and of
/// <c>PATCH /resolution-rules/{rule_id}</c> (everything optional). In a PATCH an omitted or null field is
/// unchanged, <c>""</c> clears an optional text criterion and <c>[]</c> clears a list criterion (README).
/// </summary>
public sealed record ResolutionRuleRequest
{
    public string? ScopeType { get; init; }
    public string? ScopeId { get; init; }
    public int? OrderIndex { get; init; }
    public bool? Enabled { get; init; }
    public string? DestinationType { get; init; }
    public string? CustomUrl { get; init; }
    public string? OnCustomUrlDead { get; init; }
    public string? AbsoluteStartAt { get; init; }
    public string? AbsoluteEndAt { get; init; }
    public string? AnnualStartMmdd { get; init; }
    public string? AnnualEndMmdd { get; init; }
    public int[]? DaysOfWeek { get; init; }
    public string? TimeOfDayStart { get; init; }
    public string? TimeOfDayEnd { get; init; }
    public string? Timezone { get; init; }
    public string? LinkType { get; init; }
    public string?[]? LocationCountries { get; init; }
    public string?[]? LocationRegions { get; init; }
    public string?[]? LocationCities { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>One entry of the reorder body: a rule and its new place in its bucket.</summary>
public sealed record ReorderItem
{
    public string? Id { get; init; }
    public int? OrderIndex { get; init; }
}

/// <summary>The resolution rule object (spec/resolver.md §2 "Rule object").</summary>
public sealed record ResolutionRuleOut(
    string Id,
    string ScopeType,
    int OrderIndex,
    bool Enabled,
    string DestinationType,
    string OnCustomUrlDead,
    DateTimeOffset Created,
    DateTimeOffset Modified,
    IReadOnlyDictionary<string, string> Metadata,
    string? ScopeId,
    string OrganizationId,
    string? ProductId,
    DateTimeOffset? AbsoluteStartAt,
    DateTimeOffset? AbsoluteEndAt,
    string? AnnualStartMmdd,
    string? AnnualEndMmdd,
    IReadOnlyList<int> DaysOfWeek,
    string? TimeOfDayStart,
    string? TimeOfDayEnd,
    string? Timezone,
    string? LinkType,
    IReadOnlyList<string> LocationCountries,
    IReadOnlyList<string> LocationRegions,
    IReadOnlyList<string> LocationCities,
    string? CustomUrl);

/// <summary>One row of <c>catalog.resolution_rules</c>; also the draft a create or PATCH builds before it is written.</summary>
public sealed record RuleRow
{
    /// <summary>The select list of every query and RETURNING clause (arrays and times as the types below).</summary>
    public const string Columns = """
        id, organization_id, scope_type, scope_id, product_id, order_index, enabled, destination_type, custom_url,
        on_custom_url_dead, absolute_start_at, absolute_end_at, annual_start_mmdd, annual_end_mmdd,
        days_of_week::int[] AS days_of_week, time_of_day_start::text AS time_of_day_start, time_of_day_end::text AS time_of_day_end,
        timezone, link_type, location_countries, location_regions, location_cities, metadata::text AS metadata, created_at, modified_at
        """;

    /// <summary>Evaluation order in SQL: scope priority (a generated column), bucket, place in the bucket.</summary>
    public const string EvaluationOrder = "scope_priority, scope_id COLLATE \"C\", order_index, id";

    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public string ScopeType { get; init; } = "";
    public string? ScopeId { get; init; }
    public Guid? ProductId { get; init; }
    public int OrderIndex { get; init; }
    public bool Enabled { get; init; } = true;
    public string DestinationType { get; init; } = "";
    public string? CustomUrl { get; init; }
    public string OnCustomUrlDead { get; init; } = RuleValues.SkipRule;
    public DateTimeOffset? AbsoluteStartAt { get; init; }
    public DateTimeOffset? AbsoluteEndAt { get; init; }
    public string? AnnualStartMmdd { get; init; }
    public string? AnnualEndMmdd { get; init; }
    public int[] DaysOfWeek { get; init; } = [];
    public string? TimeOfDayStart { get; init; }
    public string? TimeOfDayEnd { get; init; }
    public string? Timezone { get; init; }
    public string? LinkType { get; init; }
    public string[] LocationCountries { get; init; } = [];
    public string[] LocationRegions { get; init; } = [];
    public string[] LocationCities { get; init; } = [];
    public string Metadata { get; init; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ModifiedAt { get; init; }

    public ResolutionRuleOut ToOut() => new(
        ShortId.Encode(Id), ScopeType, OrderIndex, Enabled, DestinationType, OnCustomUrlDead, CreatedAt, ModifiedAt,
        ServiceDefaults.Http.Metadata.FromJson(Metadata), ScopeId, ShortId.Encode(OrganizationId),
        ProductId is { } product ? ShortId.Encode(product) : null,
        AbsoluteStartAt, AbsoluteEndAt, AnnualStartMmdd, AnnualEndMmdd, DaysOfWeek, TimeOfDayStart, TimeOfDayEnd, Timezone,
        LinkType, LocationCountries, LocationRegions, LocationCities, CustomUrl);

    public ResolutionRuleChanged ToChanged(string kind, DateTimeOffset at) =>
        new(OrganizationId, Id, ScopeType, ScopeId, kind, at);

    /// <summary>The evaluator's view of the row; stored values were validated on write, so parsing cannot fail here.</summary>
    public ResolutionRule ToRule() => new()
    {
        Id = Id,
        OrganizationId = OrganizationId,
        Scope = RuleValues.Scope(ScopeType),
        ScopeId = ScopeId,
        OrderIndex = OrderIndex,
        Enabled = Enabled,
        Destination = DestinationType == RuleValues.CustomUrl ? RuleDestination.CustomUrl : RuleDestination.HostedPage,
        CustomUrl = CustomUrl,
        OnCustomUrlDead = OnCustomUrlDead == RuleValues.FallbackToHosted ? DeadUrlPolicy.FallbackToHosted : DeadUrlPolicy.SkipRule,
        AbsoluteStartAt = AbsoluteStartAt,
        AbsoluteEndAt = AbsoluteEndAt,
        AnnualStart = RuleValues.ParseMonthDay(AnnualStartMmdd),
        AnnualEnd = RuleValues.ParseMonthDay(AnnualEndMmdd),
        DaysOfWeekMask = (byte)DaysOfWeek.Aggregate(0, (mask, d) => mask | 1 << d),
        TimeOfDayStart = TimeOfDayStart is null ? null : TimeOnly.Parse(TimeOfDayStart, System.Globalization.CultureInfo.InvariantCulture),
        TimeOfDayEnd = TimeOfDayEnd is null ? null : TimeOnly.Parse(TimeOfDayEnd, System.Globalization.CultureInfo.InvariantCulture),
        TimeZone = Timezone is not null && TimeZones.TryFind(Timezone, out var zone) ? zone : null,
        LinkType = LinkType,
        Countries = new HashSet<string>(LocationCountries, StringComparer.OrdinalIgnoreCase),
        Regions = new HashSet<string>(LocationRegions, StringComparer.OrdinalIgnoreCase),
        Cities = new HashSet<string>(LocationCities, StringComparer.OrdinalIgnoreCase),
    };
}
