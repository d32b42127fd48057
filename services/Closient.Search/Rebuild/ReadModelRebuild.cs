using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Npgsql;

namespace Closient.Search.Rebuild;

/// <summary>
/// <c>rebuild [--dry-run]</c>: empties the read model (products, brands, retailers, stores, offers) and the inbox in one
/// transaction, leaving sessions alone, and prints the <c>republish</c> commands of the owning services that refill it
/// from their own tables. <c>--dry-run</c> only prints the row counts it would remove.
/// </summary>
public static class ReadModelRebuild
{
    /// <summary>The tables the consumers fill, in the order they are reported.</summary>
    public static readonly IReadOnlyList<string> Tables = ["products", "brands", "retailers", "stores", "offers", "inbox"];

    public const string Usage = "usage: Closient.Search rebuild [--dry-run]";

    public static readonly IReadOnlyList<string> NextSteps =
    [
        "dotnet run --project services/Closient.Catalog -- republish",
        "dotnet run --project services/Closient.Locations -- republish",
        "dotnet run --project services/Closient.Offers -- republish",
    ];

    public static async Task<int> RunCommandAsync(string[] args)
    {
        if (args is not ([] or ["--dry-run"]))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        var connectionString = Republisher.Configuration().GetConnectionString("closient");
        if (string.IsNullOrEmpty(connectionString))
        {
            await Console.Error.WriteLineAsync("ConnectionStrings:closient is not configured (set ConnectionStrings__closient).");
            return 1;
        }
        DapperConventions.Apply();
        await using var db = new NpgsqlDataSourceBuilder(connectionString).UseNetTopologySuite().Build();
        await RunAsync(db, dryRun: args is ["--dry-run"], Console.Out, CancellationToken.None);
        return 0;
    }

    /// <summary>Counts the rows of <see cref="Tables"/> and, unless <paramref name="dryRun"/>, truncates them; returns the counts.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> RunAsync(NpgsqlDataSource db, bool dryRun, TextWriter output, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var qualified = Tables.Select(t => $"{SearchService.Schema}.{t}").ToList();
        // The lock first, so the counts are the rows removed: consumers wait for the commit, then write into empty tables.
        if (!dryRun)
            await conn.ExecuteAsync(new CommandDefinition($"LOCK TABLE {string.Join(", ", qualified)} IN ACCESS EXCLUSIVE MODE", transaction: tx, cancellationToken: ct));
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
            counts[table] = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM {SearchService.Schema}.{table}", transaction: tx, cancellationToken: ct));
        if (!dryRun)
            await conn.ExecuteAsync(new CommandDefinition($"TRUNCATE {string.Join(", ", qualified)}", transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);

        foreach (var table in Tables)
            await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{(dryRun ? "would remove" : "removed")} {counts[table]:N0} rows from {SearchService.Schema}.{table}"));
        await output.WriteLineAsync(dryRun
            ? "dry run: nothing was changed."
            : "the read model is empty (sessions kept). Refill it by running, with each service's ConnectionStrings__closient:");
        if (!dryRun)
            foreach (var step in NextSteps)
                await output.WriteLineAsync("  " + step);
        return counts;
    }
}
