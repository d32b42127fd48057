using Closient.Accounts.ApiKeys;
using Closient.Accounts.Members;
using Closient.Accounts.Organizations;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Closient.Accounts.Bootstrap;

/// <summary>What one bootstrap run produced: the raw keys are shown here and never again.</summary>
public sealed record BootstrapResult(Guid UserId, Guid OrganizationId, bool OrganizationCreated, string BusinessKey, string UserKey);

/// <summary>
/// A fresh system has no API key, so nobody could call the API: <c>bootstrap --email e --organization n [--country US]</c>
/// runs the migrations, then creates the user, an organization it owns, a csb manager key for the
/// organization and a csu key for the user, and prints them. Idempotent by email: another run for the
/// same email reuses the user and its oldest owned organization and prints new keys.
/// </summary>
public static class AccountsBootstrap
{
    public const string Usage = "usage: Closient.Accounts bootstrap --email <email> --organization <name> [--country US]";

    /// <summary>The service's configuration without the web host: appsettings.json and environment (ConnectionStrings__closient).</summary>
    public static IConfiguration Configuration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>The command: parses <paramref name="args"/>, migrates, bootstraps, prints <c>NAME=value</c> lines; returns the exit code.</summary>
    public static async Task<int> RunCommandAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || args[i] is not ("--email" or "--organization" or "--country"))
            {
                await error.WriteLineAsync(Usage);
                return 2;
            }
            options[args[i][2..]] = args[i + 1];
        }
        var v = new Validation();
        var email = MemberRules.Email("email", options.GetValueOrDefault("email"), v);
        var organization = v.Required("organization", options.GetValueOrDefault("organization"), OrganizationRules.MaxName);
        var country = Countries.Normalize("country", options.GetValueOrDefault("country", "US"), v);
        if (!v.IsValid)
        {
            await error.WriteLineAsync(Usage + Environment.NewLine + "--email, --organization and --country must be valid (an ISO alpha-2 country).");
            return 2;
        }
        await using var db = await DatabaseExtensions.CommandLineDataSourceAsync(configuration, error);
        if (db is null) return 1;
        await MigrationRunner.MigrateAsync(db, AccountsService.Schema, typeof(AccountsMarker).Assembly, NullLogger.Instance, ct);
        var result = await RunAsync(db, email, organization, country, TimeProvider.System, ct);

        await output.WriteLineAsync($"CLOSIENT_USER_ID={ShortId.Encode(result.UserId)}");
        await output.WriteLineAsync($"CLOSIENT_ORGANIZATION_ID={ShortId.Encode(result.OrganizationId)}");
        await output.WriteLineAsync($"CLOSIENT_API_KEY={result.BusinessKey}");
        await output.WriteLineAsync($"CLOSIENT_USER_API_KEY={result.UserKey}");
        return 0;
    }

    /// <summary>The bootstrap itself, on a migrated database. Inputs must already be valid (see <see cref="RunCommandAsync"/>).</summary>
    public static async Task<BootstrapResult> RunAsync(NpgsqlDataSource db, string email, string organization, string country, TimeProvider clock, CancellationToken ct)
    {
        email = email.Trim().ToLowerInvariant();
        var now = DatabaseTime.Now(clock);
        var outbox = new Outbox(new ServiceSchema(AccountsService.Schema));
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Two runs for one email at once must not create two organizations.
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext('accounts-bootstrap:' || @email))",
            new { email }, tx, cancellationToken: ct));

        const string userSql = """
            INSERT INTO accounts.users (id, email, name, metadata, created) VALUES (@id, @email, '', '{}', @now)
            ON CONFLICT (email) DO NOTHING;
            SELECT id FROM accounts.users WHERE email = @email;
            """;
        var userId = await conn.ExecuteScalarAsync<Guid>(new CommandDefinition(userSql, new { id = ShortId.NewGuid(), email, now }, tx, cancellationToken: ct));

        const string ownedSql = """
            SELECT organization_id FROM accounts.memberships WHERE user_id = @userId AND role = 'owner'
            ORDER BY created, organization_id LIMIT 1
            """;
        var orgId = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(ownedSql, new { userId }, tx, cancellationToken: ct));
        var created = orgId is null;
        if (orgId is null)
        {
            var org = new OrganizationRow { Id = ShortId.NewGuid(), Name = organization, Country = country, Created = now };
            await OrganizationStore.CreateAsync(conn, tx, outbox, org, userId, ct);
            orgId = org.Id;
        }

        var businessKey = await ApiKeyStore.InsertAsync(conn, tx, new ApiKeyRow
        {
            Id = ShortId.NewGuid(), OrganizationId = orgId, UserId = userId, KeyType = ApiKeyFormat.Business,
            Name = "Bootstrap key", Description = "Created by the bootstrap command.", Role = Roles.Manager, Created = now,
        }, ct);
        var userKey = await ApiKeyStore.InsertAsync(conn, tx, new ApiKeyRow
        {
            Id = ShortId.NewGuid(), UserId = userId, KeyType = ApiKeyFormat.User,
            Name = "Bootstrap user key", Description = "Created by the bootstrap command.", Created = now,
        }, ct);
        await tx.CommitAsync(ct);
        return new BootstrapResult(userId, orgId.Value, created, businessKey, userKey);
    }
}
