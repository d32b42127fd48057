using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Catalog.ClaimVerification;

/// <summary>Body of <c>POST …/organizations/{organization_id}/gs1-prefixes</c>.</summary>
public sealed record RegisterGs1PrefixRequest
{
    public string? Prefix { get; init; }
}

/// <summary>A GS1 Company Prefix an organization registered.</summary>
public sealed record Gs1PrefixOut(string Prefix, string OrganizationId, DateTimeOffset Created);

/// <summary>
/// <c>/products/api/v1/organizations/{organization_id}/gs1-prefixes</c>: the GS1 Company Prefixes an organization
/// declares. Its claims on GTINs under them are upgraded to <c>verified</c> by <see cref="ClaimVerifier"/>. Reading
/// needs View, registering and removing ManageOrganization (owner, manager); everyone else gets 404.
/// </summary>
public static class Gs1PrefixesApi
{
    public const string BasePath = "/products/api/v1/organizations/{organization_id}/gs1-prefixes";

    public static IEndpointRouteBuilder MapGs1PrefixesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath).WithTags("GS1 Company Prefixes");
        group.MapGet("", List).WithName("ListGs1Prefixes").WithAccess(AccessRule.Org(Permission.View))
            .WithSummary("The GS1 Company Prefixes the organization registered, in order.");
        group.MapPost("", Register).WithName("RegisterGs1Prefix").WithAccess(AccessRule.Org(Permission.ManageOrganization))
            .WithSummary("Register a GS1 Company Prefix; the organization's unverified claims under it are verified in the background.");
        group.MapDelete("{prefix}", Remove).WithName("DeleteGs1Prefix").WithAccess(AccessRule.Org(Permission.ManageOrganization));
        return app;
    }

    static async Task<Results<Ok<IReadOnlyList<Gs1PrefixOut>>, ProblemHttpResult>> List(
        string organization_id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ShortId.TryParse(organization_id, out var org) || !caller.Can(org, Permission.View)) return Problems.OrganizationNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(string Prefix, Guid OrganizationId, DateTimeOffset CreatedAt)>(new CommandDefinition(
            "SELECT prefix, organization_id, created_at FROM catalog.gs1_prefixes WHERE organization_id = @org ORDER BY prefix", new { org }, cancellationToken: ct));
        return TypedResults.Ok<IReadOnlyList<Gs1PrefixOut>>(rows.Select(r => new Gs1PrefixOut(r.Prefix, ShortId.Encode(r.OrganizationId), r.CreatedAt)).ToList());
    }

    static async Task<Results<Created<Gs1PrefixOut>, ProblemHttpResult>> Register(
        string organization_id, RegisterGs1PrefixRequest body, Caller caller, NpgsqlDataSource db, TimeProvider clock,
        ClaimVerificationSignal signal, CancellationToken ct)
    {
        if (!ShortId.TryParse(organization_id, out var org) || !caller.Can(org, Permission.ManageOrganization)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var prefix = Gs1Prefix.Validate(v, "prefix", body.Prefix);
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // One registration at a time, so two overlapping prefixes cannot slip in side by side.
        await conn.ExecuteAsync(new CommandDefinition("LOCK TABLE catalog.gs1_prefixes IN SHARE ROW EXCLUSIVE MODE", transaction: tx, cancellationToken: ct));
        const string overlap = """
            SELECT prefix, organization_id FROM catalog.gs1_prefixes
            WHERE starts_with(prefix, @prefix) OR starts_with(@prefix, prefix) ORDER BY prefix = @prefix DESC LIMIT 1
            """;
        var existing = await conn.QuerySingleOrDefaultAsync<(string Prefix, Guid OrganizationId)?>(new CommandDefinition(overlap, new { prefix }, tx, cancellationToken: ct));
        if (existing is { } e)
            return e.Prefix == prefix && e.OrganizationId == org
                ? Problems.Conflict($"This organization has already registered the GS1 Company Prefix {prefix}.")
                : e.OrganizationId == org
                    ? Problems.Conflict($"{prefix} overlaps the organization's GS1 Company Prefix {e.Prefix}.")
                    : Problems.Conflict($"{prefix} overlaps a GS1 Company Prefix another organization registered.");
        var created = await conn.QuerySingleAsync<DateTimeOffset>(new CommandDefinition(
            "INSERT INTO catalog.gs1_prefixes (prefix, organization_id, created_at) VALUES (@prefix, @org, @now) RETURNING created_at",
            new { prefix, org, now = DatabaseTime.Now(clock) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        signal.Wake();
        return TypedResults.Created($"/products/api/v1/organizations/{ShortId.Encode(org)}/gs1-prefixes/{prefix}",
            new Gs1PrefixOut(prefix, ShortId.Encode(org), created));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Remove(
        string organization_id, string prefix, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ShortId.TryParse(organization_id, out var org) || !caller.Can(org, Permission.ManageOrganization)) return Problems.OrganizationNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var deleted = await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM catalog.gs1_prefixes WHERE organization_id = @org AND prefix = @prefix", new { org, prefix }, cancellationToken: ct));
        return deleted == 0 ? Problems.NotFound("This organization has no such GS1 Company Prefix.") : TypedResults.NoContent();
    }
}

/// <summary>What a GS1 Company Prefix may be (see the README's "Claim verification").</summary>
public static class Gs1Prefix
{
    /// <summary>Ranges GS1 does not assign as company prefixes: restricted circulation, coupons, GTIN-8 padding.</summary>
    static readonly string[] NotCompanyPrefixes = ["0000", "02", "04", "05", "2", "981", "982", "983", "984", "99"];

    public static string Validate(Validation v, string field, string? value)
    {
        var prefix = value?.Trim() ?? "";
        if (prefix.Length == 0) v.Add(field, "Required.");
        else if (prefix.Length is < 4 or > 12 || !prefix.All(char.IsAsciiDigit)) v.Add(field, "Must be 4 to 12 digits (a GS1 Company Prefix; a U.P.C. prefix takes a leading 0).");
        else if (NotCompanyPrefixes.FirstOrDefault(prefix.StartsWith) is { } range)
            v.Add(field, $"Prefixes starting with {range} are not GS1 Company Prefixes (restricted circulation, coupons or GTIN-8 padding).");
        return prefix;
    }

    /// <summary>Whether <paramref name="gtin14"/> is under <paramref name="prefix"/>: its digits after the first start with it.</summary>
    public static bool Covers(string prefix, string gtin14) => gtin14.Length == 14 && gtin14.AsSpan(1).StartsWith(prefix);
}
