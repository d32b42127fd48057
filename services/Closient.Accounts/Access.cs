using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Closient.Accounts;

/// <summary>
/// Organization-scoped authorization uses <c>caller.TryOrganization</c> and answers every refusal with
/// <c>Problems.OrganizationNotFound()</c> (404, spec/conventions.md §3.3). The one 403 here is for a
/// caller who can already see the organization but may not change an owner.
/// </summary>
static class Access
{
    public static ProblemHttpResult Forbidden(string detail) => Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", detail);
}
