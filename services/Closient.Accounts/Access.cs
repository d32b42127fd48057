using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Closient.Accounts;

/// <summary>
/// Organization-scoped authorization. The caller's role in an organization is the one the gateway
/// vouched for in the internal token (as in every service); a malformed id, an organization the
/// caller is not in, a missing permission and a publishable key all look alike: 404
/// (spec/conventions.md §3.3), so the existence of an organization is never leaked.
/// </summary>
static class Access
{
    /// <summary>The organization named by <paramref name="organizationId"/> when the caller holds <paramref name="permission"/> in it.</summary>
    public static bool TryOrganization(Caller caller, string organizationId, Permission permission, out Guid organization) =>
        ShortId.TryParse(organizationId, out organization) && caller.Can(organization, permission);

    public static ProblemHttpResult OrganizationNotFound() => Problems.NotFound("No organization with this id.");

    public static ProblemHttpResult Forbidden(string detail) => Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", detail);
}
