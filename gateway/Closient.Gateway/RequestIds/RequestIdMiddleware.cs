using System.Buffers;

namespace Closient.Gateway.RequestIds;

/// <summary>
/// Gives every request an <c>X-Request-Id</c>: the caller's own if it is 1–128 characters of
/// <c>[A-Za-z0-9._-]</c>, otherwise a new one. The id replaces the request header (so YARP forwards it
/// and problem responses quote it) and is echoed on every response, errors included.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Request-Id";
    public const int MaxLength = 128;

    static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var incoming = headers[HeaderName];
        string id;
        if (incoming.Count == 1 && IsValid(incoming[0]))
        {
            id = incoming[0]!;
        }
        else
        {
            id = NewId();
            headers[HeaderName] = id;
        }
        context.TraceIdentifier = id;

        // Set when the response starts, not now: YARP copies the service's headers onto the response
        // first and would otherwise append a second value.
        context.Response.OnStarting(static state =>
        {
            var ctx = (HttpContext)state;
            ctx.Response.Headers[HeaderName] = ctx.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    public static bool IsValid(string? id) =>
        id is { Length: >= 1 and <= MaxLength } && !id.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>32 lowercase hex digits of a UUIDv7: unique and roughly time-ordered in logs.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
