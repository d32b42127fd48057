using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Closient.ServiceDefaults.Data;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Closient.Testing;

/// <summary>
/// A database of its own for one test class, copied from a template that already has the
/// extensions and the given services' migrations (created once per migration set, under an
/// advisory lock, so parallel test projects share it). The services' own migration runner then
/// finds everything applied, exactly as in production after a deploy.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public string Name { get; }
    public string ConnectionString { get; }

    TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public static async Task<TestDatabase> CreateAsync(params (string Schema, Assembly Migrations)[] services)
    {
        var admin = TestInfrastructure.Instance.PostgresAdmin;
        var template = await EnsureTemplateAsync(admin, services);
        var name = "test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await conn.ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {template}");
        }
        return new TestDatabase(name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    static async Task<string> EnsureTemplateAsync(string admin, (string Schema, Assembly Migrations)[] services)
    {
        var fingerprint = string.Join("|", services.OrderBy(s => s.Schema).Select(s =>
            s.Schema + ":" + string.Join(",", MigrationRunner.Load(s.Migrations, s.Schema).Select(m => m.Checksum))));
        var template = "tpl_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)))[..20];

        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await conn.ExecuteAsync("SELECT pg_advisory_lock(4242)");
        try
        {
            if (await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @template AND datistemplate)", new { template }))
                return template;
            await conn.ExecuteAsync($"DROP DATABASE IF EXISTS {template}");
            await conn.ExecuteAsync($"CREATE DATABASE {template}");
            var templateConnection = new NpgsqlConnectionStringBuilder(admin) { Database = template, Pooling = false }.ConnectionString;
            await using (var db = new NpgsqlDataSourceBuilder(templateConnection).UseNetTopologySuite().Build())
            {
                await using (var c = await db.OpenConnectionAsync())
                    await c.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;");
                foreach (var (schema, migrations) in services)
                    await MigrationRunner.MigrateAsync(db, schema, migrations, NullLogger.Instance, CancellationToken.None);
            }
            await conn.ExecuteAsync($"ALTER DATABASE {template} IS_TEMPLATE true");
            return template;
        }
        finally
        {
            await conn.ExecuteAsync("SELECT pg_advisory_unlock(4242)");
        }
    }

    /// <summary>Runs one query against this database (to assert on what a service wrote).</summary>
    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        return (await conn.QueryAsync<T>(sql, args)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(TestInfrastructure.Instance.PostgresAdmin);
        await conn.OpenAsync();
        await conn.ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}
