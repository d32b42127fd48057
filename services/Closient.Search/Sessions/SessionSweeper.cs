using Dapper;
using Npgsql;

namespace Closient.Search.Sessions;

/// <summary>Deletes sessions a day after they expired, so the table holds only recent ones.</summary>
public sealed class SessionSweeper(NpgsqlDataSource db, TimeProvider clock, ILogger<SessionSweeper> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
                await using var conn = await db.OpenConnectionAsync(stoppingToken);
                const string sql = "DELETE FROM search.sessions WHERE expires_at < @before";
                var deleted = await conn.ExecuteAsync(new CommandDefinition(sql,
                    new { before = clock.GetUtcNow() - Retention }, cancellationToken: stoppingToken));
                if (deleted > 0) logger.LogInformation("Deleted {Count} expired search sessions", deleted);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning(e, "Sweeping expired search sessions failed; retrying later");
            }
        }
    }
}
