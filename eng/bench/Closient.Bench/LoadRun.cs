using System.Diagnostics;

namespace Closient.Bench;

/// <summary>
/// One timed run: <c>concurrency</c> workers, each with one request in flight at a time, sending the
/// same GET (or one request per call of a factory) until the time is up. Every latency is kept, so
/// percentiles are exact, not estimated.
/// </summary>
public static class LoadRun
{
    public static Task<RunResult> RunAsync(HttpMessageInvoker client, Uri url, int concurrency, TimeSpan duration) =>
        RunAsync(client, () => new HttpRequestMessage(HttpMethod.Get, url), r => r.IsSuccessStatusCode, concurrency, duration);

    /// <param name="request">Builds each request (e.g. a random GTIN per call); called concurrently.</param>
    /// <param name="ok">Whether a response counts as a success (e.g. 307 for a redirect); others are errors.</param>
    /// <param name="stop">Optional: stops the run early once true (e.g. every URL of a list was sent).</param>
    public static async Task<RunResult> RunAsync(HttpMessageInvoker client, Func<HttpRequestMessage> request, Func<HttpResponseMessage, bool> ok,
        int concurrency, TimeSpan duration, Func<bool>? stop = null)
    {
        var clock = Stopwatch.StartNew();
        var workers = new Task<Worker>[concurrency];
        for (var i = 0; i < concurrency; i++)
            workers[i] = Task.Run(() => WorkAsync(client, request, ok, clock, duration, stop));
        var done = await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;

        var latencies = new long[done.Sum(w => w.Latencies.Count)];
        var at = 0;
        foreach (var worker in done)
        {
            worker.Latencies.CopyTo(latencies, at);
            at += worker.Latencies.Count;
        }
        return RunResult.From(latencies, done.Sum(w => w.Errors), elapsed, done.Select(w => w.FirstError).FirstOrDefault(e => e is not null));
    }

    static async Task<Worker> WorkAsync(HttpMessageInvoker client, Func<HttpRequestMessage> request, Func<HttpResponseMessage, bool> ok,
        Stopwatch clock, TimeSpan duration, Func<bool>? stop)
    {
        var worker = new Worker();
        var buffer = new byte[16 * 1024];
        while (clock.Elapsed < duration && stop?.Invoke() != true)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var message = request();
                using var response = await client.SendAsync(message, CancellationToken.None);
                await using var body = await response.Content.ReadAsStreamAsync();
                while (await body.ReadAsync(buffer) > 0) { }
                if (!ok(response))
                {
                    worker.Errors++;
                    worker.FirstError ??= $"HTTP {(int)response.StatusCode}";
                    continue;
                }
            }
            catch (HttpRequestException e)
            {
                worker.Errors++;
                worker.FirstError ??= e.Message;
                continue;
            }
            worker.Latencies.Add(Stopwatch.GetTimestamp() - start);
        }
        return worker;
    }

    sealed class Worker
    {
        public List<long> Latencies { get; } = new(64 * 1024);

        public int Errors { get; set; }

        public string? FirstError { get; set; }
    }
}
