using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Closient.Contracts.Offers;
using MassTransit;
using Npgsql;

namespace Closient.Bench;

/// <summary>
/// <c>closient-bench search-lag</c>: event-to-searchable lag. Publishes <see cref="OfferUpserted"/> (the shape the offers
/// service publishes for an in-store offer: a new price, a fresh <c>UpdatedAt</c>) for seeded offers at a fixed rate to
/// RabbitMQ with MassTransit, for a fixed time; every Nth message is sampled, and a poller reads the sampled offers'
/// rows in <c>search.offers</c> every 10 ms until each shows its new price. Lag = first read showing the price − the
/// moment the publish call began (so it includes the publish itself; the poll adds up to ~10 ms plus a query).
/// Each message updates a different offer, so no update overtakes another of the same offer.
/// </summary>
public static class SearchLag
{
    public const string Usage =
        "closient-bench search-lag --connection CS --amqp amqp://guest:guest@127.0.0.1:25772/ [--rate 500] [--lag-seconds 20] [--lag-warmup 3] [--sample 10]";

    /// <summary>Issue #6: event-to-searchable lag p95 at most this many ms under <c>--rate 500</c>.</summary>
    public const double TargetP95Ms = 1000;

    sealed record Offer(Guid Id, Guid ProductId, Guid StoreId, Guid OrganizationId, string Gtin, string Sku);

    sealed record Pending(decimal Price, long PublishedAt);

