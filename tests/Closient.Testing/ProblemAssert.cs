using System.Text.Json;
using Xunit;

namespace Closient.Testing;

public static class ProblemAssert
{
    /// <summary>
    /// Asserts an RFC 9457 problem response: the status, <c>application/problem+json</c>, the
    /// <c>error_code</c>, and (when given) that <paramref name="field"/> is named in <c>errors</c>.
    /// </summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, int status, string errorCode, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(errorCode, problem.GetProperty("error_code").GetString());
        if (field is not null)
            Assert.Contains(field, problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("   at ", body); // no stack traces
        return problem;
    }
}
