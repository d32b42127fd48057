using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Closient.ServiceDefaults.Http;

/// <summary>
/// RFC 9457 problem responses as the public API documents them: <c>error_code</c> (upper case, as on
/// the /errors page), <c>retryable</c>, <c>timestamp</c>, <c>request_id</c>, and for validation
/// failures both the ASP.NET <c>errors</c> map and the spec's <c>details: [{field, message}]</c> list.
/// </summary>
public static class ProblemConventions
{
    public static string ErrorCodeFor(int status, bool hasFieldErrors = false) => status switch
    {
        400 => "BAD_REQUEST",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        409 => "CONFLICT",
        413 => "PAYLOAD_TOO_LARGE",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        422 => hasFieldErrors ? "VALIDATION_ERROR" : "UNPROCESSABLE_ENTITY",
        429 => "RATE_LIMITED",
        502 => "BAD_GATEWAY",
        503 => "SERVICE_UNAVAILABLE",
        504 => "GATEWAY_TIMEOUT",
        >= 500 => "INTERNAL_ERROR",
        _ => "BAD_REQUEST",
    };

    public static bool IsRetryable(int status) => status is 429 or 502 or 503 or 504;

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        var fieldErrors = problem is HttpValidationProblemDetails v && v.Errors.Count > 0 ? v.Errors : null;
        if (!problem.Extensions.ContainsKey("error_code"))
            problem.Extensions["error_code"] = ErrorCodeFor(status, fieldErrors is not null);
        var code = (string)problem.Extensions["error_code"]!;
        problem.Type = $"https://closient.com/docs/errors/{code.ToLowerInvariant()}";
        problem.Extensions["retryable"] = IsRetryable(status);
        problem.Extensions["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffK");
        problem.Extensions.Remove("traceId");
        problem.Extensions["request_id"] = context.HttpContext.Request.Headers["X-Request-Id"].FirstOrDefault()
            ?? Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        if (fieldErrors is not null)
            problem.Extensions["details"] = fieldErrors
                .SelectMany(e => e.Value.Select(m => new Dictionary<string, string> { ["field"] = e.Key, ["message"] = m }))
                .ToList();
        problem.Detail ??= status switch
        {
            404 => "The requested resource was not found.",
            405 => "The method is not allowed on this resource.",
            _ => null,
        };
    }
}
