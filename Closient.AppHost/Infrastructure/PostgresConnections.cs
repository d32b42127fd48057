using Npgsql;

namespace Closient.AppHost.Infrastructure;

static class PostgresConnections
{
    public static string Admin(string host, int port, string password) => new NpgsqlConnectionStringBuilder
    {
        Host = host,
        Port = port,
        Username = "postgres",
        Password = password,
        Database = "postgres",
        Pooling = false,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>What a service gets as ConnectionStrings__closient: its own role, its schema first on the search path.</summary>
    public static string Service(string host, int port, string database, string role, string password, string schema) =>
        $"Host={host};Port={port};Database={database};Username={role};Password={password};Search Path={schema},public";

    /// <summary>Ready when a connection opens and answers a trivial query.</summary>
    public static async Task<bool> IsReadyAsync(string adminConnectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return await command.ExecuteScalarAsync(ct) is 1;
    }
}
