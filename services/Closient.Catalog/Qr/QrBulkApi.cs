using System.Text.Json;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Catalog.Qr;

/// <summary>
/// Bulk QR codes (spec/catalog.md §5): <c>POST /products/api/v1/qr/bulk/</c> queues a job (202), the
/// <see cref="QrBulkWorker"/> renders and zips it, <c>GET …/bulk/{task_id}/</c> polls it and
/// <c>GET …/bulk/{task_id}/download</c> returns the zip. A job is visible only to whoever queued it
/// (the same user, or for keys without a user the same key); everyone else gets 404.
/// </summary>
public static class QrBulkApi
{
    public const string BasePath = "/products/api/v1/qr/bulk/";
    public const int MaxItems = 5000;

    /// <summary>How long a finished archive stays downloadable before the worker deletes the job.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public static IEndpointRouteBuilder MapQrBulkApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath).WithTags("QR codes");
        group.MapPost("", CreateBulkJob).WithName("CreateQrBulkJob").WithAccess(AccessRule.AnyKey)
            .WithSummary("Queue QR codes for one GTIN and up to 5000 lot/serial/expiry items; poll the returned URL.");
        group.MapGet("{taskId}/", GetBulkJob).WithName("GetQrBulkJob").WithAccess(AccessRule.Creator);
        group.MapGet("{taskId}/download", DownloadBulkJob).WithName("DownloadQrBulkJob").WithAccess(AccessRule.Creator)
            .Produces(StatusCodes.Status200OK, contentType: "application/zip");
        return app;
    }

    static async Task<Results<Accepted<QrBulkAccepted>, ProblemHttpResult>> CreateBulkJob(
        QrBulkRequest body, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (Requester(caller) is not { } requester) return NoJob();
        var v = new Validation();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var gtin14 = QrFields.Gtin(v, body.Gtin);
        var format = QrFields.Format(v, body.Format, QrFormat.Png);
        var size = QrFields.Size(v, body.Size);
        var items = new List<QrBulkItem>();
        var badItems = 0;
        if (body.Items is null || body.Items.Count is 0 or > MaxItems)
            v.Add("items", $"Send 1 to {MaxItems} items.");
        else
        {
            for (var i = 0; i < body.Items.Count; i++)
            {
                var item = body.Items[i] ?? new QrBulkItem();
                // Per-item errors name the item, and stop after a few so a bad file does not produce 5000 messages.
                var itemErrors = new Validation();
                var clean = new QrBulkItem
                {
                    Lot = QrFields.Attribute(itemErrors, "lot", "10", item.Lot),
                    Serial = QrFields.Attribute(itemErrors, "serial", "21", item.Serial),
                    Expiry = QrFields.Expiry(itemErrors, item.Expiry, today),
                };
                if (!itemErrors.IsValid && ++badItems <= 20) v.Add($"items[{i}]", "Invalid lot, serial or expiry (lot and serial: up to 20 characters of GS1 CSET 82; expiry: YYMMDD).");
                items.Add(clean);
            }
        }
        if (!v.IsValid) return v.ToProblem();

        var job = new
        {
            Id = ShortId.NewGuid(), Requester = requester, Gtin = gtin14, Format = QrRenderer.Extension(format), Size = size,
            Items = JsonSerializer.Serialize(items), Count = items.Count, Now = DatabaseTime.Now(clock),
        };
        const string sql = """
            INSERT INTO catalog.qr_bulk_jobs (id, requested_by, status, gtin, format, size, items, item_count, created_at)
            VALUES (@Id, @Requester, 'pending', @Gtin, @Format, @Size, @Items::jsonb, @Count, @Now);
            SELECT pg_notify('catalog_qr_bulk', '');
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, job, cancellationToken: ct));
        var poll = $"{BasePath}{job.Id}/";
        return TypedResults.Accepted(poll, new QrBulkAccepted(job.Id, "pending", job.Count, poll));
    }

    static async Task<Results<Ok<QrBulkStatus>, ProblemHttpResult>> GetBulkJob(string taskId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (Requester(caller) is not { } requester || !Guid.TryParse(taskId, out var id)) return NoJob();
        const string sql = """
            SELECT id, status, item_count, format, size, created_at, completed_at, error
            FROM catalog.qr_bulk_jobs WHERE id = @id AND requested_by = @requester
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var job = await conn.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(sql, new { id, requester }, cancellationToken: ct));
        if (job is null) return NoJob();
        var done = job.Status == "completed";
        return TypedResults.Ok(new QrBulkStatus(job.Id, job.Status, job.ItemCount, job.Format, job.Size, job.CreatedAt, job.CompletedAt,
            done ? $"{BasePath}{job.Id}/download" : null, done ? job.CompletedAt + Retention : null, job.Error));
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadBulkJob(string taskId, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (Requester(caller) is not { } requester || !Guid.TryParse(taskId, out var id)) return NoJob();
        const string sql = "SELECT archive FROM catalog.qr_bulk_jobs WHERE id = @id AND requested_by = @requester AND status = 'completed'";
        await using var conn = await db.OpenConnectionAsync(ct);
        var archive = await conn.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(sql, new { id, requester }, cancellationToken: ct));
        return archive is null ? NoJob() : TypedResults.File(archive, "application/zip", $"qr-{id}.zip");
    }

    /// <summary>Whose job this is: the user behind a csu key or session, else the csb key itself; null for everyone else.</summary>
    static Guid? Requester(Caller caller) => QrApi.IsSecretKeyCaller(caller) ? caller.UserId ?? caller.ApiKeyId : null;

    static ProblemHttpResult NoJob() => Problems.NotFound("No bulk QR job with this id.");

    sealed class JobRow
    {
        public Guid Id { get; init; }
        public string Status { get; init; } = "";
        public int ItemCount { get; init; }
        public string Format { get; init; } = "";
        public int Size { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? CompletedAt { get; init; }
        public string? Error { get; init; }
    }
}
