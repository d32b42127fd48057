using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Closient.Gateway.Errors;

/// <summary>Problem responses the gateway itself answers (it never reached a service, or the service failed).</summary>
public static class GatewayProblems
{
    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = ReasonPhrases.GetReasonPhrase(status), Detail = detail };
        var problemContext = new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem };
        if (await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problemContext))
            return;

        // The writer declines clients whose Accept excludes JSON (a browser asking for text/html);
        // they still get the documented shape rather than an empty body.
        ProblemConventions.Customize(problemContext);
        await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
    }

    /// <summary>Terminal handler for paths no route matches.</summary>
    public static Task NotFound(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status404NotFound, "No API is served at this path.");
}
