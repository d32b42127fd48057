using System.Text.Json;
using Closient.Gateway.RateLimiting;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Gateway.Tests;

public sealed class RateLimitProblemTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("text/html")]
    public async Task A_refused_request_gets_a_429_rate_limited_problem_with_retry_after(string? accept)
    {
        var services = new ServiceCollection().AddLogging()
            .AddProblemDetails(o => o.CustomizeProblemDetails = ProblemConventions.Customize).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services, Response = { Body = new MemoryStream() } };
        context.Request.Headers["X-Request-Id"] = "rl-1";
        if (accept is not null) context.Request.Headers.Accept = accept;
        var decision = new RateLimitDecision(false, RateLimitPolicy.Default.HeaderValue, 300, 0, 60, 42, 1_773_144_060);

        await RateLimitProblems.WriteAsync(context, decision);

        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType?.Split(';')[0]);
        Assert.Equal("42", context.Response.Headers.RetryAfter);
        Assert.Equal("300", context.Response.Headers["RateLimit-Limit"]);
        Assert.Equal("1773144060", context.Response.Headers["X-RateLimit-Reset"]);
        context.Response.Body.Position = 0;
        var problem = JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("RATE_LIMITED", problem.GetProperty("error_code").GetString());
        Assert.True(problem.GetProperty("retryable").GetBoolean());
        Assert.Equal(42, problem.GetProperty("retry_after_seconds").GetInt32());
        Assert.Equal("rl-1", problem.GetProperty("request_id").GetString());
        Assert.Contains("300 requests per minute", problem.GetProperty("detail").GetString());
    }
}
