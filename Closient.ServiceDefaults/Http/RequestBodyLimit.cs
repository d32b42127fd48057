using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Closient.ServiceDefaults.Http;

/// <summary>
/// Rejects a declared Content-Length over the limit with a 413 problem before anything reads the
/// body. The limit is the one the server applies to this request (Kestrel enforces it on chunked
/// bodies as they stream), or the configured one where the server has none (the in-process test host).
/// </summary>
sealed class RequestBodyLimit(RequestDelegate next, IConfiguration configuration, IProblemDetailsService problems)
{
    readonly long _configured = configuration.GetValue<long?>("Kestrel:Limits:MaxRequestBodySize") ?? ServiceDefaultsExtensions.DefaultMaxRequestBodySize;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { } feature ? feature.MaxRequestBodySize : _configured;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = 413, Title = "Payload Too Large", Detail = $"The request body is larger than {limit} bytes." },
            });
            return;
        }
        await next(context);
    }
}
