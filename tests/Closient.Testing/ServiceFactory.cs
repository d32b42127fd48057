using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Closient.Testing;

/// <summary>
/// Hosts one service in-process against the real database and broker of a test class.
/// <typeparamref name="TMarker"/> is the service's marker type (.NET 10 makes every top-level
/// Program public, so a test project that sees two services needs one type per service).
/// </summary>
public sealed class ServiceFactory<TMarker>(string database, Uri messaging, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<TMarker> where TMarker : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:closient", database);
        builder.UseSetting("ConnectionStrings:messaging", messaging.ToString());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
    }
}
