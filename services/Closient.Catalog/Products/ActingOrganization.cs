using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Closient.Catalog.Products;

/// <summary>
/// Which organization a claim or an import acts for: the <c>organization_id</c> the request names, or,
/// when it names none, the only organization in which the caller holds the permission (README "Claiming").
/// </summary>
static class ActingOrganization
{
    /// <summary>The organization, or the problem to answer: 422 for a malformed or ambiguous id, 404 when the caller may not act.</summary>
    public static (Guid Organization, ProblemHttpResult? Problem) Resolve(Caller caller, string? organizationId, Permission permission)
    {
        if (organizationId is not null)
        {
            if (!ShortId.TryParse(organizationId.Trim(), out var org))
                return (Guid.Empty, Problems.Validation("organization_id", "Must be a 22-character id or a UUID."));
            return caller.Can(org, permission) ? (org, null) : (Guid.Empty, Problems.OrganizationNotFound());
        }
        var candidates = caller.Organizations.Keys.Where(o => caller.Can(o, permission)).Take(2).ToList();
        return candidates.Count switch
        {
            1 => (candidates[0], null),
            // Not a member anywhere with the permission: nothing to act for, the same 404 as an outsider.
            0 => (Guid.Empty, Problems.OrganizationNotFound()),
            _ => (Guid.Empty, Problems.Validation("organization_id", "Required: the caller may act for more than one organization.")),
        };
    }
}
