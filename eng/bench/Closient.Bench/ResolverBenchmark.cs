using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Closient.ServiceDefaults.Auth;

namespace Closient.Bench;

/// <summary>
/// <c>closient-bench resolver</c>: GS1 Digital Link resolution through the gateway (<c>GET /01/{gtin}</c>, a random
/// seeded GTIN per request, as a browser (307 to the product's rule) and as JSON (200)), beside a plain Kestrel
/// endpoint in the same run, then a GTIN with one serial rule vs the GTIN with all of them (<c>/01/{gtin}</c> and
/// <c>/01/{gtin}/21/{serial}</c>). Rounds alternate the cases; it prints each round and the medians.
/// </summary>
public static class ResolverBenchmark
{
    public const string Usage =
        "closient-bench resolver --plain URL --gateway ROOT --gtins FILE --serials M [--direct ROOT --signing-key B64]\n" +
        "         [--hot N (GTINs drawn from the first N; default all)] [--serial-set 10000] [--prime 1]\n" +
        "         [--concurrency 32] [--seconds 10] [--rounds 3] [--warmup 5]\n" +
        "         [--cases 'gateway html;direct html' (only these)] [--cpu name=pid,... (CPU time per request by process)]";

    /// <summary>Issue #4: at least this many resolutions per second through the gateway, with p99 at most <see cref="TargetP99Ms"/>.</summary>
    public const double TargetRps = 5_000, TargetP99Ms = 10;

    /// <summary>"Does not fall as serials grow": the GTIN with every serial rule keeps at least this share of the one-serial GTIN's throughput.</summary>
    public const double TargetSerialRatio = 0.90;

    sealed record Case(string Name, HttpMessageInvoker Client, Func<HttpRequestMessage> Request, HttpStatusCode Expected);

