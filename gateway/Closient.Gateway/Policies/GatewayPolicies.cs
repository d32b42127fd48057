using Closient.Gateway.Auth;
using Closient.Gateway.Errors;
using Closient.Gateway.RateLimiting;
using Closient.ServiceDefaults.Auth;
using Yarp.ReverseProxy.Model;

namespace Closient.Gateway.Policies;

/// <summary>
/// The slot in the proxy pipeline where a request is admitted before it is forwarded: runs after
/// routing (the route and cluster are known) and before load balancing and the forwarder.
/// </summary>
/// <remarks>
/// The API-key perimeter (DESIGN.md §2): the endpoint's access (<see cref="PublicEndpoints"/>), the
/// <c>X-API-Key</c> check (<see cref="ApiKeyVerifier"/>), the per-key rate limit
/// (<see cref="ApiKeyRateLimiter"/>, headers on every keyed response), and the signed internal token
/// that replaces the client's key and any <c>X-Closient-Token</c> it sent.
/// </remarks>
public static class GatewayPolicies
{
    public const string ApiKeyHeader = "X-API-Key";

    public static IReverseProxyApplicationBuilder UseGatewayPolicies(this IReverseProxyApplicationBuilder proxy)
    {
        // Resolved once, when the pipeline is built: a gateway that cannot sign tokens fails there, not per request.
        var services = proxy.ApplicationServices;
        var verifier = services.GetRequiredService<ApiKeyVerifier>();
        var limiter = services.GetRequiredService<ApiKeyRateLimiter>();
        var anonymousLimiter = services.GetRequiredService<AnonymousRateLimiter>();
        var tokens = services.GetRequiredService<InternalToken>();
        var clock = services.GetRequiredService<TimeProvider>();
        proxy.Use((context, next) => AdmitAsync(context, next, verifier, limiter, anonymousLimiter, tokens, clock));
        return proxy;
    }

    static async Task AdmitAsync(HttpContext context, Func<Task> next,
        ApiKeyVerifier verifier, ApiKeyRateLimiter limiter, AnonymousRateLimiter anonymousLimiter, InternalToken tokens, TimeProvider clock)
    {
        var request = context.Request;

        // CORS preflight carries no credentials by design: the service answers it as an anonymous caller
        // (services require a valid token on every request).
        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            await ForwardAsync(context, next, tokens.IssueShared(Caller.Anonymous, clock.GetUtcNow()));
            return;
        }

        var rule = PublicEndpoints.Match(request.Method, request.Path);
        var access = rule?.Access ?? EndpointAccess.SecretKey;
        var rawKey = request.Headers[ApiKeyHeader].ToString();
        var verification = await verifier.VerifyAsync(rawKey, context.RequestAborted);

        Caller caller;
        switch (verification.Status)
        {
            case ApiKeyStatus.Missing when access == EndpointAccess.Public:
                if (anonymousLimiter.TryAcquire(rule!, context.Connection.RemoteIpAddress) is { } throttle)
                {
                    if (!throttle.Allowed)
                    {
                        await RateLimitProblems.WriteAsync(context, throttle, "The limit on keyless calls from your address");
                        return;
                    }
                    WriteHeadersOnStart(context.Response, throttle);
                }
                caller = Caller.Anonymous;
                break;
            case ApiKeyStatus.Missing:
                await Unauthorized(context, "An API key is required: send it in the X-API-Key header.");
                return;
            case ApiKeyStatus.Malformed:
                await Unauthorized(context, "The X-API-Key header is not a valid API key.");
                return;
            case ApiKeyStatus.Unknown:
                await Unauthorized(context, "The API key is unknown, revoked or expired.");
                return;
            case ApiKeyStatus.Unavailable:
                context.Response.Headers.RetryAfter = "1";
                await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                    "The API key could not be verified right now; retry shortly.");
                return;
            default:
                var key = verification.Key!;
                if (!access.Accepts(key.Caller.KeyType))
                {
                    await GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden,
                        "Publishable keys only work on public-read endpoints; use a secret (csb_ or csu_) key.");
                    return;
                }

                var decision = limiter.TryAcquire(key.KeyHash, key.RateLimits);
                if (!decision.Allowed)
                {
                    await RateLimitProblems.WriteAsync(context, decision);
                    return;
                }
                WriteHeadersOnStart(context.Response, decision);
                caller = key.Caller;
                break;
        }

        await ForwardAsync(context, next, tokens.IssueShared(caller, clock.GetUtcNow()));
    }

    /// <summary>
    /// At the last moment, so that they replace whatever the service or YARP set (YARP copies the
    /// service's response headers into Response.Headers before the response starts).
    /// </summary>
    static void WriteHeadersOnStart(HttpResponse response, RateLimitDecision decision) =>
        response.OnStarting(static state =>
        {
            var (response, decision) = ((HttpResponse, RateLimitDecision))state;
            decision.WriteHeaders(response.Headers);
            return Task.CompletedTask;
        }, (response, decision));

    /// <summary>
    /// The client's key never reaches a service, nor does a token the client made up: both go, and the
    /// gateway's token takes their place (YARP forwards the request's headers as they are now).
    /// </summary>
    static Task ForwardAsync(HttpContext context, Func<Task> next, string token)
    {
        var headers = context.Request.Headers;
        headers.Remove(ApiKeyHeader);
        headers[InternalToken.Header] = token;
        return next();
    }

    static Task Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-API-Key\"";
        return GatewayProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, detail);
    }
}
