using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Accounts.Identity;

public sealed record TraitPreference(string Trait, string TraitLabel, string Category, string Stance);

/// <summary>
/// <c>GET /account/api/v1/preferences</c>: the calling user's trait preferences, a bare array ordered by
/// category then trait; a fresh account gets <c>200 []</c>. Preferences belong to a person, so only a
/// user (csu) key has any: organization keys get 404, as for any resource they cannot see.
/// </summary>
public static class PreferencesApi
{
    public static IEndpointRouteBuilder MapPreferencesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/api/v1/preferences", GetPreferences).WithName("GetPreferences").WithTags("Identity")
            .WithAccess(AccessRule.User).RequireAuthorization()
            .WithSummary("The calling user's trait preferences (allergens, diets, …); read-only through the API.");
        return app;
    }

    static async Task<Results<Ok<IReadOnlyList<TraitPreference>>, ProblemHttpResult>> GetPreferences(Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.UserId is not { } userId) return Problems.NotFound("Preferences belong to a user; use a user (csu) key.");
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<TraitPreference>(new CommandDefinition("""
            SELECT trait, trait_label, category, stance FROM accounts.user_preferences
            WHERE user_id = @userId ORDER BY category, trait
            """, new { userId }, cancellationToken: ct));
        return TypedResults.Ok<IReadOnlyList<TraitPreference>>(rows.AsList());
    }
}