    public static async Task<int> RunAsync(string[] args)
    {
        var values = Args.Parse(args);
        if (values is null || !values.TryGetValue("connection", out var connection) || !values.TryGetValue("amqp", out var amqpText))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var rate = Math.Max(1, Args.Int(values, "rate", 500));
        var seconds = Math.Max(1, Args.Int(values, "lag-seconds", 20));
        var sample = Math.Max(1, Args.Int(values, "sample", 10));
        var warmupSeconds = Args.Int(values, "lag-warmup", 3);
        var total = rate * seconds;
        var output = Console.Out;

        await using var db = NpgsqlDataSource.Create(connection);
        var offers = await OffersAsync(db, rate * (seconds + warmupSeconds));
        if (offers.Length < rate * (seconds + warmupSeconds))
        {
            Console.Error.WriteLine($"{offers.Length} offers, {rate * (seconds + warmupSeconds)} needed (one per message): seed more or shorten the run");
            return 2;
        }

        var amqp = new Uri(amqpText);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            var userInfo = amqp.UserInfo.Split(':', 2);
            cfg.Host(amqp.Host, (ushort)amqp.Port, "/", h =>
            {
                h.Username(userInfo.Length > 0 && userInfo[0] != "" ? Uri.UnescapeDataString(userInfo[0]) : "guest");
                h.Password(userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "guest");
            });
        });
        await bus.StartAsync();
        try
        {
            output.WriteLine($"Event lag: OfferUpserted at {rate}/s for {seconds} s ({total:N0} messages, one per offer) after a {warmupSeconds} s warm-up, " +
                             $"every {sample}th sampled; {Environment.ProcessorCount} cores");
            var pending = new ConcurrentDictionary<Guid, Pending>();
            var lags = new ConcurrentBag<(long PublishedAt, double Ms)>();
            using var stopPolling = new CancellationTokenSource();
            var poller = Task.Run(() => PollAsync(db, pending, lags, stopPolling.Token));

            // Warm-up: the same rate, nothing sampled, on other offers; then wait until the consumer has caught up
            // (the last warm-up message's offer shows its price), so the measured phase starts with an empty queue.
            if (warmupSeconds > 0)
            {
                var warm = await PublishAsync(bus, offers.AsMemory(total), rate, warmupSeconds, 0, null, 0);
                var last = offers[total + warm.Sent - 1];
                pending[last.Id] = new Pending(warm.LastPrice, Stopwatch.GetTimestamp());
                var waited = Stopwatch.StartNew();
                while (!pending.IsEmpty && waited.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
                output.WriteLine($"warm-up: {warm.Sent:N0} messages in {warmupSeconds} s, caught up {waited.Elapsed.TotalSeconds:0.0} s after the last; {warm.Errors} publish errors");
                pending.Clear();
                lags.Clear();
            }

            var clock = Stopwatch.StartNew();
            var run = await PublishAsync(bus, offers.AsMemory(0, total), rate, seconds, sample, pending, 1);
            var publishSeconds = clock.Elapsed.TotalSeconds;
            var sent = run.Sent;
            var sampled = run.Sampled;
            output.WriteLine($"published {sent:N0} in {publishSeconds:0.0} s ({sent / publishSeconds:0} msg/s), {run.Errors} publish errors" +
                             (run.FirstError is null ? "" : $" (first: {run.FirstError})"));

            // The rest get up to 60 s to land.
            var deadline = Stopwatch.StartNew();
            while (!pending.IsEmpty && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50);
            var drained = clock.Elapsed.TotalSeconds;
            await stopPolling.CancelAsync();
            await poller;

            var sorted = lags.Select(l => l.Ms).Order().ToArray();
            // In publish order: a consumer that keeps up shows the same lag early and late; one that falls behind, a growing one.
            var byTime = lags.OrderBy(l => l.PublishedAt).Select(l => l.Ms).ToArray();
            var quarter = Math.Max(1, byTime.Length / 4);
            var early = byTime.Take(quarter).Order().ToArray();
            var late = byTime.Skip(byTime.Length - quarter).Order().ToArray();
            output.WriteLine($"all sampled updates searchable {drained - publishSeconds:0.0} s after the last publish; {pending.Count} of {sampled} never seen");
            output.WriteLine();
            output.WriteLine("sampled   p50 ms   p95 ms   p99 ms   max ms");
            output.WriteLine($"{sorted.Length,7} {Percentile(sorted, 50),8:0.0} {Percentile(sorted, 95),8:0.0} {Percentile(sorted, 99),8:0.0} {(sorted.Length == 0 ? 0 : sorted[^1]),8:0.0}");
            output.WriteLine($"median lag of the first / last quarter of samples (publish order): {Percentile(early, 50):0.0} / {Percentile(late, 50):0.0} ms");
            var p95 = Percentile(sorted, 95);
            var ok = sorted.Length > 0 && pending.IsEmpty && p95 <= TargetP95Ms;
            output.WriteLine($"target event-to-searchable lag p95 <= {TargetP95Ms:0} ms at {rate}/s: p95 {p95:0.0} ms: {(ok ? "meets target" : "ABOVE TARGET")}");
            return sorted.Length == 0 ? 1 : 0;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    sealed record Published(int Sent, int Sampled, int Errors, string? FirstError, decimal LastPrice);

    /// <summary>
    /// Publishes one message per offer of <paramref name="offers"/> at <paramref name="rate"/>/s for <paramref name="seconds"/>;
    /// every <paramref name="sample"/>th (0: none) goes to <paramref name="pending"/> with its publish time. Prices are unique
    /// per phase (<paramref name="phase"/>), so a row showing one is that message's update.
    /// </summary>
    static async Task<Published> PublishAsync(IBus bus, ReadOnlyMemory<Offer> offers, int rate, int seconds, int sample,
        ConcurrentDictionary<Guid, Pending>? pending, int phase)
    {
        var total = Math.Min(offers.Length, rate * seconds);
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>();
        int sent = 0, sampled = 0, errors = 0;
        string? firstError = null;
        var price = 0m;
        void Collect()
        {
            foreach (var t in inFlight.Where(t => t.IsCompleted))
                if (t.IsFaulted) { errors++; firstError ??= t.Exception?.GetBaseException().Message; }
            inFlight.RemoveAll(t => t.IsCompleted);
        }
        while (sent < total)
        {
            var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate));
            for (; sent < due; sent++)
            {
                var offer = offers.Span[sent];
                // A unique price per message: the poller knows its update landed when the row shows it.
                price = phase * 1000m + sent / 100m;
                var message = Message(offer, price);
                if (pending is not null && sample > 0 && sent % sample == 0)
                {
                    pending[offer.Id] = new Pending(price, Stopwatch.GetTimestamp());
                    sampled++;
                }
                inFlight.Add(bus.Publish(message));
            }
            if (inFlight.Count > 1000) Collect();
            await Task.Delay(5);
        }
        try { await Task.WhenAll(inFlight); }
        catch (Exception) { /* counted below */ }
        Collect();
        return new Published(sent, sampled, errors, firstError, price);
    }

    static OfferUpserted Message(Offer offer, decimal price)
    {
        var now = DateTimeOffset.UtcNow;
        var minor = (long)(price * 100);
        return new OfferUpserted(offer.Id, offer.OrganizationId, offer.ProductId, offer.StoreId, offer.Sku, price, "USD", "active", 42, "pos_sync", now,
            OfferKinds.InStore, offer.Gtin, LocationId: offer.StoreId, RetailerId: offer.OrganizationId,
            PriceAmountMinor: minor, EffectivePriceMinor: minor, LastInventorySync: now, StaleInventory: false);
    }

    /// <summary>Every 10 ms: the sampled offers not seen yet; an offer showing its new price is done.</summary>
    static async Task PollAsync(NpgsqlDataSource db, ConcurrentDictionary<Guid, Pending> pending, ConcurrentBag<(long PublishedAt, double Ms)> lags, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        while (!ct.IsCancellationRequested)
        {
            var ids = pending.Keys.ToArray();
            if (ids.Length > 0)
            {
                await using var command = new NpgsqlCommand("SELECT id, price_amount FROM search.offers WHERE id = ANY(@ids)", conn);
                command.Parameters.AddWithValue("ids", ids);
                await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
                var now = Stopwatch.GetTimestamp();
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    var id = reader.GetGuid(0);
                    if (reader.IsDBNull(1) || !pending.TryGetValue(id, out var p) || reader.GetDecimal(1) != p.Price) continue;
                    if (pending.TryRemove(id, out _)) lags.Add((p.PublishedAt, Stopwatch.GetElapsedTime(p.PublishedAt, now).TotalMilliseconds));
                }
            }
            try { await Task.Delay(10, ct); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Up to <paramref name="count"/> random live in-store offers with what a message about them carries.</summary>
    static async Task<Offer[]> OffersAsync(NpgsqlDataSource db, int count)
    {
        await using var command = db.CreateCommand("""
            SELECT o.id, o.product_id, o.store_id, o.organization_id, p.gtin, o.sku
            FROM search.offers o TABLESAMPLE SYSTEM (10)
            JOIN search.products p ON p.id = o.product_id
            WHERE o.removed_at IS NULL
            LIMIT @count
            """);
        command.Parameters.AddWithValue("count", count);
        var list = new List<Offer>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                list.Add(new Offer(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetGuid(3), reader.GetString(4), reader.GetString(5)));
        if (list.Count >= count) return list.ToArray();
        // A small seed: TABLESAMPLE found too few; take them all.
        await using var all = db.CreateCommand("""
            SELECT o.id, o.product_id, o.store_id, o.organization_id, p.gtin, o.sku
            FROM search.offers o JOIN search.products p ON p.id = o.product_id
            WHERE o.removed_at IS NULL LIMIT @count
            """);
        all.Parameters.AddWithValue("count", count);
        list.Clear();
        await using (var reader = await all.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                list.Add(new Offer(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetGuid(3), reader.GetString(4), reader.GetString(5)));
        return list.ToArray();
    }

    static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
