using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Closient.Testing;

namespace Closient.Locations.Tests;

/// <summary>Structured address, contact and opening hours: stored, composed, validated.</summary>
public sealed class LocationDetailsTests(LocationsFixture fx) : IClassFixture<LocationsFixture>
{
    [Fact]
    public async Task A_location_with_every_detail_reads_back_as_written()
    {
        var org = LocationsFixture.NewOrganization();

        var created = await fx.CreateAsync(org, new
        {
            name = "Corner Grocer", address_line1 = "12 Main St", address_line2 = "Suite 4", city = "Springfield", region = "OR",
            postal_code = "97477", country = "us", lat = 44.05, lon = -123.02, phone = "+1 (541) 555-0100",
            website = "https://grocer.example", email = "hello@grocer.example", timezone = "America/Los_Angeles",
            hours = new { mon = new[] { new { open = "13:00", close = "17:30" }, new { open = "09:00", close = "12:00" } }, fri = new[] { new { open = "22:00", close = "02:00" } } },
        });
        var read = await fx.ClientFor(org).GetFromJsonAsync<JsonElement>($"/locations/api/v1/locations/{created.GetProperty("id").GetString()}");

        foreach (var location in new[] { created, read })
        {
            Assert.Equal("12 Main St, Suite 4, Springfield, OR 97477, US", location.GetProperty("address").GetString());
            Assert.Equal("US", location.GetProperty("country").GetString());
            Assert.Equal("Suite 4", location.GetProperty("address_line2").GetString());
            Assert.Equal("97477", location.GetProperty("postal_code").GetString());
            Assert.Equal("hello@grocer.example", location.GetProperty("email").GetString());
            Assert.Equal("+1 (541) 555-0100", location.GetProperty("phone").GetString());
            Assert.Equal("America/Los_Angeles", location.GetProperty("timezone").GetString());
            Assert.True(location.GetProperty("is_published").GetBoolean());
            var hours = location.GetProperty("hours");
            Assert.Equal(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], hours.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["09:00-12:00", "13:00-17:30"], Intervals(hours, "mon"));
            Assert.Equal(["22:00-02:00"], Intervals(hours, "fri"));
            Assert.Empty(Intervals(hours, "sun"));
        }
    }

    [Fact]
    public async Task An_explicit_address_is_kept_and_changing_a_part_recomposes_it()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org, new { name = "S", address = "Market Hall, stall 7", city = "Lyon", country = "FR", lat = 45.76, lon = 4.83 });
        var id = created.GetProperty("id").GetString();
        Assert.Equal("Market Hall, stall 7", created.GetProperty("address").GetString());

        var moved = await PatchAsync(org, id, new { postal_code = "69002" });
        Assert.Equal("Lyon, 69002, FR", moved.GetProperty("address").GetString());

        var named = await PatchAsync(org, id, new { city = "Lyon 2e", address = "Halles Paul Bocuse" });
        Assert.Equal("Halles Paul Bocuse", named.GetProperty("address").GetString());
        Assert.Equal("Lyon 2e", named.GetProperty("city").GetString());

        var composed = await PatchAsync(org, id, new { address = "" });
        Assert.Equal("Lyon 2e, 69002, FR", composed.GetProperty("address").GetString());
    }

    [Fact]
    public async Task Patching_hours_replaces_the_week_and_other_fields_leave_it_alone()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org, new { name = "S", lat = 1.0, lon = 1.0, hours = new { mon = new[] { new { open = "08:00", close = "20:00" } } } });
        var id = created.GetProperty("id").GetString();

        var renamed = await PatchAsync(org, id, new { name = "S2" });
        Assert.Equal(["08:00-20:00"], Intervals(renamed.GetProperty("hours"), "mon"));

        var replaced = await PatchAsync(org, id, new { hours = new { sun = new[] { new { open = "00:00", close = "24:00" } } } });
        Assert.Empty(Intervals(replaced.GetProperty("hours"), "mon"));
        Assert.Equal(["00:00-24:00"], Intervals(replaced.GetProperty("hours"), "sun"));
    }

    public static TheoryData<string, string> BadDetails => new()
    {
        { """ "country": "XX" """, "country" },
        { """ "country": "USA" """, "country" },
        { """ "email": "not-an-email" """, "email" },
        { """ "email": "a@b" """, "email" },
        { """ "phone": "call me maybe" """, "phone" },
        { """ "phone": "+1" """, "phone" },
        { """ "timezone": "Mars/Olympus_Mons" """, "timezone" },
        { """ "timezone": "../../etc/passwd" """, "timezone" },
        { """ "timezone": "Pacific Standard Time" """, "timezone" },
        { """ "postal_code": "123456789012345678901" """, "postal_code" },
        { """ "address_line1": "a\u0000b" """, "address_line1" },
        { """ "hours": {"mon": [{"open": "9:00", "close": "17:00"}]} """, "hours.mon[0].open" },
        { """ "hours": {"mon": [{"open": "09:00", "close": "24:01"}]} """, "hours.mon[0].close" },
        { """ "hours": {"mon": [{"open": "24:00", "close": "02:00"}]} """, "hours.mon[0].open" },
        { """ "hours": {"mon": [{"open": "09:00"}]} """, "hours.mon[0].close" },
        { """ "hours": {"mon": [{"open": "09:00", "close": "09:00"}]} """, "hours.mon[0]" },
        { """ "hours": {"tue": [{"open": "09:00", "close": "13:00"}, {"open": "12:00", "close": "18:00"}]} """, "hours.tue" },
        { """ "hours": {"tue": [{"open": "22:00", "close": "02:00"}, {"open": "23:00", "close": "23:30"}]} """, "hours.tue" },
        { """ "hours": {"wed": [{"open": "01:00", "close": "02:00"}, {"open": "03:00", "close": "04:00"}, {"open": "05:00", "close": "06:00"}, {"open": "07:00", "close": "08:00"}, {"open": "09:00", "close": "10:00"}]} """, "hours.wed" },
        { """ "hours": {"funday": []} """, "hours.funday" },
        { """ "hours": {"mon": "9-5"} """, "hours.mon" },
        { """ "hours": {"mon": [{"open": "09:00", "close": "17:00", "note": "x"}]} """, "hours.mon[0].note" },
        { """ "is_published": "yes" """, "is_published" },
    };

    [Theory]
    [MemberData(nameof(BadDetails))]
    public async Task Bad_details_get_422_naming_the_field_and_write_nothing(string fragment, string field)
    {
        var org = LocationsFixture.NewOrganization();
        var json = "{\"name\": \"x\", \"lat\": 0, \"lon\": 0, " + fragment + "}";

        var response = await fx.ClientFor(org).PostAsync($"/locations/api/v1/organizations/{org}/locations", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.AssertAsync(response, 422, "VALIDATION_ERROR", field);
        Closient.ServiceDefaults.Http.ShortId.TryParse(org, out var orgId);
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM locations.locations WHERE organization_id = @orgId", new { orgId }));
    }

    [Fact]
    public async Task A_bad_patch_changes_nothing()
    {
        var org = LocationsFixture.NewOrganization();
        var created = await fx.CreateAsync(org, new { name = "Keep", lat = 1.0, lon = 1.0, email = "a@example.com" });
        var id = created.GetProperty("id").GetString();

        var response = await fx.ClientFor(org).PatchAsJsonAsync($"/locations/api/v1/locations/{id}", new { name = "Changed", email = "nope" });

        await ProblemAssert.AssertAsync(response, 422, "VALIDATION_ERROR", "email");
        var stored = await fx.ClientFor(org).GetFromJsonAsync<JsonElement>($"/locations/api/v1/locations/{id}");
        Assert.Equal("Keep", stored.GetProperty("name").GetString());
        Assert.Equal(created.GetProperty("updated").GetDateTimeOffset(), stored.GetProperty("updated").GetDateTimeOffset());
    }

    async Task<JsonElement> PatchAsync(string org, string? id, object body)
    {
        var response = await fx.ClientFor(org).PatchAsJsonAsync($"/locations/api/v1/locations/{id}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static string[] Intervals(JsonElement hours, string day) =>
        hours.GetProperty(day).EnumerateArray().Select(i => i.GetProperty("open").GetString() + "-" + i.GetProperty("close").GetString()).ToArray();
}
