using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Closient.ServiceDefaults.Http;

/// <summary>
/// Rejects a declared Content-Length over the limit with a 413 problem before anything reads the
/// body. Kestrel enforces the same limit on chunked bodies as they stream; this makes the answer
/// uniform (and testable in-process, where there is no Kestrel).
/// </summary>
sealed class RequestBodyLimit(RequestDelegate next, IConfiguration configuration, IProblemDetailsService problems)
{
    readonly long _limit = configuration.GetValue<long?>("Kestrel:Limits:MaxRequestBodySize") ?? ServiceDefaultsExtensions.DefaultMaxRequestBodySize;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = 413, Title = "Payload Too Large", Detail = $"The request body is larger than {_limit} bytes." },
            });
            return;
        }
        await next(context);
    }
}
