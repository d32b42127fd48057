using Closient.Catalog.Resolver;
using Closient.Contracts.Catalog;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>Every redirect publishes ScanRecorded through the outbox, off the request path (spec/resolver.md §4).</summary>
public sealed class ScanRecordingTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    const string Iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

    [Fact]
    public async Task A_scan_to_the_hosted_page_publishes_ScanRecorded()
    {
        var (gtin, org) = await fx.CreateProductAsync();
        var before = DateTimeOffset.UtcNow;

        var response = await fx.Scanner().GetAsync($"/01/{gtin}/10/LOT7/21/SN1?17=271231&context=dk", "text/html",
            ("User-Agent", Iphone), (ResolverFixture.CountryHeader, "dk"), ("Referer", "https://shop.example/"));

        var (scan, _) = await fx.Bus.WaitForScanAsync(s => s.Gtin == gtin);
        Assert.Equal(org, scan.OrganizationId);
        Assert.Equal("LOT7", scan.Lot);
        Assert.Equal("SN1", scan.Serial);
        Assert.Equal(ResolverRequests.Pip, scan.LinkType);
        Assert.Equal(response.Location(), scan.Destination);
        Assert.Equal("HOSTED_PAGE", scan.ScanType);
        Assert.Equal("dk", scan.Context);
        Assert.Equal("DK", scan.CountryCode);
        Assert.Equal("mobile", scan.DeviceClass);
        Assert.False(scan.IsBot);
        Assert.Equal("https://shop.example/", scan.Referrer);
        Assert.InRange(scan.OccurredAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.NotEqual(Guid.Empty, scan.ProductId);
    }

    [Fact]
    public async Task A_bot_is_flagged_and_a_redirect_elsewhere_is_redirect_only()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        fx.StubLinks.Set(gtin, new([new("https://gs1.org/voc/recallStatus", "https://brand.example/recall", "Recall")], null));

        await fx.LinkedScanner().GetAsync($"/01/{gtin}?linkType=gs1:recallStatus", null, ("User-Agent", "Googlebot/2.1 (+http://www.google.com/bot.html)"));

        var (scan, _) = await fx.Bus.WaitForScanAsync(s => s.Gtin == gtin);
        Assert.True(scan.IsBot);
        Assert.Equal("bot", scan.DeviceClass);
        Assert.Equal("REDIRECT_ONLY", scan.ScanType);
        Assert.Equal("https://gs1.org/voc/recallStatus", scan.LinkType);
        Assert.Equal("https://brand.example/recall?linkType=gs1:recallStatus", scan.Destination);
        Assert.Null(scan.CountryCode);
        Assert.Null(scan.Lot);
    }

    [Fact]
    public async Task Data_lookups_head_requests_and_errors_are_not_scans()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        await fx.Scanner().GetAsync($"/01/{gtin}", "application/json");
        await fx.Scanner().GetAsync($"/01/{gtin}?linkType=linkset", null);
        await fx.Scanner().SendAsync(HttpMethod.Head, $"/01/{gtin}", "text/html");
        await fx.Scanner().GetAsync($"/01/{gtin}?linkType=gs1:epil", null);
        await fx.Scanner().GetAsync($"/01/{gtin}/10/L1", "text/html"); // the one scan

        var (scan, _) = await fx.Bus.WaitForScanAsync(s => s.Gtin == gtin);
        Assert.Equal("L1", scan.Lot);
        await Task.Delay(500);
        Assert.Single(fx.Bus.Scans(), s => s.Gtin == gtin);
    }

    [Fact]
    public async Task Scans_close_together_go_out_as_one_message()
    {
        var (gtin, _) = await fx.CreateProductAsync();

        // Well within the writer's gathering time (Resolver:ScanGatherMilliseconds, 200 ms): one batch, not five.
        for (var i = 1; i <= 5; i++) await fx.Scanner().GetAsync($"/01/{gtin}/10/G{i}", "text/html");

        var (batch, _) = await fx.Bus.WaitForAsync<ScansRecorded>(b => b.Scans.Any(s => s.Gtin == gtin));
        Assert.Equal(["G1", "G2", "G3", "G4", "G5"], batch.Scans.Where(s => s.Gtin == gtin).Select(s => s.Lot).Order());
        await Task.Delay(500);
        Assert.Equal(5, fx.Bus.Scans().Count(s => s.Gtin == gtin));
    }

    [Fact]
    public void A_full_queue_drops_and_counts_instead_of_blocking()
    {
        var recorder = new ScanRecorder(Options.Create(new ResolverOptions { ScanQueueCapacity = 2 }), NullLogger<ScanRecorder>.Instance);
        ScanRecorded Scan() => new(Guid.NewGuid(), "09506000134352", Guid.NewGuid(), null, null, null, ResolverRequests.Pip, "https://x",
            "HOSTED_PAGE", null, null, "desktop", false, null, DateTimeOffset.UtcNow);

        Assert.True(recorder.TryRecord(Scan()));
        Assert.True(recorder.TryRecord(Scan()));
        Assert.False(recorder.TryRecord(Scan()));
        Assert.False(recorder.TryRecord(Scan()));

        Assert.Equal(2, recorder.Dropped);
    }
}

public sealed class DeviceClassifierTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1", "mobile", false)]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36", "mobile", false)]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148", "tablet", false)]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 Chrome/124.0 Safari/537.36", "tablet", false)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36", "desktop", false)]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "bot", true)]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.1; +https://openai.com/gptbot)", "bot", true)]
    [InlineData("Mozilla/5.0 (compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", "bot", true)]
    [InlineData("curl/8.5.0", "bot", true)]
    [InlineData("python-requests/2.31", "bot", true)]
    [InlineData("facebookexternalhit/1.1", "bot", true)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/124.0 Safari/537.36", "bot", true)]
    [InlineData("", "bot", true)]
    [InlineData(null, "bot", true)]
    public void User_agents_are_classified(string? userAgent, string deviceClass, bool isBot) =>
        Assert.Equal((deviceClass, isBot), DeviceClassifier.Classify(userAgent));
}
