using System.Globalization;
using System.Net;
using System.Text.Json;
using Closient.ServiceDefaults.Auth;
using Npgsql;

namespace Closient.Bench;

/// <summary>
/// <c>closient-bench search</c>: local product search (<c>GET /search/api/v1/local</c>) and catalog search
/// (<c>GET /search/api/v1/search</c>) on the seeded read model (<see cref="SearchSeed"/>), each case straight to the
/// search service and through the gateway: a rare word, the very common word, and (local) a GTIN. Rounds alternate
/// the cases; it prints every round, the medians (req/s, p50, p95, p99) and the verdict against p95 ≤ 50 ms.
/// </summary>
public static class SearchBenchmark
{
    public const string Usage =
        "closient-bench search --gateway ROOT --direct ROOT --signing-key B64 --connection CS [--api-key KEY]\n" +
        "         [--concurrency 8] [--seconds 10] [--rounds 3] [--warmup 3]";

    /// <summary>Issue #6: p95 at most this, through the gateway, for every case.</summary>
    public const double TargetP95Ms = 50;

    /// <summary>Query points are drawn this far (km, each axis) around a metro centre; the radius is the endpoint's default (10 km).</summary>
    const double JitterKm = 3;

    sealed record Case(string Name, string Target, HttpMessageInvoker Client, Func<HttpRequestMessage> Request);

    public static async Task<int> RunAsync(string[] args)
    {
        var values = Args.Parse(args);
        if (values is null || !values.TryGetValue("gateway", out var gatewayText) || !values.TryGetValue("direct", out var directText)
            || !values.TryGetValue("signing-key", out var signingKey)
            || !values.TryGetValue("connection", out var connection))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        // Any well-formed key: the stand-in accounts verifies every one as a csb key (eng/bench/run.sh --search).
        var apiKey = values.GetValueOrDefault("api-key") ?? ApiKeyFormat.Generate(ApiKeyFormat.Business);
        var concurrency = Math.Max(1, Args.Int(values, "concurrency", 8));
        var seconds = Math.Max(1, Args.Int(values, "seconds", 10));
        var rounds = Math.Max(1, Args.Int(values, "rounds", 3));
        var warmup = Args.Int(values, "warmup", 3);
        var gateway = gatewayText.TrimEnd('/');
        var direct = directText.TrimEnd('/');

        // GTINs offered within 5 km of each metro centre: the GTIN case queries at the centre, so every one has hits.
        var gtins = await NearbyGtinsAsync(connection);
        if (gtins.Any(g => g.Length == 0))
        {
            Console.Error.WriteLine("no offers near a metro centre: run seed-search first");
            return 2;
        }

        using var gatewayClient = Benchmark.CreateClient(concurrency, new Benchmark.Headers(() => ("X-API-Key", apiKey)));
        using var directClient = Benchmark.CreateClient(concurrency, KeyCallerToken(signingKey));

        static string F(double d) => d.ToString("0.#####", CultureInfo.InvariantCulture);
        static string Point()
        {
            var m = SearchWords.Metros[Random.Shared.Next(SearchWords.Metros.Length)];
            var lat = m.Latitude + (Random.Shared.NextDouble() * 2 - 1) * JitterKm / 111.32;
            var lon = m.Longitude + (Random.Shared.NextDouble() * 2 - 1) * JitterKm / (111.32 * Math.Cos(m.Latitude * Math.PI / 180));
            return $"lat={F(lat)}&lon={F(lon)}";
        }
        static string RareWord() => SearchWords.Rare[Random.Shared.Next(SearchWords.Rare.Length)];
        string GtinQuery()
        {
            var metro = Random.Shared.Next(SearchWords.Metros.Length);
            var list = gtins[metro];
            var m = SearchWords.Metros[metro];
            return $"q=gtin:{list[Random.Shared.Next(list.Length)]}&lat={F(m.Latitude)}&lon={F(m.Longitude)}";
        }

        var paths = new (string Name, Func<string> PathAndQuery)[]
        {
            ("local rare", () => $"/search/api/v1/local?q={RareWord()}&{Point()}"),
            ("local common", () => $"/search/api/v1/local?q={SearchWords.Common}&{Point()}"),
            ("local gtin", () => $"/search/api/v1/local?{GtinQuery()}"),
            ("catalog rare", () => $"/search/api/v1/search?q={RareWord()}"),
            ("catalog common", () => $"/search/api/v1/search?q={SearchWords.Common}"),
        };
        var cases = new List<Case>();
        foreach (var (name, path) in paths)
        {
            cases.Add(new(name, "direct", directClient, () => new HttpRequestMessage(HttpMethod.Get, direct + path())));
            cases.Add(new(name, "gateway", gatewayClient, () => new HttpRequestMessage(HttpMethod.Get, gateway + path())));
        }

        var output = Console.Out;
        output.WriteLine($"Search: {SearchWords.Metros.Length} metros, query points within {JitterKm:0} km of a centre, radius 10 km (default), " +
                         $"limit 20 (default); rare words: {SearchWords.Rare.Length} drawn at random; common word: '{SearchWords.Common}'");
        output.WriteLine($"{concurrency} connections, {seconds} s per run, {rounds} rounds, {warmup} s warm-up each, {Environment.ProcessorCount} cores");
        await PrintMatchCounts(output, directClient, direct, paths);

        if (warmup > 0)
            foreach (var c in cases)
            {
                var run = await Run(c, concurrency, TimeSpan.FromSeconds(warmup));
                output.WriteLine($"warm-up {c.Name} {c.Target}: {run.RequestsPerSecond:0} req/s, {run.Errors} errors{(run.FirstError is null ? "" : $" (first: {run.FirstError})")}");
                if (run.Requests == 0) return 1;
            }

        output.WriteLine();
        output.WriteLine("round  case            target       req/s   p50 ms   p95 ms   p99 ms   requests  errors");
        var results = cases.ToDictionary(Key, _ => new List<RunResult>());
        for (var round = 1; round <= rounds; round++)
            foreach (var c in cases)
            {
                var run = await Run(c, concurrency, TimeSpan.FromSeconds(seconds));
                results[Key(c)].Add(run);
                Print(output, round.ToString(CultureInfo.InvariantCulture), c, run);
            }

        output.WriteLine();
        var medians = cases.ToDictionary(Key, c => Benchmark.Median(results[Key(c)]));
        foreach (var c in cases) Print(output, "median", c, medians[Key(c)]);
        output.WriteLine();
        var failed = 0;
        foreach (var c in cases.Where(c => c.Target == "gateway"))
        {
            var m = medians[Key(c)];
            var ok = m.P95Ms <= TargetP95Ms && m.Errors == 0;
            if (!ok) failed++;
            output.WriteLine($"target {c.Name,-15} p95 <= {TargetP95Ms:0} ms through the gateway: p95 {m.P95Ms:0.00} ms " +
                             $"(direct {medians[$"{c.Name}|direct"].P95Ms:0.00} ms): {(ok ? "meets target" : "ABOVE TARGET")}");
        }
        output.WriteLine(failed == 0 ? "all search cases meet the target" : $"{failed} of {paths.Length} search cases above the target");
        return results.Values.Any(r => r.Any(x => x.Requests == 0)) ? 1 : 0;
    }

