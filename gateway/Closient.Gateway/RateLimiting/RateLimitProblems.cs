using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;

namespace Closient.Gateway.RateLimiting;

/// <summary>The 429 RATE_LIMITED problem (retryable, with <c>retry_after_seconds</c>) and its headers.</summary>
public static class RateLimitProblems
{
    public static async Task WriteAsync(HttpContext context, RateLimitDecision decision, string whose = "This API key's limit")
    {
        var retryAfter = decision.RetryAfterSeconds ?? decision.ResetSeconds;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        decision.WriteHeaders(context.Response.Headers);
        var window = decision.WindowSeconds switch
        {
            RateLimitPolicy.MinuteSeconds => "minute",
            3600 => "hour",
            RateLimitPolicy.DaySeconds => "day",
            var seconds => $"{seconds} seconds",
        };
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too Many Requests",
            Detail = $"{whose} of {decision.Limit} requests per {window} is used up; retry in {retryAfter} seconds.",
            Extensions = { ["retry_after_seconds"] = retryAfter },
        };
        var problemContext = new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem };
        if (await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problemContext))
            return;

        // As GatewayProblems: clients whose Accept excludes JSON still get the documented shape.
        ProblemConventions.Customize(problemContext);
        await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
    }
}
