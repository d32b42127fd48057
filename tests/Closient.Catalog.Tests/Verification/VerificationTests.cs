using System.Net;
using System.Text.Json;
using Closient.Catalog.Tests.Resolver;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Verification;

/// <summary>GET /resolver/api/v1/verify/01/{gtin}/21/{serial_number} (spec/resolver.md §3, experimental v1).</summary>
public sealed class VerificationTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    static readonly string[] MinimalFields = ["verificationStatus", "gtin", "serialNumber", "verifiedAt", "recommendation"];
    static readonly string[] FullFields = [.. MinimalFields, "scanHistory", "anomalies"];
    const string Iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";

    static string Verify(string gtin, string serial) => $"/resolver/api/v1/verify/01/{gtin}/21/{serial}";

    HttpClient Keyed() => fx.ClientFor(TestData.NewOrganizationId(), Roles.Viewer);

    static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    static string[] Fields(JsonElement json) => json.EnumerateObject().Select(p => p.Name).ToArray();

    /// <summary>A human scan through the resolver, from <paramref name="country"/>.</summary>
    async Task ScanAsync(string gtin, string serial, string country, string userAgent = Iphone)
    {
        var response = await fx.Scanner().GetAsync($"/01/{gtin}/21/{serial}", "text/html",
            ("User-Agent", userAgent), (ResolverFixture.CountryHeader, country));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
    }

    async Task<JsonElement> FullAsync(string gtin, string serial) => await OkJsonAsync(await Keyed().GetAsync(Verify(gtin, serial)));

    /// <summary>Waits until the scans reached the observations (they are written off the request path).</summary>
    async Task<JsonElement> ObservedAsync(string gtin, string serial, long totalScans)
    {
        JsonElement last = default;
        await Eventually.TrueAsync(async () =>
        {
            last = await FullAsync(gtin, serial);
            return last.GetProperty("scanHistory") is { ValueKind: JsonValueKind.Object } h && h.GetProperty("totalScans").GetInt64() == totalScans;
        }, TimeSpan.FromSeconds(10), $"{totalScans} scans of {serial} observed");
        return last;
    }

    [Fact]
    public async Task An_unknown_serial_is_authentic_with_the_minimal_camelCase_payload_for_a_keyless_caller()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var json = await OkJsonAsync(await fx.AnonymousClient().GetAsync(Verify("9521101530018", "SN001")));

        Assert.Equal(MinimalFields, Fields(json));
        Assert.Equal("authentic", json.GetProperty("verificationStatus").GetString());
        Assert.Equal("09521101530018", json.GetProperty("gtin").GetString());
        Assert.Equal("SN001", json.GetProperty("serialNumber").GetString());
        Assert.Equal("proceed", json.GetProperty("recommendation").GetString());
        Assert.InRange(json.GetProperty("verifiedAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task A_keyless_caller_cannot_tell_a_known_serial_from_an_unknown_one()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        await ScanAsync(gtin, "KNOWN1", "DK");
        await ObservedAsync(gtin, "KNOWN1", 1);

        var known = await OkJsonAsync(await fx.AnonymousClient().GetAsync(Verify(gtin, "KNOWN1")));
        var unknown = await OkJsonAsync(await fx.AnonymousClient().GetAsync(Verify(gtin, "NEVER1")));

        Assert.Equal(Fields(unknown), Fields(known));
        foreach (var name in new[] { "verificationStatus", "gtin", "recommendation" })
            Assert.Equal(unknown.GetProperty(name).GetString(), known.GetProperty(name).GetString());
    }

    [Fact]
    public async Task A_publishable_key_gets_the_minimal_payload()
    {
        var cpk = fx.ClientAs(Caller.ForOrganization(Guid.NewGuid(), Roles.Owner, ApiKeyFormat.Publishable));
        var json = await OkJsonAsync(await cpk.GetAsync(Verify("09521101530018", "SN9")));
        Assert.Equal(MinimalFields, Fields(json));
    }

    [Fact]
    public async Task A_secret_key_gets_null_history_and_no_anomalies_for_a_never_seen_serial()
    {
        var json = await FullAsync("09521101530018", "NEVER-SEEN");

        Assert.Equal(FullFields, Fields(json));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("scanHistory").ValueKind);
        Assert.Empty(json.GetProperty("anomalies").EnumerateArray());
        Assert.Equal("authentic", json.GetProperty("verificationStatus").GetString());
    }

    [Fact]
    public async Task Human_scans_build_the_history_and_bots_are_not_counted()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await ScanAsync(gtin, "HIST1", "DK");
        await ScanAsync(gtin, "HIST1", "", "Googlebot/2.1 (+http://www.google.com/bot.html)");
        await ScanAsync(gtin, "HIST1", "DK");

        var json = await ObservedAsync(gtin, "HIST1", 2);
        await Task.Delay(300);
        json = await FullAsync(gtin, "HIST1");

        var history = json.GetProperty("scanHistory");
        Assert.Equal(2, history.GetProperty("totalScans").GetInt64());
        Assert.Equal(2, history.GetProperty("consumerScans").GetInt64());
        Assert.Equal(0, history.GetProperty("retailerScans").GetInt64());
        Assert.Equal(0, history.GetProperty("distinctRetailLocations").GetInt64());
        Assert.Equal(1, history.GetProperty("distinctCountries").GetInt64());
        Assert.InRange(history.GetProperty("firstSeen").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.Equal("authentic", json.GetProperty("verificationStatus").GetString());
        Assert.Empty(json.GetProperty("anomalies").EnumerateArray());
    }

    [Fact]
    public async Task The_same_serial_in_two_countries_within_minutes_is_suspect_with_an_anomaly()
    {
        var (gtin, _) = await fx.CreateProductAsync();
        await ScanAsync(gtin, "TRAVEL1", "DK");
        await ObservedAsync(gtin, "TRAVEL1", 1);
        await ScanAsync(gtin, "TRAVEL1", "BR");

        var json = await ObservedAsync(gtin, "TRAVEL1", 2);

        Assert.Equal("suspect", json.GetProperty("verificationStatus").GetString());
        Assert.Equal("flag_for_review", json.GetProperty("recommendation").GetString());
        Assert.Equal(2, json.GetProperty("scanHistory").GetProperty("distinctCountries").GetInt64());
        var anomaly = Assert.Single(json.GetProperty("anomalies").EnumerateArray());
        Assert.Equal("impossible_travel", anomaly.GetProperty("type").GetString());
        Assert.Equal("BR", anomaly.GetProperty("country").GetString());
        Assert.Contains("DK", anomaly.GetProperty("description").GetString());
        var prior = anomaly.GetProperty("priorEvent");
        Assert.Equal("DK", prior.GetProperty("country").GetString());
        Assert.Equal(JsonValueKind.Null, prior.GetProperty("location").ValueKind);
        Assert.True(prior.GetProperty("scannedAt").GetDateTimeOffset() <= anomaly.GetProperty("scannedAt").GetDateTimeOffset());

        // The keyless tier shows the status, never the details.
        var keyless = await OkJsonAsync(await fx.AnonymousClient().GetAsync(Verify(gtin, "TRAVEL1")));
        Assert.Equal(MinimalFields, Fields(keyless));
        Assert.Equal("suspect", keyless.GetProperty("verificationStatus").GetString());
    }

    [Theory]
    [InlineData("1234567", "SN1", "gtin", "invalid_gtin")]
    [InlineData("123456789012345", "SN1", "gtin", "invalid_gtin")]
    [InlineData("1234567a", "SN1", "gtin", "invalid_gtin")]
    [InlineData("09521101530018", "ABCDEFGHIJKLMNOPQRSTU", "serial_number", "invalid_serial")]
    [InlineData("09521101530018", "caf%C3%A9", "serial_number", "invalid_serial")]
    [InlineData("09521101530018", "tab%09", "serial_number", "invalid_serial")]
    public async Task Bad_input_is_a_422_naming_the_spec_code(string gtin, string serial, string field, string code)
    {
        var response = await fx.AnonymousClient().GetAsync(Verify(gtin, serial));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        Assert.Contains(code, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Both_bad_fields_are_named_at_once()
    {
        var problem = await (await fx.AnonymousClient().GetAsync(Verify("12", "%C3%A9")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
        Assert.Equal("invalid_gtin, invalid_serial", problem.GetProperty("detail").GetString());
        Assert.Contains("serial_number", problem.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task A_percent_encoded_slash_is_part_of_the_serial()
    {
        var json = await OkJsonAsync(await fx.AnonymousClient().GetAsync(Verify("09521101530018", "AB%2FC%25")));
        Assert.Equal("AB/C%", json.GetProperty("serialNumber").GetString());
    }
}
