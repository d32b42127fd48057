using System.Globalization;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Closient.ServiceDefaults.Messaging;

/// <summary>
/// One kind of entity a service re-publishes: how many there are, and one page of their current events
/// after an id (keyset pagination by the entity's primary key, ascending).
/// </summary>
/// <param name="Name">The kind as the command names it (<c>products</c>), also the <c>--only</c> value.</param>
/// <param name="CountSql">A scalar count of the entities (for the progress lines).</param>
/// <param name="PageAsync">Reads up to <c>limit</c> entities with an id greater than <c>after</c> (null: from the start) inside the
/// transaction and returns their events (in order) and the last entity id read (null when none).</param>
public sealed record RepublishKind(
    string Name,
    string CountSql,
    Func<NpgsqlConnection, NpgsqlTransaction, Guid?, int, CancellationToken, Task<RepublishPage>> PageAsync);

/// <summary>One page of a <see cref="RepublishKind"/>: the entities read and the events they produce (some entities produce several).</summary>
public sealed record RepublishPage(int Entities, IReadOnlyCollection<object> Events, Guid? Last);

/// <summary>
/// The <c>republish</c> command the owning services share: writes the current state of every entity of each
/// kind as events into the service's outbox, one transaction per batch (keyset pagination by id), so the
/// normal outbox relay publishes them and a wiped read model elsewhere (search) can be refilled. Each event
/// carries the entity's own version (its updated time), so consumers that order by version re-apply it to a
/// missing row and ignore it where they already hold that version. An interrupted run resumes with
/// <c>--only KIND --after ID</c> (the last id of the progress line).
/// </summary>
public static class Republisher
{
    public const int DefaultBatchSize = 1000;

    /// <summary>The service's configuration without the web host: appsettings.json and environment (ConnectionStrings__closient).</summary>
    public static IConfiguration Configuration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>
    /// The command: <c>republish [--only KIND] [--after ID] [--batch-size N]</c>. Parses <paramref name="args"/>, runs every kind
    /// (or the one named) in order and prints progress lines; returns the exit code (2: bad arguments, 1: not configured).
    /// </summary>
    public static async Task<int> RunCommandAsync(string service, string schema, IReadOnlyList<RepublishKind> kinds, string[] args,
        IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var usage = $"usage: {service} republish [--only {string.Join('|', kinds.Select(k => k.Name))}] [--after <id>] [--batch-size <1-10000>]";
        string? only = null;
        Guid? after = null;
        var batchSize = DefaultBatchSize;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var ok = value is not null && args[i] switch
            {
                "--only" => kinds.Any(k => k.Name == value) && (only = value) is not null,
                "--after" => ShortId.TryParse(value, out var id) && (after = id) is not null,
                "--batch-size" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out batchSize) && batchSize is >= 1 and <= 10_000,
                _ => false,
            };
            if (!ok)
            {
                await error.WriteLineAsync(usage);
                return 2;
            }
        }
        if (after is not null && only is null)
        {
            await error.WriteLineAsync(usage + Environment.NewLine + "--after needs --only: it resumes one kind.");
            return 2;
        }
        await using var db = await DatabaseExtensions.CommandLineDataSourceAsync(configuration, error);
        if (db is null) return 1;
        var outbox = new Outbox(new ServiceSchema(schema));
        foreach (var kind in kinds.Where(k => only is null || k.Name == only))
            await RunAsync(db, outbox, kind, after, batchSize, output, ct);
        await output.WriteLineAsync("done: the outbox relay of the running service publishes the events.");
        return 0;
    }

    /// <summary>Re-publishes every entity of <paramref name="kind"/> after <paramref name="after"/>; returns how many entities it covered.</summary>
    public static async Task<long> RunAsync(NpgsqlDataSource db, Outbox outbox, RepublishKind kind, Guid? after, int batchSize,
        TextWriter output, CancellationToken ct)
    {
        long total, done = 0;
        await using (var conn = await db.OpenConnectionAsync(ct))
            total = await conn.ExecuteScalarAsync<long>(new CommandDefinition(kind.CountSql, cancellationToken: ct));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"republishing {total:N0} {kind.Name}"));
        while (true)
        {
            RepublishPage page;
            await using (var conn = await db.OpenConnectionAsync(ct))
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                page = await kind.PageAsync(conn, tx, after, batchSize, ct);
                await outbox.AddRangeAsync(conn, tx, page.Events, ct);
                await tx.CommitAsync(ct);
            }
            if (page.Entities == 0 || page.Last is null) break;
            done += page.Entities;
            after = page.Last;
            // Entities created meanwhile can push done past the first count.
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"republished {done:N0}/{Math.Max(total, done):N0} {kind.Name} (last id {ShortId.Encode(after.Value)})"));
            if (page.Entities < batchSize) break;
        }
        return done;
    }
}