    public static async Task<int> RunAsync(string[] args)
    {
        var values = Args.Parse(args);
        if (values is null || !values.TryGetValue("plain", out var plainText) || !values.TryGetValue("gateway", out var gatewayText)
            || !values.TryGetValue("gtins", out var gtinFile) || !values.ContainsKey("serials"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var concurrency = Math.Max(1, Args.Int(values, "concurrency", 32));
        var seconds = Math.Max(1, Args.Int(values, "seconds", 10));
        var rounds = Math.Max(1, Args.Int(values, "rounds", 3));
        var warmup = Args.Int(values, "warmup", 5);
        var serials = Args.Int(values, "serials", 0);
        var serialSet = Math.Max(1, Math.Min(Args.Int(values, "serial-set", 10_000), Math.Max(serials, 1)));
        var gtins = await File.ReadAllLinesAsync(gtinFile);
        var hot = Math.Clamp(Args.Int(values, "hot", gtins.Length), 1, gtins.Length);
        var prime = Args.Int(values, "prime", 1) > 0;
        if (gtins.Length < 2)
        {
            Console.Error.WriteLine($"{gtinFile}: fewer than two GTINs; run seed-resolver first");
            return 2;
        }
        var plain = new Uri(plainText);
        var gateway = gatewayText.TrimEnd('/');
        string G(int i) => gtins[i];
        string RandomGtin() => gtins[Random.Shared.Next(hot)];
        string RandomSerial() => (1 + Random.Shared.Next(serialSet)).ToString(CultureInfo.InvariantCulture);
        var manySerials = G(0);
        var oneSerial = G(1);

        using var plainClient = Benchmark.CreateClient(concurrency, null);
        using var gatewayClient = Benchmark.CreateClient(concurrency, null);
        using var directClient = values.TryGetValue("direct", out var direct) && values.TryGetValue("signing-key", out var key)
            ? Benchmark.CreateClient(concurrency, AnonymousToken(key)) : null;

        static Func<HttpRequestMessage> Get(Func<string> url, string accept) => () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url());
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            return request;
        };
        var serialLabel = serials.ToString("N0", CultureInfo.InvariantCulture);
        var cases = new List<Case>
        {
            new("plain kestrel", plainClient, () => new HttpRequestMessage(HttpMethod.Get, plain), HttpStatusCode.OK),
            new("gateway html", gatewayClient, Get(() => $"{gateway}/01/{RandomGtin()}", "text/html"), HttpStatusCode.TemporaryRedirect),
            new("gateway json", gatewayClient, Get(() => $"{gateway}/01/{RandomGtin()}", "application/json"), HttpStatusCode.OK),
        };
        if (directClient is not null)
            cases.Add(new("direct html", directClient, Get(() => $"{direct!.TrimEnd('/')}/01/{RandomGtin()}", "text/html"), HttpStatusCode.TemporaryRedirect));
        cases.Add(new("1 serial /01", gatewayClient, Get(() => $"{gateway}/01/{oneSerial}", "text/html"), HttpStatusCode.TemporaryRedirect));
        cases.Add(new($"{serialLabel} ser. /01", gatewayClient, Get(() => $"{gateway}/01/{manySerials}", "text/html"), HttpStatusCode.TemporaryRedirect));
        cases.Add(new("1 serial /21", gatewayClient, Get(() => $"{gateway}/01/{oneSerial}/21/{RandomSerial()}", "text/html"), HttpStatusCode.TemporaryRedirect));
        cases.Add(new($"{serialLabel} ser. /21", gatewayClient, Get(() => $"{gateway}/01/{manySerials}/21/{RandomSerial()}", "text/html"), HttpStatusCode.TemporaryRedirect));

        if (values.TryGetValue("cases", out var only))
        {
            var keep = only.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            cases.RemoveAll(c => !keep.Contains(c.Name));
            if (cases.Count == 0)
            {
                Console.Error.WriteLine($"--cases: none of '{only}' is a case");
                return 2;
            }
        }
        var cpu = CpuMeter.Parse(values.GetValueOrDefault("cpu"));

        var output = Console.Out;
        output.WriteLine($"Resolver: {gtins.Length:N0} products ({hot:N0} scanned at random), {serialLabel} serial rules under {manySerials}, " +
                         $"one under {oneSerial}; /21/ scans draw from {serialSet:N0} serials");
        output.WriteLine($"{concurrency} connections, {seconds} s per run, {rounds} rounds, {warmup} s warm-up each, {Environment.ProcessorCount} cores");

        if (prime)
        {
            // Every scanned GTIN and serial once, so the runs measure the warm resolver (the caches hold 100k GTINs;
            // their TTLs still expire entries during the runs).
            async Task Prime(string what, int count, Func<int, string> path)
            {
                var next = -1;
                var run = await LoadRun.RunAsync(gatewayClient,
                    () => new HttpRequestMessage(HttpMethod.Get, gateway + path(Interlocked.Increment(ref next) % count)),
                    r => r.StatusCode == HttpStatusCode.TemporaryRedirect || r.IsSuccessStatusCode, concurrency, TimeSpan.FromHours(1),
                    () => Volatile.Read(ref next) >= count);
                output.WriteLine($"primed {count:N0} {what}: {run.RequestsPerSecond:0} req/s, {run.Errors} errors{(run.FirstError is null ? "" : $" (first: {run.FirstError})")}");
            }
            await Prime("GTINs", hot, i => $"/01/{gtins[i]}");
            await Prime($"serials of {manySerials}", serialSet, i => $"/01/{manySerials}/21/{i + 1}");
            await Prime($"serials of {oneSerial}", serialSet, i => $"/01/{oneSerial}/21/{i + 1}");
        }
        if (warmup > 0)
            foreach (var c in cases)
            {
                var run = await Run(c, concurrency, TimeSpan.FromSeconds(warmup));
                output.WriteLine($"warm-up {c.Name}: {run.RequestsPerSecond:0} req/s, {run.Errors} errors{(run.FirstError is null ? "" : $" (first: {run.FirstError})")}");
                if (run.Requests == 0) return 1;
            }

        output.WriteLine();
        output.WriteLine("round  case                  req/s   p50 ms   p99 ms   requests  errors");
        var results = cases.ToDictionary(c => c.Name, _ => new List<RunResult>());
        for (var round = 1; round <= rounds; round++)
            foreach (var c in cases)
            {
                var before = cpu?.Take();
                var run = await Run(c, concurrency, TimeSpan.FromSeconds(seconds));
                results[c.Name].Add(run);
                Print(output, round.ToString(CultureInfo.InvariantCulture), c.Name, run);
                if (cpu is not null) output.WriteLine("       " + cpu.Describe(before!, cpu.Take(), run.Requests));
            }

        output.WriteLine();
        var medians = cases.ToDictionary(c => c.Name, c => Benchmark.Median(results[c.Name]));
        foreach (var c in cases) Print(output, "median", c.Name, medians[c.Name]);
        output.WriteLine();
        if (only is not null)
            return results.Values.Any(r => r.Any(x => x.Requests == 0)) ? 1 : 0; // --cases: no verdicts
        var html = medians["gateway html"];
        var json = medians["gateway json"];
        var baseline = medians["plain kestrel"].RequestsPerSecond;
        output.WriteLine($"gateway html / plain kestrel: {Share(html.RequestsPerSecond, baseline):0.000}; gateway json / plain kestrel: {Share(json.RequestsPerSecond, baseline):0.000}");
        foreach (var (name, run) in new[] { ("html", html), ("json", json) })
            output.WriteLine($"target gateway {name}: >= {TargetRps:0} req/s with p99 <= {TargetP99Ms:0} ms: {run.RequestsPerSecond:0} req/s, p99 {run.P99Ms:0.00} ms: " +
                             (run.RequestsPerSecond >= TargetRps && run.P99Ms <= TargetP99Ms ? "meets target" : "BELOW TARGET"));
        var ok = true;
        foreach (var path in new[] { "/01", "/21" })
        {
            var ratio = Share(medians[$"{serialLabel} ser. {path}"].RequestsPerSecond, medians[$"1 serial {path}"].RequestsPerSecond);
            ok &= ratio >= TargetSerialRatio;
            output.WriteLine($"{serialLabel} serial rules vs 1, {path}: throughput ratio {ratio:0.000} (target >= {TargetSerialRatio:0.00}): " +
                             (ratio >= TargetSerialRatio ? "does not fall" : "FALLS"));
        }
        return results.Values.Any(r => r.Any(x => x.Requests == 0)) ? 1 : 0;
    }

