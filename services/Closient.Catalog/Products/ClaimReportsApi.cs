using Closient.ServiceDefaults.Auth;
using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Products;

/// <summary>
/// <c>POST /products/{gtin}/report-claim</c>: anyone (the gateway's anonymous token included) may dispute a
/// claim. At most <see cref="DailyLimitPerIp"/> reports per client IP in any 24 hours (429 RATE_LIMITED with
/// Retry-After); reports from <see cref="ReviewThreshold"/> distinct IPs put the claim in the staff review
/// queue. Reporter data is stored for staff only and returned to no one. README "Claiming".
/// </summary>
public static partial class ClaimReportsApi
{
    public const int DailyLimitPerIp = 3;
    public const int ReviewThreshold = 3;
    public const int EmailMax = 254, ReasonMin = 10, ReasonMax = 5000, PhoneMax = 32, CompanyMax = 255, SupportingUrlMax = 2000;

    static readonly string[] Relationships = ["brand_rep", "legal", "consumer", "competitor", "staff", "other"];

    public static IEndpointRouteBuilder MapClaimReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/products/api/v1/products").WithTags("Products")
            .MapPost("{gtin}/report-claim", ReportClaim).WithName("ReportClaim").WithAccess(AccessRule.Public)
            .WithSummary("Report a wrong claim on a product (public: no key needed).");
        return app;
    }

    static async Task<Results<Created<ClaimReportResponse>, ProblemHttpResult>> ReportClaim(
        string gtin, ClaimReportRequest body, HttpContext http, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        // Public: every caller is welcome (anonymous token, publishable and secret keys); the IP is what is limited.
        var v = new Validation();
        var email = v.Required("reporter_email", body.ReporterEmail, EmailMax);
        if (email.Length > 0 && !EmailShape().IsMatch(email)) v.Add("reporter_email", "Must be an email address.");
        var relationship = v.Required("reporter_relationship", body.ReporterRelationship, 20);
        if (relationship.Length > 0 && !Relationships.Contains(relationship))
            v.Add("reporter_relationship", $"Must be one of {string.Join(", ", Relationships)}.");
        var reason = v.Required("reason", body.Reason, ReasonMax);
        if (reason.Length is > 0 and < ReasonMin) v.Add("reason", $"At least {ReasonMin} characters.");
        var report = new
        {
            Id = ShortId.NewGuid(),
            ReporterEmail = email,
            ReporterRelationship = relationship,
            Reason = reason,
            ReporterPhone = v.Optional("reporter_phone", body.ReporterPhone, PhoneMax),
            ReporterCompany = v.Optional("reporter_company", body.ReporterCompany, CompanyMax),
            SupportingUrl = ProductFields.Url(v, "supporting_url", body.SupportingUrl),
            ReporterIp = ClientIp(http),
            Now = DatabaseTime.Now(clock),
        };
        if (report.SupportingUrl.Length > SupportingUrlMax) v.Add("supporting_url", $"At most {SupportingUrlMax} characters.");
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) v.Add("gtin", error);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // One IP's reports are counted and written one at a time, so concurrent requests cannot slip past the limit.
        const string window = """
            SELECT count(*),
                   coalesce(ceil(extract(epoch FROM min(created_at) + interval '1 day' - @Now)), 0)::bigint
            FROM catalog.claim_reports
            WHERE reporter_ip = @ReporterIp AND created_at > @Now - interval '1 day'
            """;
        await conn.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('catalog.claim_reports:' || @ReporterIp, 0))", report, tx, cancellationToken: ct));
        var (count, secondsLeft) = await conn.QuerySingleAsync<(long, long)>(new CommandDefinition(window, report, tx, cancellationToken: ct));
        if (count >= DailyLimitPerIp)
        {
            var retryAfter = Math.Max(1, secondsLeft);
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests, Title = "Too Many Requests",
                Detail = $"At most {DailyLimitPerIp} claim reports per client in 24 hours.",
                Extensions = { ["retry_after_seconds"] = retryAfter },
            });
        }

        var product = await conn.QuerySingleOrDefaultAsync<(Guid Id, Guid? OwnerId)>(new CommandDefinition(
            "SELECT id, owner_id FROM catalog.products WHERE gtin = @gtin14 FOR UPDATE", new { gtin14 }, tx, cancellationToken: ct));
        if (product.Id == Guid.Empty) return ProductsApi.NotFound(gtin14);
        if (product.OwnerId is not { } owner) return Problems.Conflict($"GTIN {gtin14} is not claimed; there is no claim to report.");

        const string insert = """
            INSERT INTO catalog.claim_reports (id, product_id, owner_id, reporter_email, reporter_relationship, reason,
                                               reporter_phone, reporter_company, supporting_url, reporter_ip, created_at)
            VALUES (@Id, @ProductId, @OwnerId, @ReporterEmail, @ReporterRelationship, @Reason,
                    @ReporterPhone, @ReporterCompany, @SupportingUrl, @ReporterIp, @Now);
            SELECT count(DISTINCT reporter_ip) FROM catalog.claim_reports WHERE product_id = @ProductId AND owner_id = @OwnerId;
            """;
        var args = new DynamicParameters(report);
        args.AddDynamicParams(new { ProductId = product.Id, OwnerId = owner });
        var distinctIps = await conn.ExecuteScalarAsync<long>(new CommandDefinition(insert, args, tx, cancellationToken: ct));
        if (distinctIps >= ReviewThreshold)
        {
            // The flag is internal (not in ProductOut) and changes no product data: no modified time, no event.
            const string review = """
                UPDATE catalog.products SET claim_under_review = true WHERE id = @ProductId;
                INSERT INTO catalog.claim_review_queue (product_id, owner_id, distinct_reporter_ips, opened_at, updated_at)
                VALUES (@ProductId, @OwnerId, @DistinctIps, @Now, @Now)
                ON CONFLICT (product_id, owner_id) DO UPDATE
                SET distinct_reporter_ips = EXCLUDED.distinct_reporter_ips, updated_at = EXCLUDED.updated_at, status = 'open';
                """;
            await conn.ExecuteAsync(new CommandDefinition(review,
                new { ProductId = product.Id, OwnerId = owner, DistinctIps = (int)distinctIps, report.Now }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);

        var id = ShortId.Encode(report.Id);
        return TypedResults.Created($"/products/api/v1/products/{gtin14}/report-claim/{id}",
            new ClaimReportResponse(id, gtin14, "Thank you. The report was received and will be reviewed by Closient staff."));
    }

    /// <summary>The client address after ServiceDefaults' forwarded-headers step (the gateway's X-Forwarded-For); "" if unknown.</summary>
    static string ClientIp(HttpContext http)
    {
        var ip = http.Connection.RemoteIpAddress;
        if (ip is null) return "";
        return (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
    }

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")]
    private static partial Regex EmailShape();
}
