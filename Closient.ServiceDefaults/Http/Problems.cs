using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Closient.ServiceDefaults.Http;

/// <summary>The problem responses handlers return for expected failures.</summary>
public static class Problems
{
    /// <summary>422 VALIDATION_ERROR naming each bad field.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Validation failed",
            Detail = detail ?? "One or more fields are invalid.",
        });

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>422 for a natural key that already exists (offers use 422, not 409, as the spec says).</summary>
    public static ProblemHttpResult Duplicate(string fields) =>
        Validation(new Dictionary<string, string[]> { [fields] = ["A resource with the same " + fields + " already exists."] },
            "Duplicate " + fields + ".");

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not Found", detail);

    /// <summary>404 for an organization the caller may not act on (or that does not exist): 404, never 403.</summary>
    public static ProblemHttpResult OrganizationNotFound() => NotFound("No organization with this id.");

    public static ProblemHttpResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "Bad Request", detail);

    public static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
