using Closient.Catalog.Certifications;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Catalog.Dashboard;

/// <summary><c>GET /dashboard/api/v1/stats/{organization_id}</c> (spec/catalog.md §8).</summary>
public sealed record DashboardStatsOut(
    int TotalProducts,
    int CompleteProducts,
    int AvgCompleteness,
    int ActiveOffers,
    int BrokenOffers,
    int ExpiringCertifications,
    int MissingImages);

/// <summary>
/// The brand dashboard's completeness of one product and the organization's stats (spec/catalog.md §8).
/// Both read <see cref="CompletenessFacts"/> and score with <see cref="Completeness.Of"/>: one formula.
/// Any member of the organization (<see cref="Permission.View"/>) may read them; others get 404.
/// </summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup("/dashboard/api/v1").WithTags("Dashboard");
        dashboard.MapGet("trade-items/{organizationId}/{gtin}/completeness", GetCompleteness).WithName("GetProductCompleteness").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("How complete a product's data is: weighted field scores and their percentage.");
        dashboard.MapGet("stats/{organizationId}", GetStats).WithName("GetDashboardStats").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("The organization's product, completeness, offer, certification and image counters.");
        return app;
    }

    static async Task<Results<Ok<CompletenessOut>, ProblemHttpResult>> GetCompleteness(
        string organizationId, string gtin, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.View, out var org)) return Problems.OrganizationNotFound();
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return Problems.Validation("gtin", error);
        await using var conn = await db.OpenConnectionAsync(ct);
        var productId = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM catalog.products WHERE gtin = @gtin14 AND owner_id = @org", new { gtin14, org }, cancellationToken: ct));
        if (productId is null) return Problems.NotFound($"The organization has no product with GTIN {gtin14}.");
        var facts = await CompletenessFacts.LoadAsync(conn, org, productId, Validity.Today(clock), ct);
        return facts.Count == 0
            ? Problems.NotFound($"The organization has no product with GTIN {gtin14}.")
            : TypedResults.Ok(Completeness.Of(facts[0]));
    }

    static async Task<Results<Ok<DashboardStatsOut>, ProblemHttpResult>> GetStats(
        string organizationId, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.View, out var org)) return Problems.OrganizationNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var facts = await CompletenessFacts.LoadAsync(conn, org, null, Validity.Today(clock), ct);
        var percentages = facts.Select(f => Completeness.Of(f).Percentage).ToList();
        var average = percentages.Count == 0 ? 0 : (int)Math.Round((decimal)percentages.Sum() / percentages.Count, MidpointRounding.AwayFromZero);
        return TypedResults.Ok(new DashboardStatsOut(
            TotalProducts: facts.Count,
            CompleteProducts: percentages.Count(p => p >= Completeness.CompleteThreshold),
            AvgCompleteness: average,
            ActiveOffers: facts.Sum(f => f.ActiveOffers),
            BrokenOffers: await CompletenessSeams.BrokenOnlineOffersAsync(conn, org, ct),
            ExpiringCertifications: await CompletenessSeams.ExpiringCertificationsAsync(conn, org, Validity.Today(clock), ct),
            MissingImages: facts.Count(f => f.ImageCount == 0)));
    }
}
