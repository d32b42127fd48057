namespace Closient.AppHost.Hosting;

/// <summary>A .NET project of ours, run from its build output as its own process.</summary>
sealed class ProjectResource(string name, string path, int port) : Resource(name)
{
    /// <summary>The project folder relative to the repository root, e.g. services/Closient.Offers.</summary>
    public string Path => path;

    public string AssemblyName => System.IO.Path.GetFileName(path.TrimEnd('/'));

    public int Port { get; set; } = port;

    /// <summary>127.0.0.1 for services; localhost (IPv4 and IPv6 loopback) for the public entry point.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>True for endpoints a developer opens (the gateway): printed in the banner.</summary>
    public bool IsPublic { get; set; }

    public string? Schema { get; set; }

    public PostgresDatabaseResource? Database { get; set; }

    public RabbitMQServerResource? Messaging { get; set; }

    public List<ProjectResource> References { get; } = [];

    /// <summary>Runs the project's <c>bootstrap</c> command once (first start) to create a development organization and API key.</summary>
    public bool CreatesDevelopmentKey { get; set; }

    /// <summary>The service-discovery name: Aspire's convention drops the -api suffix (catalog-api -> catalog).</summary>
    public string ServiceName => Name.EndsWith("-api", StringComparison.Ordinal) ? Name[..^4] : Name;

    public string Url => $"http://{Host}:{Port}";

    /// <summary>Where the AppHost itself calls the project (health): always IPv4 loopback.</summary>
    public string LoopbackUrl => $"http://127.0.0.1:{Port}";
}
