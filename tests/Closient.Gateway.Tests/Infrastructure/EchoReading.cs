using System.Net;
using System.Net.Http.Json;

namespace Closient.Gateway.Tests.Infrastructure;

public static class EchoReading
{
    /// <summary>The backend's echo of a proxied request (asserts it was answered by a backend with 200).</summary>
    public static async Task<Echo> ReadEchoAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Echo>())!;
    }
}
