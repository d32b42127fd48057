using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Closient.Bench;

/// <summary>
/// <c>closient-bench accounts-stub</c>: a stand-in for accounts' key verification (<c>POST /internal/api/v1/api-keys/verify</c>)
/// so the search benchmark's gateway admits the bench's <c>csb_</c> key without the accounts service and its data: every
/// well-formed key is a business key of no organization, limited to 1,000,000,000 calls a minute and 2,000,000,000 a day
/// (so the gateway's per-key limiter runs but never throttles). The gateway caches the answer
/// (<c>Gateway:ApiKeys:CacheSeconds</c>, 30 s), so this is called about twice a minute.
/// </summary>
public static class AccountsStub
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var keyId = Guid.CreateVersion7();
        var body = Encoding.UTF8.GetBytes(
            $$"""{"key_id":"{{keyId}}","key_type":"csb","user_id":null,"organizations":{},"scopes":[],"expires_at":null,"rate_limit_per_minute":1000000000,"rate_limit_per_day":2000000000}""");
        app.MapPost("/internal/api/v1/api-keys/verify", (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        app.MapGet("/health", () => "ok");
        await app.RunAsync();
    }
}
