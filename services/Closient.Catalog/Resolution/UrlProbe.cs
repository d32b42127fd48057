using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Closient.Catalog.Resolution;

/// <summary>One health check of one URL: what the monitor records.</summary>
public sealed record ProbeResult(bool Alive, int? StatusCode, string? Error);

/// <summary>
/// Checks whether a custom URL answers: HEAD, then GET when the server refuses HEAD (405/501), following up to
/// five redirects, within <see cref="UrlHealthOptions.Timeout"/>. Dead = no answer (DNS, connect, TLS, timeout)
/// or 404, 410 or 5xx; any other answer (2xx, 3xx, 401, 403, 429, …) means someone is serving the URL.
/// Connections go only to public addresses unless <see cref="UrlHealthOptions.AllowPrivateNetworks"/>; the check
/// happens after DNS resolution, for every redirect hop too.
/// </summary>
public sealed class UrlProbe : IDisposable
{
    readonly HttpClient _http;
    readonly UrlHealthOptions _options;

    public UrlProbe(IOptions<UrlHealthOptions> options)
    {
        _options = options.Value;
        var allowPrivate = _options.AllowPrivateNetworks;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, ct) => ConnectAsync(context, allowPrivate, ct),
        };
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Closient-UrlHealth/1.0");
    }

    public async Task<ProbeResult> CheckAsync(string url, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var status = await SendAsync(HttpMethod.Head, url, timeout.Token);
            if (status is 405 or 501) status = await SendAsync(HttpMethod.Get, url, timeout.Token);
            return new ProbeResult(IsAlive(status), status, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ProbeResult(false, null, $"No answer within {_options.Timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException
                                       or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            // Recorded as the URL's last_error: whatever stops a request from being answered is a failed check.
            return new ProbeResult(false, null, e.Message);
        }
    }

    public static bool IsAlive(int status) => status is not (404 or 410) && status < 500;

    async Task<int> SendAsync(HttpMethod method, string url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        // Headers only: the body of a GET is never read.
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        return (int)response.StatusCode;
    }

    static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        var allowed = allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to no public address; it is not checked.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>False for loopback, private, shared, link-local, multicast, documentation and other reserved ranges.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }
        var v6 = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC                               // fc00::/7 unique local
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8)); // 2001:db8::/32 documentation
    }

    public void Dispose() => _http.Dispose();
}
