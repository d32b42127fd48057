using Closient.Catalog.Certifications;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Catalog.ClaimVerification;

/// <summary>Configuration section <c>Catalog:ClaimVerification</c>.</summary>
public sealed class ClaimVerificationOptions
{
    public const string Section = "Catalog:ClaimVerification";

    public bool Enabled { get; set; } = true;

    /// <summary>How often unverified claims are checked when nothing wakes the verifier earlier.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Claims upgraded per transaction.</summary>
    public int BatchSize { get; set; } = 100;
}

/// <summary>Wakes this replica's <see cref="ClaimVerifier"/> at once (a prefix was registered here).</summary>
public sealed class ClaimVerificationSignal
{
    readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount == 0) try { _wake.Release(); } catch (SemaphoreFullException) { }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try { await _wake.WaitAsync(timeout, ct); } catch (OperationCanceledException) { }
    }
}

/// <summary>
/// Upgrades <c>unverified</c> claims to <c>verified</c> when the GTIN is under one of the claiming organization's
/// GS1 Company Prefixes (spec/catalog.md: "later verified async (GS1 prefix lookup, GEPIR)"), in small batches
/// (<c>FOR UPDATE SKIP LOCKED</c>, so replicas share the work), recording the method (<c>gs1_company_prefix</c>), the
/// prefix and the time, and writing the product's <c>ProductUpserted</c> in the same transaction. Runs every
/// <see cref="ClaimVerificationOptions.Interval"/> and whenever a prefix is registered. GEPIR is not reachable
/// from here, so only registered prefixes verify.
/// </summary>
public sealed class ClaimVerifier(NpgsqlDataSource db, Outbox outbox, TimeProvider clock, ClaimVerificationSignal signal,
    IOptions<ClaimVerificationOptions> options, ILogger<ClaimVerifier> logger) : BackgroundService
{
    public const string Method = "gs1_company_prefix";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await VerifyBatchAsync(stoppingToken) >= options.Value.BatchSize) { }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Claim verification pass failed; retrying at the next interval.");
            }
            try
            {
                // The interval runs on the injected TimeProvider's timers (a FakeTimeProvider advances it); a wake ends it early.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(Task.Delay(options.Value.Interval, clock, wait.Token), signal.WaitAsync(Timeout.InfiniteTimeSpan, wait.Token));
                await wait.CancelAsync();
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { }
        }
    }

    /// <summary>Verifies up to <see cref="ClaimVerificationOptions.BatchSize"/> claims in one transaction; returns how many.</summary>
    public async Task<int> VerifyBatchAsync(CancellationToken ct)
    {
        const string sql = $"""
            WITH candidates AS (
                SELECT p.id AS candidate_id,
                       (SELECT g.prefix FROM catalog.gs1_prefixes g
                        WHERE g.organization_id = p.owner_id AND starts_with(substr(p.gtin, 2), g.prefix)
                        ORDER BY length(g.prefix) DESC LIMIT 1) AS matched_prefix
                FROM catalog.products p
                WHERE p.owner_id IS NOT NULL AND p.claim_verification_status = 'unverified'
                  AND EXISTS (SELECT 1 FROM catalog.gs1_prefixes g
                              WHERE g.organization_id = p.owner_id AND starts_with(substr(p.gtin, 2), g.prefix))
                ORDER BY p.id
                LIMIT @batch
                FOR UPDATE OF p SKIP LOCKED)
            UPDATE catalog.products p
            SET claim_verification_status = 'verified', claim_verification_method = '{Method}', claim_verification_detail = c.matched_prefix,
                claim_verified_at = @now, modified_at = GREATEST(@now, p.modified_at + interval '1 microsecond')
            FROM candidates c WHERE p.id = c.candidate_id
            RETURNING {ProductRow.Columns}
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = DatabaseTime.Now(clock);
        var rows = (await conn.QueryAsync<ProductRow>(new CommandDefinition(sql, new { batch = Math.Max(1, options.Value.BatchSize), now }, tx, cancellationToken: ct))).ToList();
        if (rows.Count > 0)
        {
            var data = await ProductEventData.LoadAsync(conn, tx, rows.Select(r => r.Id).ToList(), Validity.Today(clock), ct);
            await outbox.AddRangeAsync(conn, tx, rows.Select(r => (object)r.ToUpserted(data[r.Id])).ToList(), ct);
        }
        await tx.CommitAsync(ct);
        if (rows.Count > 0) logger.LogInformation("Verified {Count} product claims by GS1 Company Prefix.", rows.Count);
        return rows.Count;
    }
}

public static class ClaimVerificationRegistration
{
    public static IHostApplicationBuilder AddClaimVerification(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClaimVerificationOptions>().Bind(builder.Configuration.GetSection(ClaimVerificationOptions.Section));
        builder.Services.AddSingleton<ClaimVerificationSignal>();
        builder.Services.AddSingleton<ClaimVerifier>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClaimVerifier>());
        return builder;
    }
}
