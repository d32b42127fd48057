using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Closient.Testing;

/// <summary>A RabbitMQ virtual host of its own for one test class, so classes never consume each other's messages.</summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    public string Name { get; }

    /// <summary>The amqp URI services and test buses use (ConnectionStrings:messaging).</summary>
    public Uri Uri { get; }

    TestVirtualHost(string name, Uri uri)
    {
        Name = name;
        Uri = uri;
    }

    public static async Task<TestVirtualHost> CreateAsync()
    {
        var infra = TestInfrastructure.Instance;
        var name = "test-" + Guid.NewGuid().ToString("N")[..16];
        using var http = Management(infra.RabbitMqManagement);
        (await http.PutAsync($"api/vhosts/{name}", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        var user = Uri.UnescapeDataString(infra.RabbitMq.UserInfo.Split(':')[0]);
        (await http.PutAsync($"api/permissions/{name}/{user}", JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" }))).EnsureSuccessStatusCode();
        var uri = new UriBuilder(infra.RabbitMq) { Path = "/" + name }.Uri;
        return new TestVirtualHost(name, uri);
    }

    static HttpClient Management(Uri management)
    {
        var http = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority) + "/") };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo)));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        using var http = Management(TestInfrastructure.Instance.RabbitMqManagement);
        await http.DeleteAsync($"api/vhosts/{Name}");
    }
}