    static string Key(Case c) => $"{c.Name}|{c.Target}";

    static Task<RunResult> Run(Case c, int concurrency, TimeSpan duration) =>
        LoadRun.RunAsync(c.Client, c.Request, r => r.StatusCode == HttpStatusCode.OK, concurrency, duration);

    static void Print(TextWriter output, string round, Case c, RunResult run) =>
        output.WriteLine($"{round,6} {c.Name,-15} {c.Target,-8} {run.RequestsPerSecond,9:0} {run.P50Ms,8:0.000} {run.P95Ms,8:0.000} {run.P99Ms,8:0.000} {run.Requests,10} {run.Errors,7}" +
                         (run.FirstError is null ? "" : $"  first error: {run.FirstError}"));

    /// <summary>How many matches each case's query has (a few samples): the work behind each answer.</summary>
    static async Task PrintMatchCounts(TextWriter output, HttpMessageInvoker client, string root, (string Name, Func<string> PathAndQuery)[] paths)
    {
        output.WriteLine("matches per query (5 samples each, straight to the service):");
        foreach (var (name, path) in paths)
        {
            var counts = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, root + path());
                using var response = await client.SendAsync(request, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    counts.Add($"HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
                    continue;
                }
                using var json = JsonDocument.Parse(body);
                var top = json.RootElement;
                counts.Add(top.TryGetProperty("total_results", out var total) ? total.GetInt32().ToString(CultureInfo.InvariantCulture)
                    : top.TryGetProperty("pagination", out var p) && p.TryGetProperty("total_count", out var tc) ? tc.GetInt64().ToString(CultureInfo.InvariantCulture)
                    : "?");
            }
            output.WriteLine($"  {name,-15} {string.Join(", ", counts)}");
        }
    }

    /// <summary>Per metro, up to 2,000 GTINs with an offer at a store within 5 km of the centre.</summary>
    static async Task<string[][]> NearbyGtinsAsync(string connection)
    {
        await using var db = NpgsqlDataSource.Create(connection);
        var result = new string[SearchWords.Metros.Length][];
        for (var i = 0; i < result.Length; i++)
        {
            var m = SearchWords.Metros[i];
            await using var command = db.CreateCommand("""
                SELECT DISTINCT p.gtin
                FROM search.stores s
                JOIN search.offers o ON o.store_id = s.id AND o.removed_at IS NULL AND o.status <> 'discontinued'
                JOIN search.products p ON p.id = o.product_id
                WHERE s.removed_at IS NULL
                  AND ST_DWithin(s.location, ST_SetSRID(ST_MakePoint(@lon, @lat), 4326)::geography, 5000)
                LIMIT 2000
                """);
            command.Parameters.AddWithValue("lat", m.Latitude);
            command.Parameters.AddWithValue("lon", m.Longitude);
            var list = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) list.Add(reader.GetString(0));
            result[i] = list.ToArray();
        }
        return result;
    }

    /// <summary>What the gateway forwards for the bench key: a csb caller's internal token, re-minted before it expires.</summary>
    static Benchmark.Headers KeyCallerToken(string signingKey)
    {
        var tokens = new InternalToken(signingKey);
        var caller = new Caller(null, Guid.CreateVersion7(), ApiKeyFormat.Business, new Dictionary<Guid, string>(), []);
        var current = (Token: "", Until: DateTimeOffset.MinValue);
        var gate = new Lock();
        return new Benchmark.Headers(() =>
        {
            var now = DateTimeOffset.UtcNow;
            lock (gate)
            {
                if (now >= current.Until) current = (tokens.Issue(caller, now), now.AddSeconds(20));
                return (InternalToken.Header, current.Token);
            }
        });
    }
}
