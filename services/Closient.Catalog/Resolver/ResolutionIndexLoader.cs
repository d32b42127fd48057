using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Catalog.Resolver;

/// <summary>Something more to hold in memory for every loaded product (the resolution rules register one).</summary>
public interface IResolutionWarmup
{
    Task WarmAsync(IReadOnlyList<ResolvedProduct> products, CancellationToken ct);
}

/// <summary>
/// Loads every product (up to <see cref="ResolverOptions.PreloadMaxProducts"/>, in batches of
/// <see cref="BatchSize"/> in GTIN order) into <see cref="ResolutionData"/> at start-up, then the warm-ups (the rules of
/// those products), and again every <see cref="ResolverOptions.RefreshSeconds"/>. Runs in the background: scans before
/// the first load finishes read the database as before. A failed cycle is logged and retried at the next one.
/// </summary>
public sealed class ResolutionIndexLoader(
    ResolutionData data, IEnumerable<IResolutionWarmup> warmups, NpgsqlDataSource db, IOptions<ResolverOptions> options,
    TimeProvider clock, ILogger<ResolutionIndexLoader> logger) : BackgroundService
{
    public const int BatchSize = 5_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.PreloadMaxProducts <= 0) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await LoadAllAsync(settings.PreloadMaxProducts, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Loading products for resolution failed; retrying in {Seconds} s", settings.RefreshSeconds);
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, settings.RefreshSeconds)), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One cycle: every product, then every warm-up, then a sweep of expired entries.</summary>
    public async Task LoadAllAsync(int maxProducts, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var started = Stopwatch.GetTimestamp();
        var products = new List<ResolvedProduct>();
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            var after = "";
            while (products.Count < maxProducts)
            {
                var batch = await data.LoadBatchAsync(conn, after, Math.Min(BatchSize, maxProducts - products.Count), started, ct);
                if (batch.Count == 0) break;
                products.AddRange(batch);
                after = batch[^1].Product.Gtin;
            }
        }
        foreach (var warmup in warmups) await warmup.WarmAsync(products, ct);
        data.Sweep();
        logger.LogInformation("Loaded {Count} products for resolution in {Elapsed} ms", products.Count, watch.ElapsedMilliseconds);
    }
}
