namespace Closient.Catalog.Resolution;

/// <summary>Rule scopes in evaluation priority: most specific first (spec/resolver.md §2).</summary>
public enum RuleScope { Serial = 1, Batch = 2, Product = 3, Brand = 4, Organization = 5 }

/// <summary>Where a rule sends the scanner.</summary>
public enum RuleDestination { HostedPage, CustomUrl }

/// <summary>What a rule does when the URL-health monitor has marked its custom URL dead.</summary>
public enum DeadUrlPolicy { SkipRule, FallbackToHosted }

/// <summary>A calendar day of a year ("MM-DD"), compared as (month, day); 02-29 exists.</summary>
public readonly record struct MonthDay(int Month, int Day) : IComparable<MonthDay>
{
    public int CompareTo(MonthDay other) => Month != other.Month ? Month.CompareTo(other.Month) : Day.CompareTo(other.Day);

    public static bool operator <=(MonthDay a, MonthDay b) => a.CompareTo(b) <= 0;
    public static bool operator >=(MonthDay a, MonthDay b) => a.CompareTo(b) >= 0;
    public static bool operator <(MonthDay a, MonthDay b) => a.CompareTo(b) < 0;
    public static bool operator >(MonthDay a, MonthDay b) => a.CompareTo(b) > 0;

    public override string ToString() => $"{Month:00}-{Day:00}";
}

/// <summary>
/// One resolution rule as the evaluator sees it: parsed once (time zone resolved, lists as sets), so
/// evaluation does no parsing and no I/O. Empty sets and null bounds are absent criteria (match everything).
/// </summary>
public sealed record ResolutionRule
{
    public required Guid Id { get; init; }
    public required Guid OrganizationId { get; init; }
    public required RuleScope Scope { get; init; }
    /// <summary>Canonical scope id: GTIN-14, "GTIN-14/10/lot", "GTIN-14/21/serial", brand shortuuid, or null for the organization.</summary>
    public string? ScopeId { get; init; }
    public int OrderIndex { get; init; }
    public bool Enabled { get; init; } = true;
    public RuleDestination Destination { get; init; }
    public string? CustomUrl { get; init; }
    public DeadUrlPolicy OnCustomUrlDead { get; init; }
    /// <summary>Inclusive start of the absolute window (UTC instant).</summary>
    public DateTimeOffset? AbsoluteStartAt { get; init; }
    /// <summary>Exclusive end of the absolute window (UTC instant).</summary>
    public DateTimeOffset? AbsoluteEndAt { get; init; }
    /// <summary>Both or neither; inclusive days in the rule's time zone; start after end wraps the year end.</summary>
    public MonthDay? AnnualStart { get; init; }
    public MonthDay? AnnualEnd { get; init; }
    /// <summary>Bit d set = day d allowed, with 0 = Monday … 6 = Sunday; 0 = every day.</summary>
    public byte DaysOfWeekMask { get; init; }
    /// <summary>Both or neither; start inclusive, end exclusive, local time in <see cref="TimeZone"/>; start after end wraps midnight.</summary>
    public TimeOnly? TimeOfDayStart { get; init; }
    public TimeOnly? TimeOfDayEnd { get; init; }
    /// <summary>The zone of the annual window, days of week and time of day; null = UTC.</summary>
    public TimeZoneInfo? TimeZone { get; init; }
    /// <summary>Canonical link type (<c>gs1:pip</c>, <c>describedby</c>); null = any request.</summary>
    public string? LinkType { get; init; }
    public IReadOnlySet<string> Countries { get; init; } = EmptySet;
    public IReadOnlySet<string> Regions { get; init; } = EmptySet;
    /// <summary>Compared case-insensitively (ordinal).</summary>
    public IReadOnlySet<string> Cities { get; init; } = EmptySet;

    static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    /// <summary>Evaluation order: scope priority, then scope id, then order_index (unique within a bucket).</summary>
    public static readonly IComparer<ResolutionRule> EvaluationOrder = Comparer<ResolutionRule>.Create((a, b) =>
    {
        var c = a.Scope.CompareTo(b.Scope);
        if (c == 0) c = string.CompareOrdinal(a.ScopeId, b.ScopeId);
        if (c == 0) c = a.OrderIndex.CompareTo(b.OrderIndex);
        return c != 0 ? c : a.Id.CompareTo(b.Id);
    });
}
