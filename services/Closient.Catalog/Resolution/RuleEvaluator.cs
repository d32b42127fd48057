namespace Closient.Catalog.Resolution;

/// <summary>
/// Picks the destination of one resolution (spec/resolver.md §2): walks the candidates in evaluation order
/// (scope SERIAL → BATCH → PRODUCT → BRAND → ORGANIZATION, then order_index) and takes the first enabled rule
/// whose scope fits the request and whose present criteria all hold. Pure: no I/O, no clock (the context
/// carries "now"), no allocation beyond one sorted copy of the candidates.
/// Dead custom URLs (<paramref name="isDead"/>): SKIP_RULE falls through to the next match, FALLBACK_TO_HOSTED
/// answers the hosted page. Nothing matching ⇒ the hosted page (<see cref="RuleDecision.HostedPage"/>).
/// </summary>
public static class RuleEvaluator
{
    public static RuleDecision Evaluate(IEnumerable<ResolutionRule> candidates, RuleContext context, Func<string, bool> isDead)
    {
        // Candidates normally arrive sorted (ResolutionRuleStore); sorting again is cheap and makes order a guarantee.
        var ordered = candidates.ToArray();
        Array.Sort(ordered, ResolutionRule.EvaluationOrder);
        foreach (var rule in ordered)
        {
            if (!rule.Enabled || !InScope(rule, context) || !Matches(rule, context)) continue;
            if (rule.Destination == RuleDestination.HostedPage)
                return new RuleDecision(RuleDestination.HostedPage, null, rule, DecisionReason.Matched);
            if (rule.CustomUrl is not { } url) continue; // impossible by the table's CHECK; never redirect to nothing
            if (!isDead(url)) return new RuleDecision(RuleDestination.CustomUrl, url, rule, DecisionReason.Matched);
            if (rule.OnCustomUrlDead == DeadUrlPolicy.FallbackToHosted)
                return new RuleDecision(RuleDestination.HostedPage, null, rule, DecisionReason.DeadUrlFallback);
        }
        return RuleDecision.HostedPage;
    }

    /// <summary>Whether the rule's scope covers the request (its organization, GTIN, lot, serial or brand).</summary>
    public static bool InScope(ResolutionRule rule, RuleContext context)
    {
        if (rule.OrganizationId != context.OrganizationId) return false;
        var id = rule.ScopeId;
        return rule.Scope switch
        {
            RuleScope.Organization => true,
            RuleScope.Brand => context.BrandId is { } brand && id == Closient.ServiceDefaults.Http.ShortId.Encode(brand),
            RuleScope.Product => id == context.Gtin,
            RuleScope.Batch => context.Lot is { } lot && IsKey(id, context.Gtin, ScopeIds.LotSeparator, lot),
            RuleScope.Serial => context.Serial is { } serial && IsKey(id, context.Gtin, ScopeIds.SerialSeparator, serial),
            _ => false,
        };
    }

    /// <summary>Whether every present criterion of the rule holds for the request (scope and enabled aside).</summary>
    public static bool Matches(ResolutionRule rule, RuleContext context)
    {
        var now = context.Now;
        if (rule.AbsoluteStartAt is { } start && now < start) return false;
        if (rule.AbsoluteEndAt is { } end && now >= end) return false;
        // A rule with a link type answers only requests that ask for exactly that type; a request without
        // linkType is matched only by rules without one (README "Resolution rules").
        if (rule.LinkType is { } linkType && !string.Equals(linkType, context.LinkType, StringComparison.Ordinal)) return false;
        if (rule.Countries.Count > 0 && (context.Country is not { } country || !rule.Countries.Contains(country))) return false;
        if (rule.Regions.Count > 0 && (context.Region is not { } region || !rule.Regions.Contains(region))) return false;
        if (rule.Cities.Count > 0 && (context.City is not { } city || !rule.Cities.Contains(city))) return false;

        if (rule.AnnualStart is null && rule.DaysOfWeekMask == 0 && rule.TimeOfDayStart is null) return true;
        var local = rule.TimeZone is { } zone ? TimeZoneInfo.ConvertTime(now, zone) : now.ToUniversalTime();
        if (rule.AnnualStart is { } from && rule.AnnualEnd is { } to && !InAnnualWindow(new MonthDay(local.Month, local.Day), from, to)) return false;
        if (rule.DaysOfWeekMask != 0 && (rule.DaysOfWeekMask & (1 << DayIndex(local.DayOfWeek))) == 0) return false;
        if (rule.TimeOfDayStart is { } open && rule.TimeOfDayEnd is { } close && !InTimeWindow(TimeOnly.FromTimeSpan(local.TimeOfDay), open, close)) return false;
        return true;
    }

    /// <summary>Inclusive on both days; a start after the end wraps the year end (11-01 → 02-28).</summary>
    public static bool InAnnualWindow(MonthDay day, MonthDay start, MonthDay end) =>
        start <= end ? day >= start && day <= end : day >= start || day <= end;

    /// <summary>Start inclusive, end exclusive; a start after the end wraps midnight (22:00 → 06:00).</summary>
    public static bool InTimeWindow(TimeOnly time, TimeOnly start, TimeOnly end) =>
        start < end ? time >= start && time < end : time >= start || time < end;

    /// <summary>0 = Monday … 6 = Sunday (ISO 8601 order, Python's <c>weekday()</c>).</summary>
    public static int DayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    static bool IsKey(string? id, string gtin, string separator, string value) =>
        id is not null && id.Length == gtin.Length + separator.Length + value.Length
        && id.StartsWith(gtin, StringComparison.Ordinal)
        && string.CompareOrdinal(id, gtin.Length, separator, 0, separator.Length) == 0
        && id.EndsWith(value, StringComparison.Ordinal);
}
