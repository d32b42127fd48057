using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Npgsql;

namespace Closient.Offers.Promotions;

/// <summary>
/// Re-publishes an offer (OfferUpserted with its new effective price) when one of its promotion windows
/// opened or closed since the offer was last published: a promotion whose running state differs from
/// <c>published_running</c>. Runs every <c>Offers:PromotionSweepSeconds</c> (default 60), so events lag
/// a window boundary by at most that long; reads of offers compute the effective price exactly.
/// </summary>
public sealed class PromotionSweeper(NpgsqlDataSource db, Outbox outbox, TimeProvider clock, IConfiguration configuration,
    ILogger<PromotionSweeper> logger) : BackgroundService
{
    const int Batch = 200;

    TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Offers:PromotionSweepSeconds", 60)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, stoppingToken);
                var count = await SweepAsync(stoppingToken);
                if (count > 0) logger.LogInformation("Re-published {Count} offers whose promotions started or ended", count);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning(e, "Sweeping promotion windows failed; retrying later");
            }
        }
    }

    /// <summary>One sweep: re-publishes every offer with a promotion that started or ended since its last publication; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var now = DatabaseTime.Now(clock); // as RepublishAsync records published_running, so a swept offer is not due again
            await using var conn = await db.OpenConnectionAsync(ct);
            var due = (await conn.QueryAsync<(Guid? InStore, Guid? Online)>(new CommandDefinition("""
                SELECT DISTINCT in_store_offer_id, online_offer_id FROM offers.promotions
                WHERE published_running <> (is_active AND start_date <= @now AND end_date >= @now)
                LIMIT @Batch
                """, new { now, Batch }, cancellationToken: ct))).ToList();
            foreach (var (inStore, online) in due)
            {
                // One transaction per offer, under the offer's lock like every offer write.
                await using var tx = await conn.BeginTransactionAsync(ct);
                var kind = inStore is null ? PromotionsApi.Online : PromotionsApi.InStore;
                if (await PromotionsApi.RepublishOfferAsync(conn, tx, outbox, kind, inStore ?? online!.Value, clock, ct)) total++;
                await tx.CommitAsync(ct);
            }
            if (due.Count < Batch) return total;
        }
    }
}
