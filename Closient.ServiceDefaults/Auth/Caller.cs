using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Closient.ServiceDefaults.Auth;

/// <summary>
/// Who is calling, as the gateway vouched for it in the internal token: the user (csu keys, sessions),
/// the API key and its type, the organizations the caller acts for with its role in each, and scopes.
/// Handlers take a <see cref="Caller"/> parameter and ask <see cref="Can"/>; a caller outside an
/// organization gets 404 from org-scoped resources, never 403 (spec/conventions.md §3.3).
/// </summary>
public sealed record Caller(
    Guid? UserId,
    Guid? ApiKeyId,
    string KeyType,
    IReadOnlyDictionary<Guid, string> Organizations,
    IReadOnlyList<string> Scopes)
{
    public const string UserClaim = "sub", KeyIdClaim = "key_id", KeyTypeClaim = "key_type", OrganizationsClaim = "orgs", ScopeClaim = "scope";

    /// <summary>The key type of the token the gateway mints for a request without a key to a public endpoint.</summary>
    public const string AnonymousKeyType = "anonymous";

    /// <summary>The key type of the token the gateway mints for its own calls (key verification).</summary>
    public const string ServiceKeyType = "service";

    public static readonly Caller Anonymous = new(null, null, AnonymousKeyType, new Dictionary<Guid, string>(), []);

    /// <summary>An API-key caller acting for one organization with one role (csb keys; tests).</summary>
    public static Caller ForOrganization(Guid organizationId, string role, string keyType = "csb") =>
        new(null, Guid.CreateVersion7(), keyType, new Dictionary<Guid, string> { [organizationId] = role }, []);

    public bool IsAuthenticated => UserId is not null || ApiKeyId is not null;

    /// <summary>True for publishable (<c>cpk_</c>) keys, which only public-read endpoints accept.</summary>
    public bool IsPublishable => KeyType == "cpk";

    public string? RoleIn(Guid organizationId) => Organizations.GetValueOrDefault(organizationId);

    public bool Can(Guid organizationId, Permission permission) =>
        !IsPublishable && RoleIn(organizationId) is { } role && Roles.Grants(role, permission);

    /// <summary>
    /// Parses an organization id from a path (shortuuid or UUID) and checks the permission on it. False
    /// for a malformed id and for a caller without the permission alike: answer both with
    /// <see cref="Http.Problems.OrganizationNotFound"/>, so an organization's existence is not leaked.
    /// </summary>
    public bool TryOrganization(string organizationId, Permission permission, out Guid organization) =>
        Http.ShortId.TryParse(organizationId, out organization) && Can(organization, permission);

    /// <summary>Minimal API binding: the caller of the current request (Anonymous when there is no valid token).</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<Caller?>(FromPrincipal(context.User));

    public static Caller FromPrincipal(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return Anonymous;
        Guid? Id(string claim) => Guid.TryParse(principal.FindFirstValue(claim), out var id) ? id : null;
        var orgs = principal.FindFirstValue(OrganizationsClaim) is { Length: > 0 } json
            ? JsonSerializer.Deserialize<Dictionary<Guid, string>>(json) ?? []
            : [];
        var scopes = (principal.FindFirstValue(ScopeClaim) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new Caller(Id(UserClaim), Id(KeyIdClaim), principal.FindFirstValue(KeyTypeClaim) ?? "", orgs, scopes);
    }
}
