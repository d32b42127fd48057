using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Closient.ServiceDefaults.Data;

/// <summary>
/// Applies a service's forward-only SQL migrations at start-up, before the web server takes
/// requests: embedded <c>Migrations/V####__name.sql</c> files in version order, each in its own
/// transaction, under a session advisory lock (so replicas starting together apply each once),
/// journaled in <c>&lt;schema&gt;.schema_migrations</c> with a checksum that refuses edited files.
/// Version 0 is the built-in outbox/inbox tables every service has.
/// </summary>
public sealed partial class MigrationRunner(NpgsqlDataSource db, ServiceSchema schema, MigrationSource source, ILogger<MigrationRunner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => MigrateAsync(db, schema.Name, source.Assembly, logger, ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public static async Task MigrateAsync(NpgsqlDataSource db, string schema, System.Reflection.Assembly assembly, ILogger logger, CancellationToken ct)
    {
        if (!SchemaName().IsMatch(schema)) throw new ArgumentException($"Invalid schema name '{schema}'.");
        var migrations = Load(assembly, schema);

        await using var conn = await db.OpenConnectionAsync(ct);
        var lockKey = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("closient-migrations:" + schema)));
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@lockKey)", new { lockKey }, cancellationToken: ct));
        try
        {
            // The provisioning step normally creates the schema (owned by the service's role);
            // create it here only when it is missing, e.g. in a developer's scratch database.
            var exists = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", new { schema }, cancellationToken: ct));
            if (!exists) await conn.ExecuteAsync(new CommandDefinition($"CREATE SCHEMA {schema}", cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition($"""
                CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                    version int PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken: ct));
            var applied = (await conn.QueryAsync<(int Version, string Checksum)>(new CommandDefinition(
                $"SELECT version, checksum FROM {schema}.schema_migrations", cancellationToken: ct))).ToDictionary(r => r.Version, r => r.Checksum);

            foreach (var m in migrations)
            {
                if (applied.TryGetValue(m.Version, out var checksum))
                {
                    if (checksum != m.Checksum)
                        throw new InvalidOperationException($"Migration {schema} V{m.Version:0000} ({m.Name}) was edited after it was applied; add a new migration instead.");
                    continue;
                }
                await using var tx = await conn.BeginTransactionAsync(ct);
                await conn.ExecuteAsync(new CommandDefinition(m.Sql, transaction: tx, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO {schema}.schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
                    m, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Schema} V{Version:0000} {Name}", schema, m.Version, m.Name);
            }
        }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@lockKey)", new { lockKey }, cancellationToken: CancellationToken.None));
        }
    }

    public sealed record Migration(int Version, string Name, string Sql, string Checksum);

    /// <summary>The built-in migration plus the assembly's embedded scripts, in version order.</summary>
    public static IReadOnlyList<Migration> Load(System.Reflection.Assembly assembly, string schema)
    {
        var list = new List<Migration> { Create(0, "outbox_and_inbox", BuiltIn.Replace("{schema}", schema)) };
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var version = int.Parse(match.Groups["version"].Value);
            if (version == 0) throw new InvalidOperationException("Migration version 0 is reserved for the outbox and inbox.");
            list.Add(Create(version, match.Groups["name"].Value, reader.ReadToEnd()));
        }
        var duplicate = list.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two migrations share version {duplicate.Key}.");
        return list.OrderBy(m => m.Version).ToList();
    }

    static Migration Create(int version, string name, string sql) =>
        new(version, name, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n")))));

    const string BuiltIn = """
        CREATE TABLE {schema}.outbox (
            id uuid PRIMARY KEY,
            message_type text NOT NULL,
            payload jsonb NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            sent_at timestamptz NULL,
            attempts int NOT NULL DEFAULT 0,
            last_error text NULL);
        CREATE INDEX outbox_unsent_idx ON {schema}.outbox (id) WHERE sent_at IS NULL;
        CREATE TABLE {schema}.inbox (
            message_id uuid NOT NULL,
            consumer text NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (message_id, consumer));
        """;

    [GeneratedRegex(@"\.Migrations\.V(?<version>\d+)__(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