    static Task<RunResult> Run(Case c, int concurrency, TimeSpan duration) =>
        LoadRun.RunAsync(c.Client, c.Request, r => r.StatusCode == c.Expected, concurrency, duration);

    static double Share(double part, double whole) => whole == 0 ? 0 : part / whole;

    static void Print(TextWriter output, string round, string name, RunResult run) =>
        output.WriteLine($"{round,6} {name,-18} {run.RequestsPerSecond,9:0} {run.P50Ms,8:0.000} {run.P99Ms,8:0.000} {run.Requests,10} {run.Errors,7}" +
                         (run.FirstError is null ? "" : $"  first error: {run.FirstError}"));

    /// <summary>What the gateway forwards for a keyless scan: the anonymous caller's internal token, re-minted before it expires.</summary>
    static Benchmark.Headers AnonymousToken(string signingKey)
    {
        var tokens = new InternalToken(signingKey);
        var current = (Token: "", Until: DateTimeOffset.MinValue);
        var gate = new Lock();
        return new Benchmark.Headers(() =>
        {
            var now = DateTimeOffset.UtcNow;
            lock (gate)
            {
                if (now >= current.Until) current = (tokens.Issue(Caller.Anonymous, now), now.AddSeconds(20));
                return (InternalToken.Header, current.Token);
            }
        });
    }
}
