using System.Net;
using Closient.Catalog.Resolution;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Closient.Catalog.Tests.Resolution;

/// <summary>The custom-URL monitor against a local fake receiver; passes are run directly (the interval is an hour).</summary>
public sealed class UrlHealthTests(UrlHealthFixture fx) : IClassFixture<UrlHealthFixture>, IAsyncLifetime
{
    readonly string org = ShortId.Encode(Guid.CreateVersion7());
    readonly FakeReceiver receiver = new();
    HttpClient? ownerClient;
    HttpClient owner => ownerClient ??= fx.ClientFor(org);
    UrlHealthChecker Checker => fx.Factory.Services.GetRequiredService<UrlHealthChecker>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    sealed record Health(int ConsecutiveFailures, string Status, int? LastStatusCode, string? LastError);

    Task<Health?> HealthOfAsync(string url) => fx.Database.QueryAsync<Health>(
        "SELECT consecutive_failures, status, last_status_code, last_error FROM catalog.url_health WHERE url = @url", new { url })
        .ContinueWith(t => t.Result.SingleOrDefault());

    Task<ResolutionRuleOut> RuleToAsync(string url, int index = 0, string onDead = "SKIP_RULE") =>
        owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = index, destination_type = "CUSTOM_URL", custom_url = url, on_custom_url_dead = onDead });

    [Fact]
    public async Task A_url_turns_dead_after_three_consecutive_failures_and_live_again_on_success()
    {
        var failing = true;
        receiver.On("shop", (_, n) => n == 1 ? 200 : failing ? 500 : 200);
        var url = receiver.Url("shop");
        await RuleToAsync(url);

        Assert.True(await Checker.CheckAllAsync(default));
        Assert.Equal(new Health(0, "live", 200, null), await HealthOfAsync(url));

        await Checker.CheckAllAsync(default);
        Assert.Equal(new Health(1, "live", 500, null), await HealthOfAsync(url));
        await Checker.CheckAllAsync(default);
        Assert.Equal(new Health(2, "live", 500, null), await HealthOfAsync(url));
        await Checker.CheckAllAsync(default);
        Assert.Equal(new Health(3, "dead", 500, null), await HealthOfAsync(url));
        await Checker.CheckAllAsync(default);
        Assert.Equal(new Health(4, "dead", 500, null), await HealthOfAsync(url));

        failing = false;
        await Checker.CheckAllAsync(default);
        Assert.Equal(new Health(0, "live", 200, null), await HealthOfAsync(url));
        Assert.All(receiver.Requests, r => Assert.Equal("HEAD", r.Method));
    }

    [Fact]
    public async Task The_resolver_skips_or_falls_back_from_a_dead_url_as_the_rule_says()
    {
        receiver.On("dead", (_, _) => 503);
        receiver.On("alive", (_, _) => 204);
        var gtin = await owner.ClaimProductAsync(org);
        var skip = await owner.CreateRuleAsync(org, new { scope_type = "PRODUCT", scope_id = gtin, order_index = 0, destination_type = "CUSTOM_URL", custom_url = receiver.Url("dead") });
        var next = await owner.CreateRuleAsync(org, new { scope_type = "PRODUCT", scope_id = gtin, order_index = 1, destination_type = "CUSTOM_URL", custom_url = receiver.Url("alive") });
        Assert.True(ShortId.TryParse(org, out var orgId));
        var rules = fx.Factory.Services.GetRequiredService<IResolutionRules>();
        var context = new RuleContext(orgId, gtin, null, null, null, DateTimeOffset.UtcNow);

        var before = await rules.DecideAsync(context, default);
        for (var i = 0; i < 3; i++) await Checker.CheckAllAsync(default);
        var skipped = await rules.DecideAsync(context, default);
        await owner.PatchJsonAsync(Rules.Rule(skip.Id), new { on_custom_url_dead = "FALLBACK_TO_HOSTED" });
        var fallback = await rules.DecideAsync(context, default);

        Assert.Equal((RuleDestination.CustomUrl, receiver.Url("dead")), (before.Destination, before.Url));
        Assert.Equal((RuleDestination.CustomUrl, receiver.Url("alive"), next.Id), (skipped.Destination, skipped.Url, ShortId.Encode(skipped.Rule!.Id)));
        Assert.Equal((RuleDestination.HostedPage, DecisionReason.DeadUrlFallback, skip.Id), (fallback.Destination, fallback.Reason, ShortId.Encode(fallback.Rule!.Id)));
    }

    [Fact]
    public async Task A_server_that_refuses_HEAD_is_checked_with_GET()
    {
        receiver.On("no-head", (method, _) => method == "HEAD" ? 405 : 200);
        await RuleToAsync(receiver.Url("no-head"));

        await Checker.CheckAllAsync(default);

        Assert.Equal(new Health(0, "live", 200, null), await HealthOfAsync(receiver.Url("no-head")));
        Assert.Equal(["HEAD", "GET"], receiver.Requests.Where(r => r.Path == "no-head").Select(r => r.Method));
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(302, true)]
    [InlineData(401, true)]
    [InlineData(403, true)]
    [InlineData(429, true)]
    [InlineData(404, false)]
    [InlineData(410, false)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    public void Only_missing_pages_and_server_errors_count_as_failures(int status, bool alive) =>
        Assert.Equal(alive, UrlProbe.IsAlive(status));

    [Fact]
    public async Task No_answer_within_the_timeout_is_a_failure()
    {
        receiver.OnAsync("slow", async (_, _) => { await Task.Delay(TimeSpan.FromSeconds(3)); return 200; });
        await RuleToAsync(receiver.Url("slow"));

        await Checker.CheckAllAsync(default);

        var health = await HealthOfAsync(receiver.Url("slow"));
        Assert.Equal((1, "live", (int?)null), (health!.ConsecutiveFailures, health.Status, health.LastStatusCode));
        Assert.Contains("No answer within", health.LastError);
    }

    [Fact]
    public async Task A_closed_port_is_a_failure_with_the_error_recorded()
    {
        var closed = new FakeReceiver();
        var url = closed.Url("gone");
        await closed.DisposeAsync();
        await RuleToAsync(url);

        await Checker.CheckAllAsync(default);

        var health = await HealthOfAsync(url);
        Assert.Equal((1, (int?)null), (health!.ConsecutiveFailures, health.LastStatusCode));
        Assert.False(string.IsNullOrEmpty(health.LastError));
    }

    [Fact]
    public async Task Private_addresses_are_not_contacted_unless_allowed()
    {
        receiver.On("internal", (_, _) => 200);
        using var probe = new UrlProbe(Options.Create(new UrlHealthOptions { AllowPrivateNetworks = false, Timeout = TimeSpan.FromSeconds(2) }));

        var result = await probe.CheckAsync(receiver.Url("internal"), default);

        Assert.False(result.Alive);
        Assert.Contains("no public address", result.Error);
        Assert.Empty(receiver.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("2606:4700::1111", true)]
    public void Public_addresses_are_told_apart_from_internal_ones(string address, bool isPublic) =>
        Assert.Equal(isPublic, UrlProbe.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task Each_distinct_url_is_checked_once_per_pass_and_unused_urls_are_forgotten()
    {
        receiver.On("shared", (_, _) => 200);
        var url = receiver.Url("shared");
        var first = await RuleToAsync(url, 0);
        var second = await RuleToAsync(url, 1);

        await Checker.CheckAllAsync(default);
        Assert.Single(receiver.Requests, r => r.Path == "shared");
        await owner.DeleteAsync(Rules.Rule(first.Id));
        await owner.DeleteAsync(Rules.Rule(second.Id));
        await Checker.CheckAllAsync(default);

        Assert.Null(await HealthOfAsync(url));
    }
}

/// <summary>The monitor on its own timer (every 200 ms, dead after 2 failures).</summary>
public sealed class UrlHealthScheduleTests(FastUrlHealthFixture fx) : IClassFixture<FastUrlHealthFixture>
{
    [Fact]
    public async Task The_background_monitor_marks_a_failing_url_dead_by_itself()
    {
        await using var receiver = new FakeReceiver();
        receiver.On("down", (_, _) => 500);
        var org = ShortId.Encode(Guid.CreateVersion7());
        await fx.ClientFor(org).CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "CUSTOM_URL", custom_url = receiver.Url("down") });

        await Eventually.TrueAsync(() => fx.Database.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM catalog.url_health WHERE url = @url AND status = 'dead' AND consecutive_failures >= 2)", new { url = receiver.Url("down") }),
            TimeSpan.FromSeconds(15), "the URL is marked dead");
    }
}
