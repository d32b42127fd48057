using Microsoft.AspNetCore.Http;

namespace Closient.AppHost.Dashboard;

/// <summary>
/// Binding to 127.0.0.1 keeps other machines out, but a web page in the developer's browser could
/// still POST to it (or reach it by DNS rebinding): requests must name localhost as Host, and as
/// Origin when a browser sends one.
/// </summary>
static class LocalOnly
{
    public static Func<HttpContext, RequestDelegate, Task> Guard(int port)
    {
        string[] hosts = [$"localhost:{port}", $"127.0.0.1:{port}"];
        string[] origins = [.. hosts.Select(h => $"http://{h}")];
        return (context, next) =>
        {
            var request = context.Request;
            var origin = request.Headers.Origin.ToString();
            if (!hosts.Contains(request.Host.Value, StringComparer.OrdinalIgnoreCase)
                || (origin.Length > 0 && !origins.Contains(origin, StringComparer.OrdinalIgnoreCase)))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }
            return next(context);
        };
    }
}
