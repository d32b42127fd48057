using System.IO.Compression;
using System.Net;
using Closient.Catalog.Qr;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;

namespace Closient.Catalog.Tests.Qr;

public sealed class QrBulkTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    const string Path = "/products/api/v1/qr/bulk/";

    [Fact]
    public async Task A_bulk_job_is_accepted_rendered_and_downloaded_as_a_zip_with_a_manifest()
    {
        var client = fx.ClientFor(TestData.NewOrganizationId());

        var response = await client.PostJsonAsync(Path, new
        {
            gtin = "614141123452", format = "png", size = 120,
            items = new object[] { new { lot = "L1" }, new { lot = "A/B%C", serial = "S1", expiry = "261231" }, new { } },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.ReadAsync<QrBulkAccepted>();
        Assert.Equal("pending", accepted.Status);
        Assert.Equal(3, accepted.Items);
        Assert.Equal($"{Path}{accepted.TaskId}/", accepted.PollUrl);
        Assert.Equal(accepted.PollUrl, response.Headers.Location?.OriginalString);

        var done = await Eventually.ValueAsync(async () =>
        {
            var status = await (await client.GetAsync(accepted.PollUrl)).ReadAsync<QrBulkStatus>();
            return status.Status is "completed" or "failed" ? status : null;
        }, TimeSpan.FromSeconds(30), "the bulk job finishes");
        Assert.Equal("completed", done.Status);
        Assert.Equal($"{Path}{accepted.TaskId}/download", done.DownloadUrl);
        Assert.NotNull(done.ExpiresAt);

        var download = await client.GetAsync(done.DownloadUrl);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await download.Content.ReadAsStreamAsync());
        Assert.Equal(["0001.png", "0002.png", "0003.png", "manifest.csv"], zip.Entries.Select(e => e.FullName).OrderBy(n => n));
        using var manifest = new StreamReader(zip.GetEntry("manifest.csv")!.Open());
        Assert.Equal("""
            file,url
            0001.png,https://id.closient.com/01/00614141123452/10/L1
            0002.png,https://id.closient.com/01/00614141123452/10/A%2FB%25C/21/S1?17=261231
            0003.png,https://id.closient.com/01/00614141123452

            """.ReplaceLineEndings("\n"), await manifest.ReadToEndAsync());
        using var second = new MemoryStream();
        await zip.GetEntry("0002.png")!.Open().CopyToAsync(second);
        var single = await client.PostJsonAsync("/products/api/v1/qr/", new { gtin = "614141123452", lot = "A/B%C", serial = "S1", expiry = "261231", size = 120 });
        Assert.Equal(await single.Content.ReadAsByteArrayAsync(), second.ToArray());
    }

    [Fact]
    public async Task Only_the_requester_sees_a_job()
    {
        var client = fx.ClientFor(TestData.NewOrganizationId());
        var accepted = await (await client.PostJsonAsync(Path, new { gtin = "4006381333931", items = new[] { new { serial = "1" } } })).ReadAsync<QrBulkAccepted>();

        var other = await fx.ClientFor(TestData.NewOrganizationId()).GetAsync(accepted.PollUrl);
        var otherDownload = await fx.ClientFor(TestData.NewOrganizationId()).GetAsync($"{Path}{accepted.TaskId}/download");
        var anonymous = await fx.AnonymousClient().GetAsync(accepted.PollUrl);
        var unknown = await client.GetAsync($"{Path}{Guid.NewGuid()}/");
        var malformed = await client.GetAsync($"{Path}nope/");

        await other.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await otherDownload.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await anonymous.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await malformed.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_user_key_sees_its_jobs_from_any_of_its_keys()
    {
        var user = Guid.CreateVersion7();
        Caller Key() => new(user, Guid.CreateVersion7(), ApiKeyFormat.User, new Dictionary<Guid, string>(), []);
        var accepted = await (await fx.ClientAs(Key()).PostJsonAsync(Path, new { gtin = "4006381333931", items = new[] { new { lot = "1" } } })).ReadAsync<QrBulkAccepted>();

        var status = await fx.ClientAs(Key()).GetAsync(accepted.PollUrl);

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Theory]
    [InlineData("""{"gtin": "4006381333931"}""", "items")]
    [InlineData("""{"gtin": "4006381333931", "items": []}""", "items")]
    [InlineData("""{"gtin": "4006381333932", "items": [{}]}""", "gtin")]
    [InlineData("""{"gtin": "4006381333931", "items": [{}, {"lot": "A B"}]}""", "items[1]")]
    [InlineData("""{"gtin": "4006381333931", "items": [{"expiry": "261341"}]}""", "items[0]")]
    [InlineData("""{"gtin": "4006381333931", "items": [{"colour": "red"}]}""", "items[0].colour")]
    [InlineData("""{"gtin": "4006381333931", "items": [{}], "format": "pdf"}""", "format")]
    [InlineData("""{"gtin": "4006381333931", "items": [{}], "size": 10}""", "size")]
    public async Task Bad_bulk_requests_return_422_and_queue_nothing(string json, string field)
    {
        var key = Guid.CreateVersion7();
        var client = fx.ClientAs(new Caller(null, key, ApiKeyFormat.Business, new Dictionary<Guid, string>(), []));

        var response = await client.PostRawAsync(Path, json);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.qr_bulk_jobs WHERE requested_by = @key", new { key }));
    }

    [Fact]
    public async Task More_than_5000_items_return_422()
    {
        var items = string.Join(",", Enumerable.Repeat("{}", 5001));

        var response = await fx.ClientFor(TestData.NewOrganizationId()).PostRawAsync(Path, $$"""{"gtin": "4006381333931", "items": [{{items}}]}""");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "items");
    }
}
