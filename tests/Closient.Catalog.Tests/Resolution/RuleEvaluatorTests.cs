using Closient.Catalog.Resolution;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Resolution;

/// <summary>The evaluator alone: fixed instants, no database.</summary>
public sealed class RuleEvaluatorTests
{
    static readonly Guid Org = Guid.CreateVersion7();
    static readonly Guid BrandId = Guid.CreateVersion7();
    const string Gtin = "09521101530018";
    static readonly Func<string, bool> NothingDead = _ => false;

    // Wednesday 2026-06-10 12:00 UTC.
    static readonly DateTimeOffset Noon = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);

    static RuleContext Request(DateTimeOffset? now = null, string? lot = null, string? serial = null, Guid? brand = null,
        string? linkType = null, string? country = null, string? region = null, string? city = null) =>
        new(Org, Gtin, lot, serial, brand ?? BrandId, now ?? Noon, linkType, country, region, city);

    static ResolutionRule Rule(RuleScope scope = RuleScope.Organization, string? scopeId = null, int order = 0, string? url = null) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganizationId = Org,
        Scope = scope,
        ScopeId = scopeId,
        OrderIndex = order,
        Destination = url is null ? RuleDestination.HostedPage : RuleDestination.CustomUrl,
        CustomUrl = url,
    };

    static RuleDecision Decide(RuleContext context, params ResolutionRule[] rules) => RuleEvaluator.Evaluate(rules, context, NothingDead);

    static TimeZoneInfo Zone(string id) => TimeZones.TryFind(id, out var zone) ? zone : throw new InvalidOperationException(id);

    [Fact]
    public void No_rules_means_the_hosted_page()
    {
        var decision = Decide(Request());

        Assert.Equal(RuleDecision.HostedPage, decision);
        Assert.Equal(DecisionReason.NoMatch, decision.Reason);
    }

    [Fact]
    public void A_matching_custom_url_rule_redirects_there()
    {
        var rule = Rule(url: "https://example.com/a");

        var decision = Decide(Request(), rule);

        Assert.Equal(new RuleDecision(RuleDestination.CustomUrl, "https://example.com/a", rule, DecisionReason.Matched), decision);
    }

    [Fact]
    public void The_most_specific_scope_wins_whatever_the_input_order()
    {
        var org = Rule(RuleScope.Organization, url: "https://o.example");
        var brand = Rule(RuleScope.Brand, ShortId.Encode(BrandId), url: "https://b.example");
        var product = Rule(RuleScope.Product, Gtin, url: "https://p.example");
        var batch = Rule(RuleScope.Batch, ScopeIds.Batch(Gtin, "L1"), url: "https://l.example");
        var serial = Rule(RuleScope.Serial, ScopeIds.Serial(Gtin, "S1"), url: "https://s.example");
        ResolutionRule[] all = [org, brand, product, batch, serial];

        Assert.Equal(serial, Decide(Request(lot: "L1", serial: "S1"), all).Rule);
        Assert.Equal(batch, Decide(Request(lot: "L1", serial: "S2"), all).Rule);
        Assert.Equal(product, Decide(Request(lot: "L2"), all).Rule);
        Assert.Equal(brand, Decide(Request() with { Gtin = "00000000000017" }, all).Rule);
        Assert.Equal(org, Decide(Request(brand: Guid.CreateVersion7()) with { Gtin = "00000000000017" }, all).Rule);
    }

    [Fact]
    public void Within_a_bucket_the_lowest_order_index_wins()
    {
        var second = Rule(order: 5, url: "https://second.example");
        var first = Rule(order: 2, url: "https://first.example");

        Assert.Equal(first, Decide(Request(), second, first).Rule);
    }

    [Fact]
    public void Disabled_rules_are_skipped()
    {
        var disabled = Rule(order: 0, url: "https://off.example") with { Enabled = false };
        var enabled = Rule(order: 1, url: "https://on.example");

        Assert.Equal(enabled, Decide(Request(), disabled, enabled).Rule);
    }

    [Fact]
    public void Rules_of_another_organization_or_another_gtin_never_apply()
    {
        var foreign = Rule(url: "https://foreign.example") with { OrganizationId = Guid.CreateVersion7() };
        var otherGtin = Rule(RuleScope.Product, "00000000000017", url: "https://other.example");
        var otherLot = Rule(RuleScope.Batch, ScopeIds.Batch(Gtin, "L9"), url: "https://lot.example");

        Assert.Equal(DecisionReason.NoMatch, Decide(Request(lot: "L1"), foreign, otherGtin, otherLot).Reason);
    }

    [Fact]
    public void A_batch_rule_needs_the_request_to_name_its_lot_exactly()
    {
        var batch = Rule(RuleScope.Batch, ScopeIds.Batch(Gtin, "A/1"), url: "https://lot.example");

        Assert.Equal(batch, Decide(Request(lot: "A/1"), batch).Rule);
        Assert.Null(Decide(Request(lot: "a/1"), batch).Rule);
        Assert.Null(Decide(Request(), batch).Rule);
        Assert.Null(Decide(Request(serial: "A/1"), batch).Rule);
    }

    [Fact]
    public void A_dead_url_with_SKIP_RULE_falls_through_to_the_next_match()
    {
        var dead = Rule(order: 0, url: "https://dead.example") with { OnCustomUrlDead = DeadUrlPolicy.SkipRule };
        var next = Rule(order: 1, url: "https://next.example");

        var decision = RuleEvaluator.Evaluate([dead, next], Request(), url => url == "https://dead.example");

        Assert.Equal(new RuleDecision(RuleDestination.CustomUrl, "https://next.example", next, DecisionReason.Matched), decision);
    }

    [Fact]
    public void A_dead_url_with_SKIP_RULE_and_nothing_after_it_is_the_hosted_page()
    {
        var dead = Rule(url: "https://dead.example");

        var decision = RuleEvaluator.Evaluate([dead], Request(), _ => true);

        Assert.Equal(RuleDecision.HostedPage, decision);
    }

    [Fact]
    public void A_dead_url_with_FALLBACK_TO_HOSTED_answers_the_hosted_page_and_stops()
    {
        var dead = Rule(order: 0, url: "https://dead.example") with { OnCustomUrlDead = DeadUrlPolicy.FallbackToHosted };
        var next = Rule(order: 1, url: "https://next.example");

        var decision = RuleEvaluator.Evaluate([dead, next], Request(), url => url == "https://dead.example");

        Assert.Equal(new RuleDecision(RuleDestination.HostedPage, null, dead, DecisionReason.DeadUrlFallback), decision);
    }

    [Fact]
    public void A_live_url_is_followed_whatever_its_dead_policy()
    {
        var rule = Rule(url: "https://live.example") with { OnCustomUrlDead = DeadUrlPolicy.FallbackToHosted };

        Assert.Equal("https://live.example", RuleEvaluator.Evaluate([rule], Request(), url => url != "https://live.example").Url);
    }

    [Fact]
    public void A_hosted_page_rule_wins_over_later_custom_urls()
    {
        var hosted = Rule(order: 0);
        var custom = Rule(order: 1, url: "https://c.example");

        Assert.Equal(new RuleDecision(RuleDestination.HostedPage, null, hosted, DecisionReason.Matched), Decide(Request(), hosted, custom));
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", true)]   // start is inclusive
    [InlineData("2025-12-31T23:59:59Z", false)]
    [InlineData("2026-12-31T23:59:59Z", true)]
    [InlineData("2027-01-01T00:00:00Z", false)]  // end is exclusive
    public void The_absolute_window_is_start_inclusive_and_end_exclusive(string now, bool matches)
    {
        var rule = Rule() with { AbsoluteStartAt = DateTimeOffset.Parse("2026-01-01T00:00:00Z"), AbsoluteEndAt = DateTimeOffset.Parse("2027-01-01T00:00:00Z") };

        Assert.Equal(matches, RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse(now))));
    }

    [Fact]
    public void An_open_ended_absolute_window_has_only_one_bound()
    {
        var from = Rule() with { AbsoluteStartAt = Noon };
        var until = Rule() with { AbsoluteEndAt = Noon };

        Assert.True(RuleEvaluator.Matches(from, Request(Noon.AddYears(50))));
        Assert.False(RuleEvaluator.Matches(from, Request(Noon.AddTicks(-1))));
        Assert.True(RuleEvaluator.Matches(until, Request(Noon.AddYears(-50))));
        Assert.False(RuleEvaluator.Matches(until, Request(Noon)));
    }

    [Theory]
    [InlineData("2026-10-31", false)]
    [InlineData("2026-11-01", true)]
    [InlineData("2026-12-31", true)]
    [InlineData("2027-01-01", true)]
    [InlineData("2027-02-28", true)]
    [InlineData("2027-03-01", false)]
    [InlineData("2026-06-10", false)]
    public void An_annual_window_wraps_the_year_end(string day, bool matches)
    {
        var rule = Rule() with { AnnualStart = new MonthDay(11, 1), AnnualEnd = new MonthDay(2, 28) };

        Assert.Equal(matches, RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse(day + "T12:00:00Z"))));
    }

    [Theory]
    [InlineData("2028-02-29", true)]   // a leap day lies after 02-28: inside a window 11-01 → 02-29
    [InlineData("2027-02-28", true)]   // in other years the window ends on 02-28
    [InlineData("2027-03-01", false)]
    public void An_annual_window_ending_on_february_29_ends_on_february_28_in_other_years(string day, bool matches)
    {
        var rule = Rule() with { AnnualStart = new MonthDay(11, 1), AnnualEnd = new MonthDay(2, 29) };

        Assert.Equal(matches, RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse(day + "T12:00:00Z"))));
    }

    [Theory]
    [InlineData("2028-02-29", true)]
    [InlineData("2027-02-28", false)]
    [InlineData("2027-03-01", false)]
    public void A_one_day_window_on_february_29_matches_only_in_leap_years(string day, bool matches)
    {
        var rule = Rule() with { AnnualStart = new MonthDay(2, 29), AnnualEnd = new MonthDay(2, 29) };

        Assert.Equal(matches, RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse(day + "T12:00:00Z"))));
    }

    [Fact]
    public void A_window_starting_on_february_29_starts_on_march_1_in_other_years()
    {
        var rule = Rule() with { AnnualStart = new MonthDay(2, 29), AnnualEnd = new MonthDay(3, 31) };

        Assert.False(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2027-02-28T12:00:00Z"))));
        Assert.True(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2027-03-01T12:00:00Z"))));
    }

    [Fact]
    public void The_annual_window_is_judged_on_the_local_date_of_the_rules_time_zone()
    {
        // 2026-12-31 23:30 UTC is already 2027-01-01 in Berlin.
        var rule = Rule() with { AnnualStart = new MonthDay(1, 1), AnnualEnd = new MonthDay(1, 31), TimeZone = Zone("Europe/Berlin") };

        Assert.True(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2026-12-31T23:30:00Z"))));
        Assert.False(RuleEvaluator.Matches(rule with { TimeZone = null }, Request(DateTimeOffset.Parse("2026-12-31T23:30:00Z"))));
    }

    [Theory]
    [InlineData("2026-06-08", 0)] // Monday
    [InlineData("2026-06-10", 2)] // Wednesday
    [InlineData("2026-06-14", 6)] // Sunday
    public void Days_of_week_count_from_monday_as_0_to_sunday_as_6(string day, int index)
    {
        var rule = Rule() with { DaysOfWeekMask = (byte)(1 << index) };
        var now = DateTimeOffset.Parse(day + "T12:00:00Z");

        Assert.True(RuleEvaluator.Matches(rule, Request(now)));
        Assert.False(RuleEvaluator.Matches(rule, Request(now.AddDays(1))));
    }

    [Fact]
    public void Days_of_week_use_the_local_day_of_the_rules_time_zone()
    {
        // Monday 2026-06-08 02:00 UTC is still Sunday evening in New York.
        var sundays = Rule() with { DaysOfWeekMask = 1 << 6, TimeZone = Zone("America/New_York") };

        Assert.True(RuleEvaluator.Matches(sundays, Request(DateTimeOffset.Parse("2026-06-08T02:00:00Z"))));
        Assert.False(RuleEvaluator.Matches(sundays with { TimeZone = null }, Request(DateTimeOffset.Parse("2026-06-08T02:00:00Z"))));
    }

    [Theory]
    [InlineData("07:59:59", false)]
    [InlineData("08:00:00", true)]   // start inclusive (local 09:00 - 1 h in winter Berlin = 08:00 UTC)
    [InlineData("15:59:59", true)]
    [InlineData("16:00:00", false)]  // end exclusive
    public void Time_of_day_is_local_to_the_rules_time_zone(string utc, bool matches)
    {
        var rule = Rule() with { TimeOfDayStart = new TimeOnly(9, 0), TimeOfDayEnd = new TimeOnly(17, 0), TimeZone = Zone("Europe/Berlin") };

        Assert.Equal(matches, RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse($"2026-01-15T{utc}Z"))));
    }

    [Theory]
    [InlineData("21:59", false)]
    [InlineData("22:00", true)]
    [InlineData("23:59", true)]
    [InlineData("00:00", true)]
    [InlineData("05:59", true)]
    [InlineData("06:00", false)]
    [InlineData("12:00", false)]
    public void A_time_window_past_midnight_wraps(string utc, bool matches)
    {
        var rule = Rule() with { TimeOfDayStart = new TimeOnly(22, 0), TimeOfDayEnd = new TimeOnly(6, 0) };

        Assert.Equal(matches, RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse($"2026-06-10T{utc}:00Z"))));
    }

    [Fact]
    public void On_the_spring_forward_day_the_window_follows_the_new_offset()
    {
        // Berlin moves from +01:00 to +02:00 on 2026-03-29 at 02:00 local (01:00 UTC).
        var rule = Rule() with { TimeOfDayStart = new TimeOnly(9, 0), TimeOfDayEnd = new TimeOnly(17, 0), TimeZone = Zone("Europe/Berlin") };

        Assert.False(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2026-03-28T07:30:00Z")))); // 08:30 local, the day before
        Assert.True(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2026-03-29T07:30:00Z"))));  // 09:30 local after the change
        Assert.False(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2026-03-29T15:00:00Z")))); // 17:00 local
    }

    [Fact]
    public void A_window_inside_the_skipped_spring_hour_matches_only_its_existing_part()
    {
        // 02:00–03:00 local does not exist on 2026-03-29 in Berlin; 02:30–03:30 matches only 03:00–03:30 local (01:00–01:30 UTC).
        var rule = Rule() with { TimeOfDayStart = new TimeOnly(2, 30), TimeOfDayEnd = new TimeOnly(3, 30), TimeZone = Zone("Europe/Berlin") };

        Assert.False(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2026-03-29T00:59:00Z")))); // 01:59 local
        Assert.True(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2026-03-29T01:15:00Z"))));  // 03:15 local
        Assert.False(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2026-03-29T01:30:00Z")))); // 03:30 local
    }

    [Fact]
    public void The_repeated_autumn_hour_matches_both_times()
    {
        // Berlin goes back from 03:00 to 02:00 on 2026-10-25: 02:15 local happens at 00:15 and 01:15 UTC.
        var rule = Rule() with { TimeOfDayStart = new TimeOnly(2, 0), TimeOfDayEnd = new TimeOnly(2, 30), TimeZone = Zone("Europe/Berlin") };

        Assert.True(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2026-10-25T00:15:00Z"))));
        Assert.True(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2026-10-25T01:15:00Z"))));
        Assert.False(RuleEvaluator.Matches(rule, Request(DateTimeOffset.Parse("2026-10-25T01:45:00Z"))));
    }

    [Fact]
    public void A_link_type_rule_answers_only_requests_for_that_link_type()
    {
        var rule = Rule() with { LinkType = "gs1:pip" };

        Assert.True(RuleEvaluator.Matches(rule, Request(linkType: "gs1:pip")));
        Assert.False(RuleEvaluator.Matches(rule, Request(linkType: "gs1:recallStatus")));
        Assert.False(RuleEvaluator.Matches(rule, Request(linkType: null)));
        Assert.False(RuleEvaluator.Matches(rule, Request(linkType: "gs1:PIP")));
        Assert.True(RuleEvaluator.Matches(Rule(), Request(linkType: "gs1:recallStatus")));
    }

    [Fact]
    public void Geography_needs_a_listed_value_and_an_unknown_location_does_not_match()
    {
        var rule = Rule() with
        {
            Countries = new HashSet<string>(["US", "CA"], StringComparer.OrdinalIgnoreCase),
            Regions = new HashSet<string>(["US-TX", "CA-ON"], StringComparer.OrdinalIgnoreCase),
            Cities = new HashSet<string>(["Austin"], StringComparer.OrdinalIgnoreCase),
        };

        Assert.True(RuleEvaluator.Matches(rule, Request(country: "US", region: "US-TX", city: "austin")));
        Assert.True(RuleEvaluator.Matches(rule, Request(country: "us", region: "us-tx", city: "AUSTIN")));
        Assert.False(RuleEvaluator.Matches(rule, Request(country: "DE", region: "US-TX", city: "Austin")));
        Assert.False(RuleEvaluator.Matches(rule, Request(country: "US", region: "US-CA", city: "Austin")));
        Assert.False(RuleEvaluator.Matches(rule, Request(country: "US", region: "US-TX", city: "Dallas")));
        Assert.False(RuleEvaluator.Matches(rule, Request(country: "US", region: "US-TX")));
        Assert.False(RuleEvaluator.Matches(rule, Request()));
    }

    [Fact]
    public void All_present_criteria_must_hold_together()
    {
        var rule = Rule(url: "https://b2b.example") with
        {
            TimeOfDayStart = new TimeOnly(9, 0), TimeOfDayEnd = new TimeOnly(17, 0), TimeZone = Zone("America/Chicago"),
            DaysOfWeekMask = 0b0011111, // Monday to Friday
            Countries = new HashSet<string>(["US"], StringComparer.OrdinalIgnoreCase),
        };
        var consumer = Rule(order: 1);
        var wednesday10am = DateTimeOffset.Parse("2026-06-10T15:00:00Z"); // 10:00 in Chicago (CDT)

        Assert.Equal(rule, Decide(Request(wednesday10am, country: "US"), rule, consumer).Rule);
        Assert.Equal(consumer, Decide(Request(wednesday10am, country: "MX"), rule, consumer).Rule);
        Assert.Equal(consumer, Decide(Request(wednesday10am.AddDays(3), country: "US"), rule, consumer).Rule); // Saturday
        Assert.Equal(consumer, Decide(Request(wednesday10am.AddHours(8), country: "US"), rule, consumer).Rule); // 18:00
    }
}
