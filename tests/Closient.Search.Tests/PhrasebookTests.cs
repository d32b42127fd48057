using System.Globalization;
using Closient.Search.Constraints;
using Closient.ServiceDefaults.Http;

namespace Closient.Search.Tests;

/// <summary>
/// The parser and the refine/reset classifier against their phrasebooks (Phrasebook/*.tsv): one row per
/// phrasing, with the keyword text and constraints expected.
/// </summary>
public sealed class PhrasebookTests
{
    public static TheoryData<string, string, string> Phrases() => Rows("phrases.tsv", 3, r => (r[0], r[1], r[2]));

    public static TheoryData<string, string, string, string, string, string> FollowUps()
    {
        var data = new TheoryData<string, string, string, string, string, string>();
        foreach (var r in Read("followups.tsv", 6)) data.Add(r[0], r[1], r[2], r[3], r[4], r[5]);
        return data;
    }

    [Fact]
    public void The_phrasebooks_hold_at_least_100_phrasings()
    {
        Assert.True(Read("phrases.tsv", 3).Count >= 100);
        Assert.True(Read("phrases.tsv", 3).Count + Read("followups.tsv", 6).Count >= 130);
    }

    [Theory]
    [MemberData(nameof(Phrases))]
    public void A_phrase_becomes_its_constraints_and_leaves_its_keywords(string phrase, string text, string constraints)
    {
        var validation = new Validation();

        var parsed = QueryParser.Parse(phrase, validation, "query");

        Assert.True(validation.IsValid);
        Assert.Equal(Dash(text), parsed.Text);
        Assert.Equal(constraints, Render(parsed.Constraints, parsed.Cheaper, parsed.Closer));
    }

    [Theory]
    [MemberData(nameof(FollowUps))]
    public void A_follow_up_refines_or_resets_the_session(string baseQuery, string cheapest, string followUp, string kind,
        string constraints, string text)
    {
        var opened = QueryParser.Parse(baseQuery, new Validation(), "query");
        var session = new SessionSearch(baseQuery, opened.Text, opened.Gtin, opened.Constraints, 10);
        var parsed = QueryParser.Parse(followUp, new Validation(), "query");
        decimal? shown = cheapest == "-" ? null : decimal.Parse(cheapest, CultureInfo.InvariantCulture);

        var outcome = FollowUpClassifier.Apply(session, followUp, parsed, shown);

        Assert.Equal(kind, outcome.IsRefinement ? "refine" : "reset");
        Assert.Equal(constraints, Render(outcome.Next.Active, false, false));
        Assert.Equal(text, outcome.Next.Gtin is { } gtin ? "gtin:" + gtin : outcome.Next.SearchText);
        Assert.Equal(kind == "reset" && Dash(text) != opened.Text ? followUp : baseQuery, outcome.Next.BaseQuery);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Explanation));
    }

    [Fact]
    public void The_explanation_names_what_a_refinement_adds()
    {
        var session = new SessionSearch("running shoes under $100", "running shoes", null, new SearchConstraints { PriceMax = 100 }, 10);
        var parsed = QueryParser.Parse("but cheaper in red", new Validation(), "query");

        var outcome = FollowUpClassifier.Apply(session, "but cheaper in red", parsed, null);

        Assert.Equal("Adding 'in red' and 'under $80' to your search", outcome.Explanation);
        Assert.Equal(new SearchConstraints { Color = "red", PriceMax = 80 }, outcome.NewConstraints);
    }

    [Fact]
    public void The_explanation_of_a_reset_names_the_new_search()
    {
        var session = new SessionSearch("running shoes", "running shoes", null, new SearchConstraints(), 10);
        var parsed = QueryParser.Parse("instead show me laptops under $500", new Validation(), "query");

        var outcome = FollowUpClassifier.Apply(session, "instead show me laptops under $500", parsed, null);

        Assert.Equal("Starting a new search for 'laptops' with 'under $500'", outcome.Explanation);
    }

    [Fact]
    public void Chips_label_every_active_constraint()
    {
        var chips = ConstraintChips.Of(new SearchConstraints
        {
            Color = "red", PriceMin = 10, PriceMax = 12.5m, DistanceKm = 3.22, Availability = "in_stock", Scope = "online",
            ExcludeAllergens = ["peanuts", "tree-nuts"], RequireCertifications = ["fair-trade"], AvoidSubstances = ["palm-oil"],
        });

        Assert.Equal(["in red", "over $10", "under $12.50", "within 3.22 km", "in stock", "online", "no peanuts", "no tree nuts", "fair trade", "no palm oil"],
            chips.Select(c => c.Label));
        Assert.Equal(["color", "price_min", "price_max", "distance_km", "availability", "scope", "exclude_allergens", "exclude_allergens",
            "require_certifications", "avoid_substances"], chips.Select(c => c.Key));
    }

    [Fact]
    public void Trait_lists_round_trip_through_storage_and_merge_as_unions()
    {
        var a = new SearchConstraints { ExcludeAllergens = ["milk"], Color = "red" };
        var b = new SearchConstraints { ExcludeAllergens = ["peanuts", "milk"], Color = "blue" };

        var merged = a.Merge(b);

        Assert.Equal(["milk", "peanuts"], merged.ExcludeAllergens);
        Assert.Equal("blue", merged.Color);
        Assert.Equal(merged, SearchConstraints.FromJson(merged.ToJson()));
        Assert.Equal("""{"color":"blue","exclude_allergens":["milk","peanuts"]}""", merged.ToJson());
        Assert.True(merged.Without("exclude_allergens").Without("color").IsEmpty);
    }

    static string Dash(string s) => s == "-" ? "" : s;

    static string Render(SearchConstraints c, bool cheaper, bool closer)
    {
        string N(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
        var parts = new List<string>();
        if (c.Color is { } color) parts.Add("color=" + color);
        if (c.PriceMin is { } min) parts.Add("price_min=" + N(min));
        if (c.PriceMax is { } max) parts.Add("price_max=" + N(max));
        if (c.DistanceKm is { } km) parts.Add("distance_km=" + km.ToString(CultureInfo.InvariantCulture));
        if (c.Availability is { } a) parts.Add("availability=" + a);
        if (c.Scope is { } s) parts.Add("scope=" + s);
        if (c.ExcludeAllergens is { } e) parts.Add("exclude_allergens=" + string.Join(',', e));
        if (c.RequireCertifications is { } r) parts.Add("require_certifications=" + string.Join(',', r));
        if (c.AvoidSubstances is { } v) parts.Add("avoid_substances=" + string.Join(',', v));
        if (cheaper) parts.Add("cheaper");
        if (closer) parts.Add("closer");
        return parts.Count == 0 ? "-" : string.Join("; ", parts);
    }

    static TheoryData<string, string, string> Rows(string file, int columns, Func<string[], (string, string, string)> map)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in Read(file, columns))
        {
            var (a, b, c) = map(row);
            data.Add(a, b, c);
        }
        return data;
    }

    static List<string[]> Read(string file, int columns)
    {
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Phrasebook", file))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        var bad = rows.FirstOrDefault(r => r.Length != columns);
        Assert.True(bad is null, $"{file}: a row without {columns} columns: {string.Join(" | ", bad ?? [])}");
        return rows;
    }
}
