using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Closient.Locations.Widget;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Closient.Locations.Tests;

/// <summary>The service with its widget log captured (a second host on the same database and broker).</summary>
public sealed class WidgetFixture : IAsyncLifetime
{
    readonly LocationsFixture _service = new();
    WebApplicationFactory<LocationsMarker>? _logged;

    public CapturedLogs Logs { get; } = new(WidgetEventsApi.LoggerCategory);

    public TestDatabase Database => _service.Database;

    /// <summary>A client with the gateway's anonymous token, as a browser's beacon arrives.</summary>
    public HttpClient Anonymous() => _logged!.CreateDefaultClient(new InternalTokenHandler(_service.Tokens, Caller.Anonymous));

    public HttpClient WithoutToken() => _logged!.CreateClient();

    public async Task InitializeAsync()
    {
        await _service.InitializeAsync();
        _logged = _service.Factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(Logs)));
    }

    public async Task DisposeAsync()
    {
        if (_logged is not null) await _logged.DisposeAsync();
        await _service.DisposeAsync();
    }
}

/// <summary>Widget beacons: always 204, structured-logged with the spec's fields and caps, never stored.</summary>
public sealed class WidgetEventsTests(WidgetFixture fx) : IClassFixture<WidgetFixture>
{
    const string Path = "/locations/api/v1/public/widget-events";

    [Fact]
    public async Task A_search_beacon_is_logged_with_its_fields_and_the_key_cut_to_12_characters()
    {
        var referrer = "https://shop.example/stores?marker=" + Guid.NewGuid();
        const string key = "cpk_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEf_1a2b3c4d";

        var response = await PostAsync(Json(new { @event = "location_search", api_key = key, referrer, query = "near 97477", location_short_id = "ignored here" }));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var entry = Single(referrer);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("WidgetEvent", entry.EventId.Name);
        Assert.Equal("location_search", entry.Fields["event"]);
        Assert.Equal("cpk_AbCdEfGh", entry.Fields["api_key"]);
        Assert.Equal("near 97477", entry.Fields["query"]);
        Assert.Equal("", entry.Fields["location_short_id"]);
        Assert.DoesNotContain(key, entry.Message);
    }

    [Fact]
    public async Task A_click_beacon_sent_as_text_plain_keeps_the_location_and_drops_the_query()
    {
        var referrer = "https://shop.example/" + Guid.NewGuid();
        var content = new StringContent($$"""{"event": "get_directions_click", "referrer": "{{referrer}}", "query": "x", "location_short_id": "5Cx7bQWHb3hTZrVJqTq2mK"}""",
            Encoding.UTF8, "text/plain");

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(content)).StatusCode);

        var entry = Single(referrer);
        Assert.Equal("get_directions_click", entry.Fields["event"]);
        Assert.Equal("5Cx7bQWHb3hTZrVJqTq2mK", entry.Fields["location_short_id"]);
        Assert.Equal("", entry.Fields["query"]);
        Assert.Equal("", entry.Fields["api_key"]);
    }

    [Fact]
    public async Task Long_fields_are_truncated_and_control_characters_cannot_forge_log_lines()
    {
        var marker = "https://x.example/" + Guid.NewGuid() + "/";
        var referrer = marker + new string('r', 1000);
        var query = "milk\nINFO forged line " + new string('q', 400);

        await PostAsync(Json(new { @event = "location_search", referrer, query }));

        var entry = Single(marker);
        Assert.Equal(referrer[..WidgetEventsApi.MaxReferrer], entry.Fields["referrer"]);
        var logged = (string)entry.Fields["query"]!;
        Assert.Equal(WidgetEventsApi.MaxQuery, logged.Length);
        Assert.StartsWith("milk INFO forged line", logged);
    }

    public static TheoryData<string, string?, string> Ignored => new()
    {
        { "{not json", "application/json", "malformed" },
        { "[1, 2, 3]", "application/json", "malformed" },
        { "", null, "malformed" },
        { """{"event": "purchase"}""", "application/json", "unknown_event" },
        { """{"event": 7}""", "application/json", "unknown_event" },
        { """{"referrer": "x"}""", "text/plain", "unknown_event" },
        { """{"event": "widget_load"}""", "application/x-www-form-urlencoded", "unsupported_media_type" },
        { """{"event": "widget_load"}""", "image/png", "unsupported_media_type" },
    };

    [Theory]
    [MemberData(nameof(Ignored))]
    public async Task Malformed_or_unknown_beacons_still_get_204_and_are_logged_as_ignored(string body, string? contentType, string reason)
    {
        using var client = fx.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null) request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var before = fx.Logs.Entries.Count(e => e.EventId.Name == "WidgetEventIgnored" && Equals(e.Fields["reason"], reason));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
        Assert.True(fx.Logs.Entries.Count(e => e.EventId.Name == "WidgetEventIgnored" && Equals(e.Fields["reason"], reason)) > before,
            $"no ignored beacon logged with reason {reason}");
    }

    [Fact]
    public async Task A_body_over_the_cap_is_not_parsed_but_still_gets_204()
    {
        var marker = "https://big.example/" + Guid.NewGuid();
        var json = $$"""{"event": "widget_load", "referrer": "{{marker}}", "padding": "{{new string('p', 64 * 1024)}}"}""";

        var declared = await PostAsync(new StringContent(json, Encoding.UTF8, "application/json"));
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var streamed = await PostAsync(chunked);

        Assert.Equal(HttpStatusCode.NoContent, declared.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, streamed.StatusCode);
        Assert.DoesNotContain(fx.Logs.Entries, e => e.Fields.Values.OfType<string>().Any(v => v.Contains(marker)));
        Assert.Contains(fx.Logs.Entries, e => e.EventId.Name == "WidgetEventIgnored" && Equals(e.Fields["reason"], "too_large"));
    }

    [Fact]
    public async Task Beacons_are_not_stored()
    {
        var referrer = "https://stored.example/" + Guid.NewGuid();

        await PostAsync(Json(new { @event = "widget_load", referrer }));

        Single(referrer);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM locations.outbox WHERE payload::text LIKE '%' || @referrer || '%'", referrer));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM locations.locations WHERE metadata::text LIKE '%' || @referrer || '%'", referrer));
    }

    [Fact]
    public async Task Without_the_gateways_token_the_beacon_is_refused_like_every_endpoint()
    {
        using var client = fx.WithoutToken();

        var response = await client.PostAsync(Path, Json(new { @event = "widget_load" }));

        await ProblemAssert.AssertAsync(response, 401, "UNAUTHORIZED");
    }

    async Task<HttpResponseMessage> PostAsync(HttpContent content)
    {
        using var client = fx.Anonymous();
        return await client.PostAsync(Path, content);
    }

    LogEntry Single(string referrerMarker) =>
        Assert.Single(fx.Logs.Entries, e => e.EventId.Name == "WidgetEvent" && e.Fields.TryGetValue("referrer", out var r) && r is string s && s.StartsWith(referrerMarker, StringComparison.Ordinal));

    Task<long> ScalarAsync(string sql, string referrer) => fx.Database.ScalarAsync<long>(sql, new { referrer });

    static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
