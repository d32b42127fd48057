using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Closient.Bench;

/// <summary>
/// <c>closient-bench plain</c>: the baseline of the resolver benchmark, plain Kestrel with nothing of ours (no service
/// defaults, no auth, no database): <c>GET /</c> writes 37 fixed bytes. What this machine can serve at all, measured
/// in the same run as the resolver.
/// </summary>
public static class PlainService
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var body = Encoding.UTF8.GetBytes("""{"status":"ok","service":"baseline"}""" + "\n");
        app.MapGet("/", (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        await app.RunAsync();
    }
}
