using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Closient.Gateway.Errors;

/// <summary>
/// Proxy-pipeline middleware that turns what YARP reports through <see cref="IForwarderErrorFeature"/>
/// into problem+json: 502 unreachable, 503 no destination, 504 timed out, 413 for a chunked body that
/// grows over the limit while it is forwarded (a declared Content-Length over it never gets here:
/// ServiceDefaults' RequestBodyLimit answers first). YARP has already chosen the status code; this adds
/// the body clients branch on.
/// </summary>
public static class ForwarderErrorProblems
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);

        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
            return;

        var status = context.Response.StatusCode;
        var detail = (error.Error, status) switch
        {
            (_, StatusCodes.Status413PayloadTooLarge) => TooLarge(context),
            (ForwarderError.NoAvailableDestinations, _) => "The service for this path is not available.",
            (ForwarderError.RequestTimedOut, _) or (_, StatusCodes.Status504GatewayTimeout) => "The service did not answer in time.",
            (ForwarderError.Request or ForwarderError.RequestCreation, _) => "The service could not be reached.",
            (_, >= 500) => "The service's response could not be forwarded.",
            _ => "The request could not be forwarded.",
        };
        await GatewayProblems.WriteAsync(context, status, detail);
    }

    static string TooLarge(HttpContext context) =>
        $"The request body is larger than {context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes.";
}
