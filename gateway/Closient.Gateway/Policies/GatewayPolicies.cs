using Yarp.ReverseProxy.Model;

namespace Closient.Gateway.Policies;

/// <summary>
/// The slot in the proxy pipeline where a request is admitted before it is forwarded: runs after
/// routing (the route and cluster are known) and before load balancing and the forwarder.
/// </summary>
public static class GatewayPolicies
{
    public static IReverseProxyApplicationBuilder UseGatewayPolicies(this IReverseProxyApplicationBuilder proxy)
    {
        // TODO(#3): API-key check (format and CRC-32 first, then accounts, cached), per-key rate limits
        // with RateLimit-* headers, and the signed internal token that replaces the caller's key.
        return proxy;
    }
}
