using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Closient.Catalog.Tests.Resolution;

/// <summary>
/// A customer's web server for the URL-health monitor: a local HttpListener that answers each path with the
/// status its script returns (per request: method and how many requests the path has had so far).
/// </summary>
public sealed class FakeReceiver : IAsyncDisposable
{
    readonly HttpListener _listener = new();
    readonly ConcurrentDictionary<string, Func<string, int, Task<int>>> _scripts = new();
    readonly ConcurrentDictionary<string, int> _counts = new();
    readonly Task _loop;

    public int Port { get; }
    public ConcurrentQueue<(string Method, string Path)> Requests { get; } = new();

    public FakeReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    /// <summary>Answers <paramref name="path"/> with <paramref name="script"/>(method, request number from 1).</summary>
    public void On(string path, Func<string, int, int> script) => _scripts[path] = (m, n) => Task.FromResult(script(m, n));

    public void OnAsync(string path, Func<string, int, Task<int>> script) => _scripts[path] = script;

    async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    async Task AnswerAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath.TrimStart('/');
        Requests.Enqueue((context.Request.HttpMethod, path));
        var n = _counts.AddOrUpdate(path, 1, (_, c) => c + 1);
        try
        {
            context.Response.StatusCode = _scripts.TryGetValue(path, out var script) ? await script(context.Request.HttpMethod, n) : 404;
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The client gave up (a timeout test) or the listener stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
