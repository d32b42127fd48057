using System.Globalization;
using System.Net;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Bench;

/// <summary>
/// Direct vs gateway throughput for one GET: a warm-up of each, then rounds that alternate direct and
/// gateway runs so that drift (JIT, GC, other load on the machine) hits both alike.
/// </summary>
public static class Benchmark
{
    /// <summary>
    /// Gateway throughput as a share of direct: ≥ 0.60 was the bar for plain proxying (#2); with API-key
    /// verification, rate limits and token minting on every request (#3) the bar is ≥ 0.50.
    /// </summary>
    public const double Target = 0.50;

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output)
    {
        using var direct = CreateClient(options.Concurrency, DirectAuth(options));
        using var gateway = CreateClient(options.Concurrency,
            options.ApiKey is null ? null : new Headers(() => ("X-API-Key", options.ApiKey)));
        var duration = TimeSpan.FromSeconds(options.Seconds);

        output.WriteLine($"GET {options.Direct} (direct) vs GET {options.Gateway} (gateway)");
        output.WriteLine($"{options.Concurrency} connections, {options.Seconds} s per run, {options.Rounds} rounds, " +
                         $"{options.WarmupSeconds} s warm-up each, {Environment.ProcessorCount} cores");
        if (options.WarmupSeconds > 0)
        {
            var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
            var failed = Check("warm-up direct", await LoadRun.RunAsync(direct, options.Direct, options.Concurrency, warmup), output)
                         | Check("warm-up gateway", await LoadRun.RunAsync(gateway, options.Gateway, options.Concurrency, warmup), output);
            if (failed) return 1;
        }

        output.WriteLine();
        output.WriteLine("round  target      req/s   p50 ms   p95 ms   p99 ms   requests  errors");
        var rounds = new List<(RunResult Direct, RunResult Gateway)>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var d = await LoadRun.RunAsync(direct, options.Direct, options.Concurrency, duration);
            Print(output, round.ToString(CultureInfo.InvariantCulture), "direct", d);
            var g = await LoadRun.RunAsync(gateway, options.Gateway, options.Concurrency, duration);
            Print(output, round.ToString(CultureInfo.InvariantCulture), "gateway", g);
            output.WriteLine($"{round,5}  ratio {Ratio(d, g),10:0.000}");
            rounds.Add((d, g));
        }

        var medianDirect = Median(rounds.Select(r => r.Direct));
        var medianGateway = Median(rounds.Select(r => r.Gateway));
        var medianRatio = MedianOf(rounds.Select(r => Ratio(r.Direct, r.Gateway)));
        output.WriteLine();
        Print(output, "median", "direct", medianDirect);
        Print(output, "median", "gateway", medianGateway);
        output.WriteLine($"median gateway/direct throughput: {medianRatio:0.000} (target >= {Target:0.00}): " +
                         (medianRatio >= Target ? "meets target" : "BELOW TARGET"));
        return rounds.Any(r => r.Direct.Requests == 0 || r.Gateway.Requests == 0) ? 1 : 0;
    }

    internal static HttpMessageInvoker CreateClient(int concurrency, DelegatingHandler? auth)
    {
        var sockets = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        if (auth is null) return new HttpMessageInvoker(sockets);
        auth.InnerHandler = sockets;
        return new HttpMessageInvoker(auth);
    }

    /// <summary>What the gateway would forward: an internal token for a manager of the organization, re-minted before it expires.</summary>
    static Headers? DirectAuth(BenchOptions options)
    {
        if (options.SigningKey is null || options.Organization is null) return null;
        if (!ShortId.TryParse(options.Organization, out var org)) throw new ArgumentException("--organization is not an id");
        var tokens = new InternalToken(options.SigningKey);
        var caller = Caller.ForOrganization(org, Roles.Manager);
        var current = new Minted("", DateTimeOffset.MinValue);
        return new Headers(() =>
        {
            var now = DateTimeOffset.UtcNow;
            var snapshot = Volatile.Read(ref current); // a reference: workers never see a torn token/expiry pair
            if (now >= snapshot.Until) Volatile.Write(ref current, snapshot = new Minted(tokens.Issue(caller, now), now.AddSeconds(20)));
            return (InternalToken.Header, snapshot.Token);
        });
    }

    sealed record Minted(string Token, DateTimeOffset Until);

    /// <summary>Adds one header, computed per request (cheaply: the token is cached).</summary>
    internal sealed class Headers(Func<(string Name, string Value)> header) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var (name, value) = header();
            request.Headers.TryAddWithoutValidation(name, value);
            return base.SendAsync(request, ct);
        }
    }

    static double Ratio(RunResult direct, RunResult gateway) =>
        direct.RequestsPerSecond == 0 ? 0 : gateway.RequestsPerSecond / direct.RequestsPerSecond;

    static bool Check(string label, RunResult run, TextWriter output)
    {
        output.WriteLine($"{label}: {run.RequestsPerSecond:0} req/s, {run.Errors} errors{(run.FirstError is null ? "" : $" (first: {run.FirstError})")}");
        return run.Requests == 0;
    }

    static void Print(TextWriter output, string round, string target, RunResult run) =>
        output.WriteLine($"{round,5}  {target,-8} {run.RequestsPerSecond,9:0} {run.P50Ms,8:0.000} {run.P95Ms,8:0.000} {run.P99Ms,8:0.000} {run.Requests,10} {run.Errors,7}" +
                         (run.FirstError is null ? "" : $"  first error: {run.FirstError}"));

    /// <summary>Median of each figure separately across rounds.</summary>
    internal static RunResult Median(IEnumerable<RunResult> runs)
    {
        var list = runs.ToList();
        return new RunResult(
            (long)MedianOf(list.Select(r => (double)r.Requests)),
            (int)MedianOf(list.Select(r => (double)r.Errors)),
            TimeSpan.FromSeconds(MedianOf(list.Select(r => r.Elapsed.TotalSeconds))),
            MedianOf(list.Select(r => r.RequestsPerSecond)),
            MedianOf(list.Select(r => r.P50Ms)),
            MedianOf(list.Select(r => r.P95Ms)),
            MedianOf(list.Select(r => r.P99Ms)),
            null);
    }

    static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
