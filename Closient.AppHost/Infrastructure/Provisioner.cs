using Closient.AppHost.Hosting;
using Npgsql;

namespace Closient.AppHost.Infrastructure;

/// <summary>
/// Makes the database match docs/DESIGN §4 on every start (idempotent): the database, the extensions
/// (created here by the superuser, never by services), and per service a login role that owns its
/// schema and can reach nothing else. PUBLIC loses CONNECT and the public schema, so a role sees only
/// what is granted to it: its own schema, plus USAGE on public for the PostGIS types and functions.
/// </summary>
sealed class Provisioner(Action<string> say)
{
    const string DatabaseExists = "SELECT 1 FROM pg_database WHERE datname = @name";
    const string RoleExists = "SELECT 1 FROM pg_roles WHERE rolname = @name";
    const int MaxIdentifierBytes = 63;

    public async Task RunAsync(string adminConnectionString, string database, bool postGis, IReadOnlyList<SchemaOwner> owners, CancellationToken ct)
    {
        foreach (var name in owners.Select(o => o.Role).Append(database))
        {
            if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
                throw new StartupException($"'{name}' is longer than PostgreSQL's {MaxIdentifierBytes}-byte identifier limit; use a shorter CLOSIENT_DATABASE.");
        }

        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        if (string.IsNullOrEmpty(admin.Database)) admin.Database = "postgres";
        await using (var server = new NpgsqlConnection(admin.ConnectionString))
        {
            await server.OpenAsync(ct);
            await EnsureDatabaseAsync(server, database, ct);
            foreach (var owner in owners) await EnsureRoleAsync(server, owner, ct);
        }

        admin.Database = database;
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, Lockdown(database, postGis), ct);
        foreach (var owner in owners) await ExecuteAsync(connection, Ownership(database, owner), ct);
        await transaction.CommitAsync(ct);
        say($"database {database} ready: extensions {(postGis ? "postgis, " : "")}pg_trgm, unaccent; " +
            string.Join(", ", owners.Select(o => $"schema {o.Schema} owned by {o.Role}")));
    }

    static string Lockdown(string database, bool postGis) => $"""
        {(postGis ? "CREATE EXTENSION IF NOT EXISTS postgis;" : "")}
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE EXTENSION IF NOT EXISTS unaccent;
        REVOKE ALL ON SCHEMA public FROM PUBLIC;
        REVOKE CONNECT ON DATABASE {Ident(database)} FROM PUBLIC;
        """;

    static string Ownership(string database, SchemaOwner owner) => $"""
        CREATE SCHEMA IF NOT EXISTS {Ident(owner.Schema)} AUTHORIZATION {Ident(owner.Role)};
        ALTER SCHEMA {Ident(owner.Schema)} OWNER TO {Ident(owner.Role)};
        GRANT USAGE ON SCHEMA public TO {Ident(owner.Role)};
        GRANT CONNECT ON DATABASE {Ident(database)} TO {Ident(owner.Role)};
        ALTER ROLE {Ident(owner.Role)} IN DATABASE {Ident(database)} SET search_path = {Ident(owner.Schema)}, public;
        """;

    async Task EnsureDatabaseAsync(NpgsqlConnection server, string database, CancellationToken ct)
    {
        // Parallel test runs create databases at once, and CREATE DATABASE fails while another
        // session is copying template1: retry that briefly.
        for (var attempt = 1; !await ExistsAsync(server, DatabaseExists, database, ct); attempt++)
        {
            try
            {
                await ExecuteAsync(server, $"CREATE DATABASE {Ident(database)}", ct);
                say($"created database {database}");
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300 * attempt), ct);
            }
        }
    }

    async Task EnsureRoleAsync(NpgsqlConnection server, SchemaOwner owner, CancellationToken ct)
    {
        if (!await ExistsAsync(server, RoleExists, owner.Role, ct))
        {
            try
            {
                await ExecuteAsync(server, $"CREATE ROLE {Ident(owner.Role)} LOGIN", ct);
                say($"created role {owner.Role}");
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateObject)
            {
                // Created concurrently by another AppHost on the same server: the ALTER below still applies.
            }
        }
        // Always re-applied so the role matches secrets.json even if someone changed it by hand.
        await ExecuteAsync(server,
            $"ALTER ROLE {Ident(owner.Role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {Literal(owner.Password)}", ct);
    }

    static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    static string Ident(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
