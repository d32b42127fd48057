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
        "closient-bench search-lag --connection CS --amqp amqp://guest:guest@127.0.0.1:25772/ [--rate 500] [--lag-seconds 20] [--sample 10]";

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
        var total = rate * seconds;
        var output = Console.Out;

        await using var db = NpgsqlDataSource.Create(connection);
        var offers = await OffersAsync(db, total);
        if (offers.Length == 0)
        {
            Console.Error.WriteLine("no offers: run seed-search first");
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
            output.WriteLine($"Event lag: OfferUpserted at {rate}/s for {seconds} s ({total:N0} messages, {Math.Min(total, offers.Length):N0} distinct offers), " +
                             $"every {sample}th sampled; {Environment.ProcessorCount} cores");
            var pending = new ConcurrentDictionary<Guid, Pending>();
            var lags = new ConcurrentBag<double>();
            using var stopPolling = new CancellationTokenSource();
            var poller = Task.Run(() => PollAsync(db, pending, lags, stopPolling.Token));

            var clock = Stopwatch.StartNew();
            var inFlight = new List<Task>();
            var sent = 0;
            var publishErrors = 0;
            string? firstError = null;
            var sampled = 0;
            while (sent < total)
            {
                var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate));
                for (; sent < due; sent++)
                {
                    var offer = offers[sent % offers.Length];
                    // A unique price per message: the poller knows its update landed when the row shows it.
                    var price = 1000m + sent / 100m;
                    var message = Message(offer, price);
                    var track = sent % sample == 0 && sent < offers.Length;
                    var started = Stopwatch.GetTimestamp();
                    if (track)
                    {
                        pending[offer.Id] = new Pending(price, started);
                        sampled++;
                    }
                    inFlight.Add(bus.Publish(message));
                }
                if (inFlight.Count > 2000)
                {
                    foreach (var t in inFlight.Where(t => t.IsCompleted))
                        if (t.IsFaulted) { publishErrors++; firstError ??= t.Exception?.GetBaseException().Message; }
                    inFlight.RemoveAll(t => t.IsCompleted);
                }
                await Task.Delay(5);
            }
            try { await Task.WhenAll(inFlight); }
            catch (Exception e) { firstError ??= e.Message; }
            publishErrors += inFlight.Count(t => t.IsFaulted);
            var publishSeconds = clock.Elapsed.TotalSeconds;
            output.WriteLine($"published {sent:N0} in {publishSeconds:0.0} s ({sent / publishSeconds:0} msg/s), {publishErrors} publish errors" +
                             (firstError is null ? "" : $" (first: {firstError})"));

            // The rest get up to 60 s to land.
            var deadline = Stopwatch.StartNew();
            while (!pending.IsEmpty && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50);
            var drained = clock.Elapsed.TotalSeconds;
            await stopPolling.CancelAsync();
            await poller;

            var sorted = lags.Order().ToArray();
            output.WriteLine($"all sampled updates searchable {drained - publishSeconds:0.0} s after the last publish; {pending.Count} of {sampled} never seen");
            output.WriteLine();
            output.WriteLine("sampled   p50 ms   p95 ms   p99 ms   max ms");
            output.WriteLine($"{sorted.Length,7} {Percentile(sorted, 50),8:0.0} {Percentile(sorted, 95),8:0.0} {Percentile(sorted, 99),8:0.0} {(sorted.Length == 0 ? 0 : sorted[^1]),8:0.0}");
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

    static OfferUpserted Message(Offer offer, decimal price)
    {
        var now = DateTimeOffset.UtcNow;
        var minor = (long)(price * 100);
        return new OfferUpserted(offer.Id, offer.OrganizationId, offer.ProductId, offer.StoreId, offer.Sku, price, "USD", "active", 42, "pos_sync", now,
            OfferKinds.InStore, offer.Gtin, LocationId: offer.StoreId, RetailerId: offer.OrganizationId,
            PriceAmountMinor: minor, EffectivePriceMinor: minor, LastInventorySync: now, StaleInventory: false);
    }

    /// <summary>Every 10 ms: the sampled offers not seen yet; an offer showing its new price is done.</summary>
    static async Task PollAsync(NpgsqlDataSource db, ConcurrentDictionary<Guid, Pending> pending, ConcurrentBag<double> lags, CancellationToken ct)
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
                    if (pending.TryRemove(id, out _)) lags.Add(Stopwatch.GetElapsedTime(p.PublishedAt, now).TotalMilliseconds);
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
