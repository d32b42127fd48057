using Closient.ServiceDefaults.Auth;

namespace Closient.Testing;

/// <summary>Adds a freshly issued internal token to each request, as the gateway does after verifying a key.</summary>
public sealed class InternalTokenHandler(InternalToken tokens, Caller caller) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Remove(InternalToken.Header);
        request.Headers.Add(InternalToken.Header, tokens.Issue(caller, DateTimeOffset.UtcNow));
        return base.SendAsync(request, ct);
    }
}
