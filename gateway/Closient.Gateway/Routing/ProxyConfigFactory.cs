using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Closient.Gateway.Routing;

/// <summary>
/// Turns <see cref="GatewayRoutes.Table"/> into YARP routes and clusters. Destinations come from
/// configuration with Aspire's names: <c>services:&lt;cluster&gt;:http:0</c>, <c>…:http:1</c>, …
/// A cluster without one stays in the table with no destination, so its routes answer 503.
/// </summary>
public static class ProxyConfigFactory
{
    public static InMemoryConfigProvider Create(IConfiguration configuration, GatewayOptions options)
    {
        var request = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds) };
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var entry in GatewayRoutes.Table)
        {
            if (entry.Paths.FirstOrDefault(p => p.StartsWith(GatewayRoutes.InternalPrefix, StringComparison.OrdinalIgnoreCase)) is { } internalPath)
                throw new InvalidOperationException($"Route '{internalPath}' of '{entry.Cluster}': {GatewayRoutes.InternalPrefix} paths are never public.");
            clusters.Add(new ClusterConfig
            {
                ClusterId = entry.Cluster,
                HttpRequest = request,
                Destinations = DestinationsFor(configuration, entry.Cluster),
            });
            routes.AddRange(entry.Paths.Select(path => new RouteConfig
            {
                RouteId = $"{entry.Cluster}:{path}",
                ClusterId = entry.Cluster,
                Match = new RouteMatch { Path = path },
            }));
        }
        return new InMemoryConfigProvider(routes, clusters);
    }

    static Dictionary<string, DestinationConfig> DestinationsFor(IConfiguration configuration, string cluster)
    {
        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in configuration.GetSection($"services:{cluster}:http").GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(endpoint.Value))
                destinations[$"{cluster}-{endpoint.Key}"] = new DestinationConfig { Address = endpoint.Value };
        }
        return destinations;
    }
}
