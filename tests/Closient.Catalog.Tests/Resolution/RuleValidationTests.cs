using System.Net;
using System.Text.Json;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Resolution;

/// <summary>Every invalid rule is a 422 naming the field, and nothing is written.</summary>
public sealed class RuleValidationTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = ShortId.Encode(Guid.CreateVersion7());
    HttpClient? ownerClient;
    HttpClient owner => ownerClient ??= fx.ClientFor(org);

    /// <summary>A valid ORGANIZATION rule; each case replaces or removes (null) some fields.</summary>
    static Dictionary<string, object?> ValidBody() => new()
    {
        ["scope_type"] = "ORGANIZATION",
        ["order_index"] = 0,
        ["destination_type"] = "HOSTED_PAGE",
    };

    public static TheoryData<string, string> Cases => new()
    {
        { """{"scope_type": null}""", "scope_type" },
        { """{"scope_type": "GLOBAL"}""", "scope_type" },
        { """{"scope_type": ""}""", "scope_type" },
        { """{"scope_type": "PRODUCT"}""", "scope_id" },
        { """{"scope_type": "PRODUCT", "scope_id": ""}""", "scope_id" },
        { """{"scope_type": "PRODUCT", "scope_id": "123"}""", "scope_id" },
        { """{"scope_type": "PRODUCT", "scope_id": "09521101530019"}""", "scope_id" },
        { """{"scope_type": "PRODUCT", "scope_id": "09521101530018/10/A"}""", "scope_id" },
        { """{"scope_type": "BATCH", "scope_id": "09521101530018"}""", "scope_id" },
        { """{"scope_type": "BATCH", "scope_id": "09521101530018/21/A"}""", "scope_id" },
        { """{"scope_type": "BATCH", "scope_id": "09521101530018/10/"}""", "scope_id" },
        { """{"scope_type": "BATCH", "scope_id": "09521101530018/10/ABCDEFGHIJKLMNOPQRSTU"}""", "scope_id" },
        { """{"scope_type": "BATCH", "scope_id": "09521101530018/10/caf\u00e9"}""", "scope_id" },
        { """{"scope_type": "BATCH", "scope_id": "09521101530018/10/a b"}""", "scope_id" },
        { """{"scope_type": "SERIAL", "scope_id": "09521101530018/10/A"}""", "scope_id" },
        { """{"scope_type": "SERIAL", "scope_id": "12345/21/A"}""", "scope_id" },
        { """{"scope_type": "BRAND", "scope_id": "not-an-id"}""", "scope_id" },
        { """{"scope_type": "ORGANIZATION", "scope_id": "09521101530018"}""", "scope_id" },
        { """{"order_index": null}""", "order_index" },
        { """{"order_index": -1}""", "order_index" },
        { """{"order_index": 1000001}""", "order_index" },
        { """{"destination_type": null}""", "destination_type" },
        { """{"destination_type": "REDIRECT"}""", "destination_type" },
        { """{"destination_type": "CUSTOM_URL"}""", "custom_url" },
        { """{"destination_type": "CUSTOM_URL", "custom_url": ""}""", "custom_url" },
        { """{"destination_type": "HOSTED_PAGE", "custom_url": "https://example.com"}""", "custom_url" },
        { """{"destination_type": "CUSTOM_URL", "custom_url": "ftp://example.com/a"}""", "custom_url" },
        { """{"destination_type": "CUSTOM_URL", "custom_url": "javascript:alert(1)"}""", "custom_url" },
        { """{"destination_type": "CUSTOM_URL", "custom_url": "/relative/path"}""", "custom_url" },
        { """{"destination_type": "CUSTOM_URL", "custom_url": "https://user:secret@example.com/"}""", "custom_url" },
        { """{"destination_type": "CUSTOM_URL", "custom_url": "https://exa mple.com/"}""", "custom_url" },
        { $$"""{"destination_type": "CUSTOM_URL", "custom_url": "https://example.com/{{new string('a', 2040)}}"}""", "custom_url" },
        { """{"on_custom_url_dead": "DROP"}""", "on_custom_url_dead" },
        { """{"absolute_start_at": "2026-01-01"}""", "absolute_start_at" },
        { """{"absolute_start_at": "2026-01-01T00:00:00"}""", "absolute_start_at" },
        { """{"absolute_start_at": "tomorrow"}""", "absolute_start_at" },
        { """{"absolute_end_at": "2026-02-30T00:00:00Z"}""", "absolute_end_at" },
        { """{"absolute_start_at": "2026-02-01T00:00:00Z", "absolute_end_at": "2026-01-01T00:00:00Z"}""", "absolute_end_at" },
        { """{"absolute_start_at": "2026-01-01T00:00:00Z", "absolute_end_at": "2026-01-01T01:00:00+01:00"}""", "absolute_end_at" },
        { """{"annual_start_mmdd": "13-01", "annual_end_mmdd": "01-01"}""", "annual_start_mmdd" },
        { """{"annual_start_mmdd": "02-30", "annual_end_mmdd": "03-01"}""", "annual_start_mmdd" },
        { """{"annual_start_mmdd": "04-31", "annual_end_mmdd": "05-01"}""", "annual_start_mmdd" },
        { """{"annual_start_mmdd": "2-1", "annual_end_mmdd": "03-01"}""", "annual_start_mmdd" },
        { """{"annual_start_mmdd": "11-01"}""", "annual_end_mmdd" },
        { """{"annual_end_mmdd": "02-28"}""", "annual_start_mmdd" },
        { """{"days_of_week": [7]}""", "days_of_week" },
        { """{"days_of_week": [0, -1]}""", "days_of_week" },
        { """{"time_of_day_start": "25:00", "time_of_day_end": "26:00"}""", "time_of_day_start" },
        { """{"time_of_day_start": "9am", "time_of_day_end": "17:00"}""", "time_of_day_start" },
        { """{"time_of_day_start": "09:60", "time_of_day_end": "17:00"}""", "time_of_day_start" },
        { """{"time_of_day_start": "09:00"}""", "time_of_day_end" },
        { """{"time_of_day_end": "17:00"}""", "time_of_day_start" },
        { """{"time_of_day_start": "09:00", "time_of_day_end": "09:00:00"}""", "time_of_day_end" },
        { """{"timezone": "Mars/Olympus_Mons"}""", "timezone" },
        { """{"timezone": "Pacific Standard Time"}""", "timezone" },
        { """{"timezone": "../../etc/passwd"}""", "timezone" },
        { """{"timezone": "europe/berlin"}""", "timezone" },
        { """{"timezone": "posix/Europe/Berlin"}""", "timezone" },
        { """{"link_type": "gs1:"}""", "link_type" },
        { """{"link_type": "gs1:9pip"}""", "link_type" },
        { """{"link_type": "gs1:pip-x"}""", "link_type" },
        { """{"link_type": "GS1:pip"}""", "link_type" },
        { """{"link_type": "linkset"}""", "link_type" },
        { """{"link_type": "all"}""", "link_type" },
        { """{"link_type": "has space"}""", "link_type" },
        { """{"location_countries": ["ZZ"]}""", "location_countries" },
        { """{"location_countries": ["USA"]}""", "location_countries" },
        { """{"location_countries": [""]}""", "location_countries" },
        { """{"location_countries": [null]}""", "location_countries" },
        { """{"location_regions": ["US"]}""", "location_regions" },
        { """{"location_regions": ["ZZ-TX"]}""", "location_regions" },
        { """{"location_regions": ["US-TEXAS"]}""", "location_regions" },
        { $$"""{"location_cities": ["{{new string('x', 101)}}"]}""", "location_cities" },
        { """{"location_cities": ["  "]}""", "location_cities" },
        { $$"""{"location_countries": [{{string.Join(",", Enumerable.Repeat("\"US\"", 101))}}]}""", "location_countries" },
        { $$$"""{"metadata": {"{{{new string('k', 41)}}}": "v"}}""", "metadata" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_invalid_rule_is_a_422_naming_the_field_and_nothing_is_written(string overrides, string field)
    {
        var body = ValidBody();
        foreach (var property in JsonDocument.Parse(overrides).RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null) body.Remove(property.Name);
            else body[property.Name] = property.Value;
        }

        var response = await owner.PostJsonAsync(Rules.OrgRules(org), body);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        Assert.Equal(0L, await fx.Database.CountRulesAsync(org));
        Assert.Equal(0L, await fx.Database.CountEventsAsync(org));
    }

    [Fact]
    public async Task Every_bad_field_is_reported_at_once()
    {
        var response = await owner.PostJsonAsync(Rules.OrgRules(org), new
        {
            scope_type = "BATCH", scope_id = "nope", order_index = -5, destination_type = "CUSTOM_URL",
            timezone = "Nowhere/City", days_of_week = new[] { 9 },
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "scope_id", "order_index", "custom_url", "timezone", "days_of_week" }, fields);
    }

    [Theory]
    [InlineData("""{"scope_type": "ORGANIZATION", "order_index": 0, "destination_type": "HOSTED_PAGE", "product_id": "x"}""")]
    [InlineData("""{"scope_type": "ORGANIZATION", "order_index": "0", "destination_type": "HOSTED_PAGE"}""")]
    [InlineData("""{"scope_type": "ORGANIZATION", "order_index": 0, "destination_type": "HOSTED_PAGE", "days_of_week": ["1"]}""")]
    public async Task Unknown_fields_and_wrong_types_are_refused_by_the_binder(string json)
    {
        var response = await owner.PostRawAsync(Rules.OrgRules(org), json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(0L, await fx.Database.CountRulesAsync(org));
    }

    [Theory]
    [InlineData("gs1:recallStatus", "gs1:recallStatus")]
    [InlineData("https://gs1.org/voc/certificationInfo", "gs1:certificationInfo")]
    [InlineData("describedby", "describedby")]
    [InlineData(" gs1:pip ", "gs1:pip")]
    public async Task Link_types_are_stored_canonical(string input, string stored)
    {
        var rule = await owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE", link_type = input });

        Assert.Equal(stored, rule.LinkType);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Etc/GMT+5")]
    [InlineData("Asia/Kolkata")]
    public async Task Iana_time_zones_are_accepted(string zone)
    {
        var rule = await owner.CreateRuleAsync(org, new { scope_type = "ORGANIZATION", order_index = 0, destination_type = "HOSTED_PAGE", timezone = zone, time_of_day_start = "22:00", time_of_day_end = "06:00" });

        Assert.Equal(zone, rule.Timezone);
    }
}
