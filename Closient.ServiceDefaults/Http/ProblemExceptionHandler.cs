using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Closient.ServiceDefaults.Http;

/// <summary>
/// Turns exceptions into problem responses. Bad requests (malformed JSON, wrong types, unknown
/// fields, oversize bodies) become 4xx naming the field; anything else becomes a 500 without a
/// stack trace, SQL or type names.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested =>
                new ProblemDetails { Status = 499, Title = "Client closed request" },
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = "Internal Server Error", Detail = "An unexpected error occurred." };
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
            return FromJson(json);
        return bad.StatusCode switch
        {
            413 => new ProblemDetails { Status = 413, Title = "Payload Too Large", Detail = "The request body is too large." },
            415 => new ProblemDetails { Status = 415, Title = "Unsupported Media Type", Detail = "Send the body as application/json." },
            _ => new ProblemDetails { Status = bad.StatusCode, Title = "Bad Request", Detail = Sanitize(bad.Message) },
        };
    }

    static ProblemDetails FromJson(JsonException json)
    {
        var field = FieldFromPath(json.Path);
        var message = json.Message;
        var unknown = UnknownMember().Match(message);
        if (unknown.Success)
            return FieldProblem(field is not null && field.EndsWith(unknown.Groups[1].Value) ? field : AppendField(field, unknown.Groups[1].Value), "Unknown field.");
        var conversion = ConversionFailure().Match(message);
        if (conversion.Success && field is not null)
            return FieldProblem(field, "Must be " + JsonKind(conversion.Groups[1].Value) + ".");
        return new ProblemDetails
        {
            Status = 400,
            Title = "Bad Request",
            Detail = field is null ? "The request body is not valid JSON." : $"The request body is not valid JSON near '{field}'.",
        };
    }

    static ProblemDetails FieldProblem(string field, string message) =>
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = 422, Title = "Validation failed", Detail = $"Field '{field}': {message}",
        };

    static string? FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        return path.StartsWith("$.") ? path[2..] : path.TrimStart('$');
    }

    static string AppendField(string? parent, string name) => parent is null ? name : parent + "." + name;

    static string JsonKind(string clrType) => clrType switch
    {
        var t when t.Contains("Int") || t.Contains("Double") || t.Contains("Decimal") || t.Contains("Single") => "a number",
        var t when t.Contains("Boolean") => "true or false",
        var t when t.Contains("String") => "a string",
        var t when t.Contains("List") || t.Contains("[]") || t.Contains("Enumerable") => "an array",
        var t when t.Contains("Dictionary") => "an object",
        _ => "a value of the documented type",
    };

    static string Sanitize(string message) =>
        message.Contains("Failed to bind parameter") || message.Contains("Required parameter")
            ? "A required parameter is missing or malformed."
            : message.Contains("Failed to read parameter") ? "The request body could not be read." : message;

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"could not be converted to ([\w.`\[\]]+)")]
    private static partial Regex ConversionFailure();
}
