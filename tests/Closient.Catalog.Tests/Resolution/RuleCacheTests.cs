using System.Diagnostics;
using System.Net;
using Closient.Catalog.Resolution;
using Closient.Catalog.Tests.Resolver;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Catalog.Tests.Resolution;

/// <summary>
/// The resolver's rule cache (<see cref="ResolutionRuleCache"/>): repeated scans do no rule query, this instance's own
/// changes show on the next scan, another instance's changes show once their <c>ResolutionRuleChanged</c> arrives, and
/// serial rules are looked up one serial at a time, so a GTIN with many of them resolves as fast as one without.
/// </summary>
public sealed class RuleCacheTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    ResolutionRuleStore Store => fx.Factory.Services.GetRequiredService<ResolutionRuleStore>();

    async Task<(string Gtin, Guid Org, HttpClient Owner, string RuleId)> ProductWithOrganizationRuleAsync(string url)
    {
        var (gtin, org) = await fx.CreateProductAsync();
        var owner = fx.ClientFor(org.ToString());
        var rule = await owner.CreateRuleAsync(ShortId.Encode(org), new { scope_type = "ORGANIZATION", order_index = 1, destination_type = "CUSTOM_URL", custom_url = url });
        return (gtin, org, owner, rule.Id);
    }

    /// <summary>
    /// Waits until the events of the organization's <paramref name="changes"/> rule writes have crossed the bus (and a
    /// little longer, for this instance's evictor), so they cannot invalidate the cache in the middle of a test.
    /// </summary>
    async Task SettledAsync(Guid org, int changes)
    {
        await Eventually.TrueAsync(() => Task.FromResult(fx.Bus.Seen<ResolutionRuleChanged>().Count(e => e.Message.OrganizationId == org) >= changes),
            TimeSpan.FromSeconds(15), "the rule events have been published");
        await Task.Delay(300);
    }

    async Task<string?> ScanAsync(string path) => (await fx.Scanner().GetAsync(path, "text/html")).Location();

    [Fact]
    public async Task Repeated_scans_are_served_from_memory_without_a_rule_query()
    {
        var (gtin, org, owner, _) = await ProductWithOrganizationRuleAsync("https://brand.example/all");
        await owner.CreateRuleAsync(ShortId.Encode(org), new { scope_type = "SERIAL", scope_id = $"{gtin}/21/S1", order_index = 1, destination_type = "CUSTOM_URL", custom_url = "https://brand.example/s1" });
        await owner.CreateRuleAsync(ShortId.Encode(org), new { scope_type = "BATCH", scope_id = $"{gtin}/10/L1", order_index = 1, destination_type = "CUSTOM_URL", custom_url = "https://brand.example/l1" });
        await SettledAsync(org, 3);
        string[] paths = [$"/01/{gtin}", $"/01/{gtin}/21/S1", $"/01/{gtin}/21/S2", $"/01/{gtin}/10/L1", $"/01/{gtin}/10/L1/21/S1"];
        var before = Store.Queries;
        foreach (var path in paths) await ScanAsync(path);
        var cold = Store.Queries - before;

        var warm = Store.Queries;
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("https://brand.example/all", await ScanAsync(paths[0]));
            Assert.Equal("https://brand.example/s1", await ScanAsync(paths[1]));
            Assert.Equal("https://brand.example/all", await ScanAsync(paths[2]));
            Assert.Equal("https://brand.example/l1", await ScanAsync(paths[3]));
            Assert.Equal("https://brand.example/s1", await ScanAsync(paths[4]));
        }

        Assert.Equal(4, cold); // the GTIN's entry, serials S1 and S2, lot L1; /10/L1/21/S1 reuses all three
        Assert.Equal(warm, Store.Queries);
    }

    [Fact]
    public async Task A_change_through_the_api_shows_on_the_next_scan()
    {
        var (gtin, _, owner, id) = await ProductWithOrganizationRuleAsync("https://brand.example/before");
        Assert.Equal("https://brand.example/before", await ScanAsync($"/01/{gtin}"));

        var patch = await owner.PatchJsonAsync(Rules.Rule(id), new { custom_url = "https://brand.example/after" });

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal("https://brand.example/after", await ScanAsync($"/01/{gtin}"));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(Rules.Rule(id))).StatusCode);
        Assert.Equal($"http://localhost/resolver/api/v1/pages/01/{gtin}", await ScanAsync($"/01/{gtin}"));
    }

    [Fact]
    public async Task A_change_made_by_another_instance_shows_within_a_second_of_its_event()
    {
        var (gtin, org, _, _) = await ProductWithOrganizationRuleAsync("https://brand.example/before");
        await SettledAsync(org, 1);
        Assert.Equal("https://brand.example/before", await ScanAsync($"/01/{gtin}"));
        // Another replica's write: the row changes behind this instance's back, and only the event tells it.
        var id = await fx.Database.ScalarAsync<Guid>(
            "UPDATE catalog.resolution_rules SET custom_url = 'https://brand.example/after' WHERE organization_id = @org RETURNING id", new { org });
        Assert.Equal("https://brand.example/before", await ScanAsync($"/01/{gtin}")); // still cached: the TTL (5 min) has not run out

        var sent = Stopwatch.StartNew();
        await fx.Bus.PublishAsync(new ResolutionRuleChanged(org, id, "ORGANIZATION", null, "updated", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await ScanAsync($"/01/{gtin}") == "https://brand.example/after",
            TimeSpan.FromSeconds(5), "the event evicts the organization's cached rules");

        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(1), $"visible after {sent.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Many_serial_rules_under_one_gtin_are_looked_up_one_serial_at_a_time()
    {
        const int serials = 50_000;
        var (gtin, org, _, _) = await ProductWithOrganizationRuleAsync("https://brand.example/all");
        var (plainGtin, plainOrg) = await fx.CreateProductAsync();
        await fx.ClientFor(plainOrg.ToString()).CreateRuleAsync(ShortId.Encode(plainOrg),
            new { scope_type = "ORGANIZATION", order_index = 1, destination_type = "CUSTOM_URL", custom_url = "https://brand.example/all" });
        var inserted = await fx.Database.ScalarAsync<long>("""
            WITH i AS (
                INSERT INTO catalog.resolution_rules (id, organization_id, scope_type, scope_id, order_index, destination_type, custom_url,
                    on_custom_url_dead, created_at, modified_at)
                SELECT gen_random_uuid(), @org, 'SERIAL', @gtin || '/21/' || n, 0, 'CUSTOM_URL', 'https://brand.example/s/' || n,
                    'SKIP_RULE', now(), now()
                FROM generate_series(1, @serials) AS n
                RETURNING 1)
            SELECT count(*) FROM i
            """, new { org, gtin, serials });
        Assert.Equal(serials, inserted);
        await fx.Database.ScalarAsync<object>("ANALYZE catalog.resolution_rules");
        await SettledAsync(org, 1);
        await fx.Bus.PublishAsync(new ResolutionRuleChanged(org, Guid.NewGuid(), "SERIAL", $"{gtin}/21/1", "created", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await ScanAsync($"/01/{gtin}/21/77") == "https://brand.example/s/77",
            TimeSpan.FromSeconds(5), "the seeded serial rules are seen");

        // The GTIN's own entry holds none of the serial rules, only the fact that there are some.
        var entry = await Store.LoadGtinAsync(org, gtin, null, default);
        Assert.Single(entry.Rules);
        Assert.True(entry.HasSerialRules);
        Assert.False(entry.HasBatchRules);

        // Ten new serials: ten one-row lookups, nothing else.
        var before = Store.Queries;
        for (var n = 1000; n < 1010; n++) Assert.Equal($"https://brand.example/s/{n}", await ScanAsync($"/01/{gtin}/21/{n}"));
        Assert.Equal("https://brand.example/all", await ScanAsync($"/01/{gtin}/21/NOT-RULED"));
        Assert.Equal(11, Store.Queries - before);

        // Cold lookups cost about the same with 50k serial rules as with none (generous bounds: the machine is shared).
        var ruled = await TimeAsync(n => Store.LoadScopeAsync(org, RuleScope.Serial, $"{gtin}/21/{n}", default));
        var many = await TimeAsync(_ => Store.LoadGtinAsync(org, gtin, null, default));
        var none = await TimeAsync(_ => Store.LoadGtinAsync(plainOrg, plainGtin, null, default));
        Assert.True(many < none * 3 + 5 && ruled < none * 3 + 5,
            $"median ms: GTIN with {serials} serial rules {many:0.00}, one serial {ruled:0.00}, GTIN without {none:0.00}");

        // And the scans themselves, warm: the same work for both GTINs.
        var warmMany = await TimeAsync(_ => ScanAsync($"/01/{gtin}"));
        var warmNone = await TimeAsync(_ => ScanAsync($"/01/{plainGtin}"));
        Assert.True(warmMany < warmNone * 3 + 5, $"median scan ms: {warmMany:0.00} with {serials} serial rules vs {warmNone:0.00} without");
    }

    /// <summary>Median milliseconds of 21 calls (after one warm-up call).</summary>
    static async Task<double> TimeAsync(Func<int, Task> call)
    {
        await call(0);
        var times = new List<double>();
        for (var i = 1; i <= 21; i++)
        {
            var clock = Stopwatch.StartNew();
            await call(2000 + i);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
