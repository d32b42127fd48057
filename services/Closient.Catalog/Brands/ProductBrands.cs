using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Brands;

/// <summary>
/// The spec's brand auto-create on product PATCH (spec/catalog.md §2): a product's brand text is matched
/// case-insensitively among the owner organization's live brands; without a match a Brand of that name is
/// created for the organization and <c>BrandUpserted</c> written, in the caller's transaction.
/// </summary>
public static class ProductBrands
{
    const string Find = "SELECT b.name FROM catalog.brands b WHERE b.organization_id = @org AND lower(b.name) = lower(@name) AND b.deleted_at IS NULL";

    /// <summary>The matching brand's own name (its spelling wins), creating the brand when the organization has none of that name.</summary>
    public static async Task<string> EnsureAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Outbox outbox, Guid org, string name,
        TimeProvider clock, CancellationToken ct)
    {
        if (await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(Find, new { org, name }, tx, cancellationToken: ct)) is { } existing)
            return existing;
        const string insert = $"""
            INSERT INTO catalog.brands AS b (id, name, organization_id, created_at, modified_at)
            VALUES (@Id, @Name, @Org, @Now, @Now)
            ON CONFLICT (organization_id, lower(name)) WHERE deleted_at IS NULL AND organization_id IS NOT NULL DO NOTHING
            RETURNING {BrandRow.Columns}
            """;
        var row = await conn.QuerySingleOrDefaultAsync<BrandRow>(new CommandDefinition(insert,
            new { Id = ShortId.NewGuid(), Name = name, Org = org, Now = DatabaseTime.Now(clock) }, tx, cancellationToken: ct));
        // Another writer created it meanwhile (the insert waited for its commit): use theirs.
        if (row is null)
            return await conn.QuerySingleAsync<string>(new CommandDefinition(Find, new { org, name }, tx, cancellationToken: ct));
        await outbox.AddAsync(conn, tx, row.ToUpserted(), ct);
        return row.Name;
    }
}
