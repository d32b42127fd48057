using System.Net;
using System.Text.Json;

namespace Closient.Gateway.Tests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>Asserts the documented problem shape and returns its body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(errorCode, problem.GetProperty("error_code").GetString());
        Assert.Equal(status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
            problem.GetProperty("retryable").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(problem.GetProperty("timestamp").GetString(), out _));
        var requestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Equal(requestId, problem.GetProperty("request_id").GetString());
        return problem;
    }
}
