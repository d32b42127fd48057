using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

public sealed class ClaimReportsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = ShortId.Encode(Guid.NewGuid());

    /// <summary>A fresh documentation-range address per test, so the per-IP limit of one test never meets another's.</summary>
    static string NewIp() => $"198.51.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}";

    static object Report(string email = "jane@example.com") => new
    {
        reporter_email = email,
        reporter_relationship = "brand_rep",
        reason = "We are the brand owner; this organization is not us.",
        reporter_phone = "+1 555 0100",
        reporter_company = "Real Brand Inc.",
        supporting_url = "https://realbrand.example/about",
    };

    async Task<ProductOut> ClaimedAsync() =>
        await fx.ClientFor(org).CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, product_name = "Disputed" });

    async Task<HttpResponseMessage> PostReportAsync(string gtin, object body, string ip, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Api.Products}/{gtin}/report-claim") { Content = JsonContent.Create(body, options: Api.Json) };
        request.Headers.Add("X-Forwarded-For", ip);
        return await (client ?? fx.AnonymousClient()).SendAsync(request);
    }

    [Fact]
    public async Task Anyone_without_a_key_may_report_a_claim_and_gets_201()
    {
        var product = await ClaimedAsync();
        var ip = NewIp();

        var response = await PostReportAsync(product.Gtin, Report(), ip);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadAsync<ClaimReportResponse>();
        Assert.Equal(product.Gtin, body.Gtin);
        Assert.True(ShortId.TryParse(body.Id, out var id));
        Assert.False(string.IsNullOrWhiteSpace(body.Message));
        var stored = await fx.Database.QueryAsync<(string Email, string Ip, string Relationship)>(
            "SELECT reporter_email, reporter_ip, reporter_relationship FROM catalog.claim_reports WHERE id = @id", new { id });
        Assert.Equal([("jane@example.com", ip, "brand_rep")], stored);
    }

    [Fact]
    public async Task A_secret_key_caller_may_report_too()
    {
        var product = await ClaimedAsync();

        var response = await PostReportAsync(product.Gtin, Report(), NewIp(), fx.ClientFor(ShortId.Encode(Guid.NewGuid())));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task The_fourth_report_from_one_ip_within_a_day_gets_429_with_retry_after()
    {
        var ip = NewIp();
        for (var i = 0; i < ClaimReportsApi.DailyLimitPerIp; i++)
            Assert.Equal(HttpStatusCode.Created, (await PostReportAsync((await ClaimedAsync()).Gtin, Report(), ip)).StatusCode);
        var last = await ClaimedAsync();

        var response = await PostReportAsync(last.Gtin, Report(), ip);

        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 86_400);
        Assert.Equal((long)retryAfter.Value.TotalSeconds, problem.GetProperty("retry_after_seconds").GetInt64());
        Assert.True(problem.GetProperty("retryable").GetBoolean());
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.claim_reports r JOIN catalog.products p ON p.id = r.product_id WHERE p.gtin = @gtin", new { gtin = last.Gtin }));
        Assert.Equal(HttpStatusCode.Created, (await PostReportAsync(last.Gtin, Report(), NewIp())).StatusCode);
    }

    [Fact]
    public async Task Concurrent_reports_from_one_ip_cannot_pass_the_limit()
    {
        var ip = NewIp();
        var products = new List<ProductOut>();
        for (var i = 0; i < 6; i++) products.Add(await ClaimedAsync());

        var responses = await Task.WhenAll(products.Select(p => PostReportAsync(p.Gtin, Report(), ip)));

        Assert.Equal(ClaimReportsApi.DailyLimitPerIp, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(6 - ClaimReportsApi.DailyLimitPerIp, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Reports_from_enough_distinct_ips_put_the_claim_under_review()
    {
        var product = await ClaimedAsync();
        var args = new { gtin = product.Gtin };
        var sameIp = NewIp();
        await PostReportAsync(product.Gtin, Report(), sameIp);
        await PostReportAsync(product.Gtin, Report(), sameIp);
        Assert.False(await fx.Database.ScalarAsync<bool>("SELECT claim_under_review FROM catalog.products WHERE gtin = @gtin", args));

        for (var i = 1; i < ClaimReportsApi.ReviewThreshold; i++)
            Assert.Equal(HttpStatusCode.Created, (await PostReportAsync(product.Gtin, Report(), NewIp())).StatusCode);

        Assert.True(await fx.Database.ScalarAsync<bool>("SELECT claim_under_review FROM catalog.products WHERE gtin = @gtin", args));
        var queue = await fx.Database.QueryAsync<(int Ips, string Status)>(
            "SELECT q.distinct_reporter_ips, q.status FROM catalog.claim_review_queue q JOIN catalog.products p ON p.id = q.product_id WHERE p.gtin = @gtin", args);
        Assert.Equal([(ClaimReportsApi.ReviewThreshold, "open")], queue);
        // The flag changes no product data: no new version, no event.
        var read = await (await fx.ClientFor(org).GetAsync($"{Api.Products}/{product.Gtin}")).ReadAsync<ProductOut>();
        Assert.Equal(product.Modified, read.Modified);
    }

    [Fact]
    public async Task The_claimant_sees_nothing_of_the_reporter()
    {
        var product = await ClaimedAsync();
        await PostReportAsync(product.Gtin, Report("whistle.blower@example.com"), NewIp());

        var owner = fx.ClientFor(org);
        var bodies = new[]
        {
            await (await owner.GetAsync($"{Api.Products}/{product.Gtin}")).Content.ReadAsStringAsync(),
            await (await owner.GetAsync($"/products/api/v1/trade-items/{product.Gtin}")).Content.ReadAsStringAsync(),
            await (await owner.GetAsync($"{Api.Products}?organization_id={org}")).Content.ReadAsStringAsync(),
        };

        Assert.All(bodies, b => Assert.DoesNotContain("whistle.blower", b));
        Assert.All(bodies, b => Assert.DoesNotContain("Real Brand", b));
    }

    [Theory]
    [InlineData("reporter_email", "not-an-email")]
    [InlineData("reporter_email", "")]
    [InlineData("reporter_relationship", "cousin")]
    [InlineData("reason", "too short")]
    [InlineData("reporter_phone", "123456789012345678901234567890123")]
    [InlineData("supporting_url", "javascript:alert(1)")]
    [InlineData("supporting_url", "not a url")]
    public async Task Bad_fields_return_422_naming_the_field(string field, string value)
    {
        var product = await ClaimedAsync();
        var body = JsonSerializer.Deserialize<Dictionary<string, object>>(JsonSerializer.Serialize(Report(), Api.Json))!;
        body[field] = value;

        var response = await PostReportAsync(product.Gtin, body, NewIp());

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task Required_fields_and_lengths_are_checked()
    {
        var product = await ClaimedAsync();

        var missing = await PostReportAsync(product.Gtin, new { reporter_phone = "1" }, NewIp());
        var tooLong = await PostReportAsync(product.Gtin, new
        {
            reporter_email = new string('a', 250) + "@x.io", reporter_relationship = "other", reason = new string('r', 5001),
            reporter_company = new string('c', 256), supporting_url = "https://x.io/" + new string('u', 2000),
        }, NewIp());

        var problem = await missing.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "reporter_email");
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("reporter_relationship", fields);
        Assert.Contains("reason", fields);
        var longFields = (await tooLong.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "reason"))
            .GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("reporter_email", longFields);
        Assert.Contains("reporter_company", longFields);
        Assert.Contains("supporting_url", longFields);
    }

    [Fact]
    public async Task Unknown_malformed_and_unclaimed_gtins_return_404_422_and_409()
    {
        var unclaimed = await fx.ClientFor(org).CreateProductAsync(new { gtin = TestGtins.New13() });

        await (await PostReportAsync(TestGtins.New13(), Report(), NewIp())).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await PostReportAsync("123", Report(), NewIp())).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
        await (await PostReportAsync(unclaimed.Gtin, Report(), NewIp())).AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Without_the_gateways_token_the_service_answers_401()
    {
        var product = await ClaimedAsync();
        using var client = fx.Factory.CreateClient();

        var response = await client.PostAsJsonAsync($"{Api.Products}/{product.Gtin}/report-claim", Report(), Api.Json);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
