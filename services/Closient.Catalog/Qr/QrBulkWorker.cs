using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Qr;

/// <summary>
/// Renders queued bulk QR jobs into a zip (one file per item plus <c>manifest.csv</c> mapping each file to
/// the URL it encodes) and stores it on the job row. Jobs are claimed with <c>FOR UPDATE SKIP LOCKED</c>,
/// so replicas share the queue; a job left running by a crashed replica is picked up again after
/// <see cref="StaleAfter"/>, up to <see cref="MaxAttempts"/> tries. New jobs wake the worker through NOTIFY.
/// </summary>
public sealed class QrBulkWorker(NpgsqlDataSource db, DigitalLinkOptions link, ILogger<QrBulkWorker> logger) : BackgroundService
{
    public const string Channel = "catalog_qr_bulk";
    static readonly TimeSpan Fallback = TimeSpan.FromSeconds(2);
    static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);
    const int MaxAttempts = 3;

    /// <summary>Zip entries carry this time, so equal jobs give equal archives.</summary>
    static readonly DateTimeOffset EntryTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = await db.OpenConnectionAsync(stoppingToken);
                await listener.ExecuteAsync($"LISTEN {Channel}");
                while (!stoppingToken.IsCancellationRequested)
                {
                    while (await RunOneAsync(stoppingToken)) { }
                    await DeleteExpiredAsync(stoppingToken);
                    failures = 0;
                    await listener.WaitAsync(Fallback, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                logger.LogWarning(e, "Bulk QR worker failed; retrying");
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(10_000, 200 * Math.Pow(2, Math.Min(failures, 6)))), stoppingToken);
            }
        }
    }

    /// <summary>Claims and renders one job; false when none is waiting.</summary>
    async Task<bool> RunOneAsync(CancellationToken ct)
    {
        const string claim = """
            UPDATE catalog.qr_bulk_jobs SET status = 'running', started_at = now(), attempts = attempts + 1
            WHERE id = (SELECT id FROM catalog.qr_bulk_jobs
                        WHERE status = 'pending' OR (status = 'running' AND started_at < now() - @stale::interval)
                        ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING id, gtin, format, size, items::text AS items, attempts
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var job = await conn.QuerySingleOrDefaultAsync<Job>(new CommandDefinition(claim, new { stale = StaleAfter }, cancellationToken: ct));
        if (job is null) return false;
        if (job.Attempts > MaxAttempts)
        {
            await FinishAsync(conn, job.Id, null, "Rendering did not finish after several attempts.", ct);
            return true;
        }
        try
        {
            var archive = Render(job, link.Root);
            await FinishAsync(conn, job.Id, archive, null, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Bulk QR job {JobId} failed", job.Id);
            await FinishAsync(conn, job.Id, null, "Rendering failed.", ct);
        }
        return true;
    }

    /// <summary>The zip for a job: <c>0001.png</c>… in item order and <c>manifest.csv</c> (file,url).</summary>
    public static byte[] Render(Job job, string root)
    {
        var items = JsonSerializer.Deserialize<List<QrBulkItem>>(job.Items, JsonOptions) ?? [];
        var format = job.Format == "svg" ? QrFormat.Svg : QrFormat.Png;
        var manifest = new StringBuilder("file,url\n");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < items.Count; i++)
            {
                var url = QrLink.Compose(root, job.Gtin, items[i].Lot, items[i].Serial, items[i].Expiry);
                var name = $"{i + 1:D4}.{QrRenderer.Extension(format)}";
                Write(zip, name, QrRenderer.Render(url, format, job.Size));
                manifest.Append(name).Append(',').Append(url).Append('\n');
            }
            Write(zip, "manifest.csv", Encoding.UTF8.GetBytes(manifest.ToString()));
        }
        return buffer.ToArray();
    }

    static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    static Task FinishAsync(NpgsqlConnection conn, Guid id, byte[]? archive, string? error, CancellationToken ct)
    {
        const string sql = """
            UPDATE catalog.qr_bulk_jobs SET status = @status, archive = @archive, error = @error, completed_at = now()
            WHERE id = @id
            """;
        return conn.ExecuteAsync(new CommandDefinition(sql,
            new { id, archive, error, status = archive is null ? "failed" : "completed" }, cancellationToken: ct));
    }

    async Task DeleteExpiredAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM catalog.qr_bulk_jobs WHERE completed_at < now() - @retention::interval",
            new { retention = QrBulkApi.Retention }, cancellationToken: ct));
    }

    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.General);

    /// <summary>A claimed job as the worker reads it.</summary>
    public sealed class Job
    {
        public Guid Id { get; init; }
        public string Gtin { get; init; } = "";
        public string Format { get; init; } = "";
        public int Size { get; init; }
        public string Items { get; init; } = "[]";
        public int Attempts { get; init; }
    }
}
