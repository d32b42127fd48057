using System.Reflection;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Closient.ServiceDefaults.Data;

/// <summary>The PostgreSQL schema a service owns; every table it touches lives there.</summary>
public sealed record ServiceSchema(string Name);

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers an <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:closient</c> (with
    /// NetTopologySuite), Dapper conventions, the readiness check, the outbox and inbox of
    /// <paramref name="schema"/>, and the migration runner that applies the embedded
    /// <c>Migrations/V####__*.sql</c> of <paramref name="migrations"/> at start-up. <paramref name="maxAutoPrepare"/> &gt; 0
    /// lets Npgsql prepare that many of the most used statements per connection (a service whose queries cost more to plan
    /// than to run, like search's, opts in).
    /// </summary>
    public static TBuilder AddClosientDatabase<TBuilder>(this TBuilder builder, string schema, Assembly migrations, int maxAutoPrepare = 0)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString("closient")
            ?? throw new InvalidOperationException("ConnectionStrings:closient is not configured.");

        DapperConventions.Apply();
        builder.Services.AddNpgsqlDataSource(connectionString, b =>
        {
            b.UseNetTopologySuite();
            if (maxAutoPrepare > 0) b.ConnectionStringBuilder.MaxAutoPrepare = maxAutoPrepare;
        });
        builder.Services.AddSingleton(new ServiceSchema(schema));
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<Inbox>();
        builder.Services.AddSingleton(new MigrationSource(migrations));
        builder.Services.AddHostedService<MigrationRunner>();
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// For command-line entry points (<c>bootstrap</c>, <c>republish</c>): a data source for <c>ConnectionStrings:closient</c>
    /// with the service's conventions, or null after telling <paramref name="error"/> that it is not configured.
    /// </summary>
    public static async Task<NpgsqlDataSource?> CommandLineDataSourceAsync(IConfiguration configuration, TextWriter error)
    {
        var connectionString = configuration.GetConnectionString("closient");
        if (string.IsNullOrEmpty(connectionString))
        {
            await error.WriteLineAsync("ConnectionStrings:closient is not configured (set ConnectionStrings__closient).");
            return null;
        }
        DapperConventions.Apply();
        return new NpgsqlDataSourceBuilder(connectionString).UseNetTopologySuite().Build();
    }
}

/// <summary>The assembly whose embedded SQL migrations the runner applies.</summary>
public sealed record MigrationSource(Assembly Assembly);

/// <summary>Ready when a connection opens and answers a trivial query.</summary>
sealed class PostgresHealthCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await conn.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct));
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable.");
        }
    }
}
