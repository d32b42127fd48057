using Closient.Contracts.Accounts;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Npgsql;

namespace Closient.Accounts.Organizations;

/// <summary>Writes shared by the API and the bootstrap command.</summary>
static class OrganizationStore
{
    /// <summary>Inserts <paramref name="org"/> with <paramref name="ownerId"/> as its owner, and both events, inside <paramref name="tx"/>.</summary>
    public static async Task CreateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Outbox outbox, OrganizationRow org, Guid ownerId, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO accounts.organizations (id, name, country, is_brand, metadata, created)
            VALUES (@Id, @Name, @Country, @IsBrand, @Metadata::jsonb, @Created);
            INSERT INTO accounts.memberships (id, organization_id, user_id, role, created)
            VALUES (@MembershipId, @Id, @OwnerId, 'owner', @Created);
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, new
        {
            org.Id, org.Name, org.Country, org.IsBrand, org.Metadata, org.Created, MembershipId = ShortId.NewGuid(), OwnerId = ownerId,
        }, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, org.ToCreated(), ct);
        await outbox.AddAsync(conn, tx, new MembershipChanged(org.Id, ownerId, Roles.Owner, org.Created), ct);
    }

    /// <summary>Locks the organization row (serializing member and key changes in it); false when it does not exist.</summary>
    public static async Task<bool> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM accounts.organizations WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct)) is not null;
}
