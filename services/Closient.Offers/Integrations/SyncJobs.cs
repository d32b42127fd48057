using System.Text.Json;
using System.Threading.Channels;
using Closient.Offers.Integrations.Shopify;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Offers.Integrations;

/// <summary>
/// Inventory sync jobs: <see cref="EnqueueAsync"/> records a queued job (at most one queued or running per
/// source: a unique partial index) and hands it to the background worker, which runs one job at a time.
/// At start-up the worker takes up the queued jobs again and fails the ones a stopped instance left running.
/// </summary>
public sealed class SyncJobs(NpgsqlDataSource db, IServiceProvider services, TimeProvider clock, ILogger<SyncJobs> logger) : BackgroundService
{
    readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();

    /// <summary>A new queued job for the source, or null when one is already queued or running.</summary>
    public async Task<Guid?> EnqueueAsync(Guid organizationId, Guid sourceId, CancellationToken ct)
    {
        var id = ShortId.NewGuid();
        await using var conn = await db.OpenConnectionAsync(ct);
        var inserted = await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO offers.sync_jobs (id, organization_id, inventory_source_id, state, created_at)
            VALUES (@id, @organizationId, @sourceId, 'queued', @now)
            ON CONFLICT (inventory_source_id) WHERE state IN ('queued', 'running') DO NOTHING
            """, new { id, organizationId, sourceId, now = DatabaseTime.Now(clock) }, cancellationToken: ct));
        if (inserted == 0) return null;
        _queue.Writer.TryWrite(id);
        return id;
    }

    /// <summary>The queued or running job of the source, if any.</summary>
    public async Task<Guid?> ActiveAsync(Guid sourceId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM offers.sync_jobs WHERE inventory_source_id = @sourceId AND state IN ('queued', 'running')", new { sourceId }, cancellationToken: ct));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using (var conn = await db.OpenConnectionAsync(stoppingToken))
            {
                await conn.ExecuteAsync(new CommandDefinition("""
                    UPDATE offers.sync_jobs SET state = 'failed', finished_at = @now, error_count = error_count + 1,
                        errors = errors || '[{"code": "INTERRUPTED", "message": "The service stopped while the job ran."}]'::jsonb
                    WHERE state = 'running'
                    """, new { now = DatabaseTime.Now(clock) }, cancellationToken: stoppingToken));
                foreach (var id in await conn.QueryAsync<Guid>(new CommandDefinition(
                    "SELECT id FROM offers.sync_jobs WHERE state = 'queued' ORDER BY id", cancellationToken: stoppingToken)))
                    _queue.Writer.TryWrite(id);
            }
            await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<SyncJobRunner>().RunAsync(id, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Sync job {JobId} failed unexpectedly", id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// One Shopify inventory sync: the shop's locations (recorded, so they can be mapped to physical stores),
/// every product's variants (barcode → GTIN, recorded for webhooks), then the inventory levels of the
/// variants at mapped locations, each applied as an in-store offer (<see cref="PosOfferWriter"/>, one
/// transaction per offer, so progress shows and one failure does not undo the rest). Counts, progress
/// (variants processed of total) and the first 100 errors/skips are written to the job as it goes.
/// </summary>
public sealed class SyncJobRunner(NpgsqlDataSource db, ShopifyClient shopify, IOptions<ShopifyOptions> options, Outbox outbox,
    TimeProvider clock, ILogger<SyncJobRunner> logger)
{
    const int MaxErrors = 100, LevelBatch = 50;

    int _created, _updated, _skipped, _errorCount, _processed;
    int? _total;
    readonly List<object> _errors = [];

    public async Task RunAsync(Guid jobId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var job = await conn.QuerySingleOrDefaultAsync<JobStart>(new CommandDefinition("""
            UPDATE offers.sync_jobs j SET state = 'running', started_at = @now
            FROM offers.inventory_sources s
            WHERE j.id = @jobId AND j.state = 'queued' AND s.id = j.inventory_source_id
            RETURNING j.organization_id, s.id AS source_id, s.shop_domain, s.access_token_encrypted, s.status
            """, new { jobId, now = DatabaseTime.Now(clock) }, cancellationToken: ct));
        if (job is null) return;
        try
        {
            await SyncAsync(conn, jobId, job, ct);
            await FinishAsync(conn, jobId, "succeeded", ct);
            await conn.ExecuteAsync(new CommandDefinition("UPDATE offers.inventory_sources SET last_sync_at = @now WHERE id = @SourceId",
                new { job.SourceId, now = DatabaseTime.Now(clock) }, cancellationToken: ct));
        }
        catch (Exception e) when (e is ShopifyException or SyncFailedException or JsonException)
        {
            logger.LogWarning("Sync job {JobId} failed: {Message}", jobId, e.Message);
            Error(e is ShopifyException s ? (s.Status == 401 ? "SHOPIFY_UNAUTHORIZED" : "SHOPIFY_ERROR") : e is JsonException ? "SHOPIFY_ERROR" : ((SyncFailedException)e).Code,
                e.Message);
            await FinishAsync(conn, jobId, "failed", CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never leave a job running: record the failure (the details go to the log, not to the client).
            logger.LogError(e, "Sync job {JobId} failed unexpectedly", jobId);
            Error("INTERNAL_ERROR", "The sync failed unexpectedly; try again later.");
            await FinishAsync(conn, jobId, "failed", CancellationToken.None);
        }
    }

    async Task SyncAsync(NpgsqlConnection conn, Guid jobId, JobStart job, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.IsConfigured) throw new SyncFailedException("NOT_CONFIGURED", "The Shopify integration is not configured.");
        if (job.Status != "connected") throw new SyncFailedException("DISCONNECTED", "The shop is disconnected; install the app again.");
        var token = new TokenProtector(o.TokenKeyBytes()!).Unprotect(job.AccessTokenEncrypted, job.ShopDomain)
            ?? throw new SyncFailedException("TOKEN_UNREADABLE", "The stored access token cannot be decrypted; install the app again.");

        foreach (var location in await shopify.LocationsAsync(job.ShopDomain, token, ct))
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO offers.inventory_source_locations (inventory_source_id, external_location_id, name)
                VALUES (@SourceId, @id, @name)
                ON CONFLICT (inventory_source_id, external_location_id) DO UPDATE SET name = EXCLUDED.name
                """, new { job.SourceId, id = location.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), name = Truncate(location.Name, 200) },
                cancellationToken: ct));
        var mapped = (await conn.QueryAsync<(string Location, Guid Store)>(new CommandDefinition("""
            SELECT external_location_id, physical_store_id FROM offers.inventory_source_locations
            WHERE inventory_source_id = @SourceId AND physical_store_id IS NOT NULL
            """, new { job.SourceId }, cancellationToken: ct))).ToDictionary(m => m.Location, m => m.Store);

        var items = new List<PosItem>();
        await foreach (var page in shopify.ProductPagesAsync(job.ShopDomain, token, ct))
            foreach (var product in page)
                foreach (var variant in product.Variants ?? [])
                {
                    var item = PosItems.From(product.Id, variant);
                    await PosItems.SaveAsync(conn, null, job.SourceId, item, ct);
                    items.Add(item);
                }
        _total = items.Count;
        if (mapped.Count == 0)
        {
            _skipped = items.Count;
            _processed = items.Count;
            Error("NO_MAPPED_LOCATIONS", "No Shopify location is mapped to a physical store yet: PUT the inventory source's locations, then sync again.");
            return;
        }

        var matchable = new List<PosItem>();
        foreach (var item in items)
        {
            if (item.Gtin is null)
            {
                _skipped++;
                _processed++;
                Error(item.Barcode.Length == 0 ? "NO_BARCODE" : "INVALID_BARCODE",
                    $"Variant {item.VariantId} (sku '{item.Sku}') has no valid GTIN barcode ('{Truncate(item.Barcode, 40)}').", item);
            }
            else matchable.Add(item);
        }
        await ProgressAsync(conn, jobId, ct);

        foreach (var batch in matchable.Chunk(LevelBatch))
        {
            var levels = await shopify.InventoryLevelsAsync(job.ShopDomain, token,
                batch.Select(i => long.Parse(i.InventoryItemId, System.Globalization.CultureInfo.InvariantCulture)),
                mapped.Keys.Select(k => long.Parse(k, System.Globalization.CultureInfo.InvariantCulture)), ct);
            foreach (var item in batch)
            {
                foreach (var level in levels.Where(l => l.InventoryItemId.ToString(System.Globalization.CultureInfo.InvariantCulture) == item.InventoryItemId))
                {
                    if (!mapped.TryGetValue(level.LocationId.ToString(System.Globalization.CultureInfo.InvariantCulture), out var store)) continue;
                    // Confirmed now (the level's updated_at is when it last changed, not when it was last true).
                    var stock = new PosStock(job.OrganizationId, store, item.Gtin!, item.OfferSku, item.Price, Math.Max(level.Available ?? 0, 0), null);
                    switch (await ApplyAsync(stock, ct))
                    {
                        case PosWrite.Created: _created++; break;
                        case PosWrite.Updated: _updated++; break;
                        case PosWrite.UnknownProduct:
                            _skipped++;
                            Error("UNKNOWN_GTIN", $"No catalog product has GTIN {item.Gtin} (variant {item.VariantId}, sku '{item.Sku}').", item);
                            break;
                        case PosWrite.StoreGone:
                            _skipped++;
                            Error("STORE_GONE", $"The physical store mapped to Shopify location {level.LocationId} no longer exists.", item);
                            break;
                        default: _skipped++; break;
                    }
                }
                _processed++;
            }
            await ProgressAsync(conn, jobId, ct);
        }
    }

    async Task<PosWrite> ApplyAsync(PosStock stock, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(ct);
                await using var tx = await conn.BeginTransactionAsync(ct);
                var result = await PosOfferWriter.ApplyAsync(conn, tx, outbox, clock, stock, createMissing: true, ct);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (PosWriteConflictException) when (attempt < 3)
            {
            }
        }
    }

    void Error(string code, string message, PosItem? item = null)
    {
        if (code is not ("NO_BARCODE" or "INVALID_BARCODE" or "UNKNOWN_GTIN" or "NO_MAPPED_LOCATIONS" or "STORE_GONE")) _errorCount++;
        if (_errors.Count < MaxErrors)
            _errors.Add(item is null ? new { code, message } : new { code, message, variant_id = item.VariantId, sku = item.Sku });
    }

    Task ProgressAsync(NpgsqlConnection conn, Guid jobId, CancellationToken ct) => conn.ExecuteAsync(new CommandDefinition("""
        UPDATE offers.sync_jobs SET created_count = @_created, updated_count = @_updated, skipped_count = @_skipped,
            error_count = @_errorCount, processed = @_processed, total = @_total, errors = @errors::jsonb
        WHERE id = @jobId
        """, new { _created, _updated, _skipped, _errorCount, _processed, _total, errors = JsonSerializer.Serialize(_errors), jobId }, cancellationToken: ct));

    async Task FinishAsync(NpgsqlConnection conn, Guid jobId, string state, CancellationToken ct)
    {
        await ProgressAsync(conn, jobId, ct);
        await conn.ExecuteAsync(new CommandDefinition("UPDATE offers.sync_jobs SET state = @state, finished_at = @now WHERE id = @jobId",
            new { state, now = DatabaseTime.Now(clock), jobId }, cancellationToken: ct));
    }

    static string Truncate(string? s, int max) => s is null ? "" : s.Length <= max ? s : s[..max];

    sealed class JobStart
    {
        public Guid OrganizationId { get; init; }
        public Guid SourceId { get; init; }
        public string ShopDomain { get; init; } = "";
        public byte[] AccessTokenEncrypted { get; init; } = [];
        public string Status { get; init; } = "";
    }

    sealed class SyncFailedException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }
}
