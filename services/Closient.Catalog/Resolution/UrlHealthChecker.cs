using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Catalog.Resolution;

/// <summary>
/// The custom-URL monitor (spec/resolver.md §2): every <see cref="UrlHealthOptions.Interval"/> (first pass at start-up)
/// it checks each distinct <c>custom_url</c> of the resolution rules with <see cref="UrlProbe"/> and records the result
/// in <c>catalog.url_health</c>: a failure adds one to <c>consecutive_failures</c> and the URL turns <c>dead</c> at
/// <see cref="UrlHealthOptions.DeadAfter"/>; one success resets it to 0 and <c>live</c>. Rows of URLs no rule uses
/// any more are deleted. One pass at a time across replicas (a PostgreSQL advisory lock), so failures are not
/// counted twice.
/// </summary>
public sealed class UrlHealthChecker(
    NpgsqlDataSource db, UrlProbe probe, UrlHealthCache cache, IOptions<UrlHealthOptions> options,
    TimeProvider clock, ILogger<UrlHealthChecker> logger) : BackgroundService
{
    const long PassLock = 0x636C_7572_6C68_6C74; // "clurlhlt": this monitor's advisory lock key
    readonly SemaphoreSlim _pass = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        using var timer = new PeriodicTimer(o.Interval, clock);
        try
        {
            do
            {
                try
                {
                    await CheckAllAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // A failed pass must not stop the host (BackgroundService's default); the next tick tries again.
                    logger.LogError(e, "Checking custom URLs failed; retrying at the next interval");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    /// <summary>One pass over every distinct custom URL; false when another replica is running a pass right now.</summary>
    public async Task<bool> CheckAllAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@PassLock)", new { PassLock }, cancellationToken: ct)))
                return false;
            try
            {
                await CheckAllLockedAsync(conn, ct);
            }
            finally
            {
                await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@PassLock)", new { PassLock }, cancellationToken: CancellationToken.None));
            }
            await cache.RefreshAsync(ct);
            return true;
        }
        finally
        {
            _pass.Release();
        }
    }

    async Task CheckAllLockedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        const string urlsSql = """
            DELETE FROM catalog.url_health h
            WHERE NOT EXISTS (SELECT 1 FROM catalog.resolution_rules r WHERE r.custom_url = h.url);
            SELECT DISTINCT custom_url FROM catalog.resolution_rules WHERE custom_url IS NOT NULL;
            """;
        var urls = (await conn.QueryAsync<string>(new CommandDefinition(urlsSql, cancellationToken: ct))).ToList();
        var o = options.Value;
        var results = new (string Url, ProbeResult Result)[urls.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, urls.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.MaxConcurrency), CancellationToken = ct },
            async (i, token) => results[i] = (urls[i], await probe.CheckAsync(urls[i], token)));

        const string record = """
            INSERT INTO catalog.url_health AS h (url, consecutive_failures, status, last_checked_at, last_status_code, last_error)
            VALUES (@Url, CASE WHEN @Alive THEN 0 ELSE 1 END, CASE WHEN @Alive OR 1 < @DeadAfter THEN 'live' ELSE 'dead' END,
                    @Now, @StatusCode::int, @Error::text)
            ON CONFLICT (url) DO UPDATE SET
                consecutive_failures = CASE WHEN @Alive THEN 0 ELSE h.consecutive_failures + 1 END,
                status = CASE WHEN @Alive THEN 'live' WHEN h.consecutive_failures + 1 >= @DeadAfter THEN 'dead' ELSE h.status END,
                last_checked_at = @Now, last_status_code = @StatusCode::int, last_error = @Error::text
            RETURNING status
            """;
        var now = clock.GetUtcNow();
        foreach (var (url, result) in results)
        {
            var error = result.Error is { Length: > 500 } e ? e[..500] : result.Error;
            var status = await conn.ExecuteScalarAsync<string>(new CommandDefinition(record,
                new { Url = url, result.Alive, o.DeadAfter, Now = now, result.StatusCode, Error = error }, cancellationToken: ct));
            if (!result.Alive) logger.LogInformation("Custom URL {Url} failed its check ({Status}): {Error}", url, status, error ?? result.StatusCode?.ToString());
        }
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }
}
