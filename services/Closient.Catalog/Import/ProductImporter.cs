using Closient.Catalog.Certifications;
using Closient.Catalog.Products;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Import;

/// <summary>
/// Applies the good rows of a file for one organization in one transaction, in a handful of set-based
/// statements whatever the row count: lock the existing products (in GTIN order, so concurrent imports
/// cannot deadlock), decide per row in memory, then one INSERT and one UPDATE over unnest() arrays and one
/// multi-row outbox insert. A row that fails changes nothing; the good rows commit together.
/// </summary>
static class ProductImporter
{
    const int Attempts = 3;

    public static async Task<ImportResult> ApplyAsync(ImportFile file, Guid org, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            var result = await TryApplyAsync(conn, tx, file, org, outbox, clock, ct);
            if (result is not null)
            {
                await tx.CommitAsync(ct);
                return result;
            }
            // Another writer created one of our new GTINs after we looked: start over, now it is an existing row.
            await tx.RollbackAsync(ct);
            if (attempt == Attempts) throw new InvalidOperationException("The import kept racing with concurrent creates.");
        }
    }

    static async Task<ImportResult?> TryApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ImportFile file, Guid org, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var gtins = file.Rows.Select(r => r.Gtin).Distinct().Order(StringComparer.Ordinal).ToArray();
        var existing = (await conn.QueryAsync<ProductRow>(new CommandDefinition(
                $"SELECT {ProductRow.Columns} FROM catalog.products WHERE gtin = ANY(@gtins) ORDER BY gtin FOR UPDATE",
                new { gtins }, tx, cancellationToken: ct)))
            .ToDictionary(p => p.Gtin);

        var errors = new List<ImportError>(file.Errors);
        var errorRows = file.ErrorRows;
        var seen = new HashSet<string>();
        var creates = new List<ImportRow>();
        var updates = new List<(ImportRow Row, ProductRow Current)>();
        var skipped = 0;
        foreach (var row in file.Rows)
        {
            if (!seen.Add(row.Gtin)) { skipped++; continue; } // a later row for a GTIN an earlier row already settled
            if (!existing.TryGetValue(row.Gtin, out var current)) { creates.Add(row); continue; }
            if (current.OwnerId is { } owner && owner != org)
            {
                errors.Add(new ImportError(row.Line, $"GTIN {row.Gtin} is claimed by another organization.", row.GtinColumn));
                errorRows++;
                seen.Remove(row.Gtin); // not settled: a later row for it reports the same error
                continue;
            }
            if (current.OwnerId == org && Unchanged(row, current)) { skipped++; continue; }
            updates.Add((row, current));
        }

        var now = DatabaseTime.Now(clock);
        var created = await InsertAsync(conn, tx, creates, org, now, ct);
        if (created.Count != creates.Count) return null;
        var updated = await UpdateAsync(conn, tx, updates, org, now, ct);

        var events = new List<object>();
        var data = await ProductEventData.LoadAsync(conn, tx, updated.Select(r => r.Id).ToList(), Validity.Today(clock), ct);
        foreach (var row in created) { events.Add(row.ToUpserted(ProductEventData.None)); events.Add(row.ToClaimed()); }
        foreach (var row in updated)
        {
            events.Add(row.ToUpserted(data[row.Id]));
            if (existing[row.Gtin].OwnerId is null) events.Add(row.ToClaimed());
        }
        await outbox.AddRangeAsync(conn, tx, events, ct);

        // Errors in file order, the header being line 1.
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new ImportResult(file.TotalRows, created.Count, updated.Count, skipped, errorRows, errors);
    }

    static bool Unchanged(ImportRow row, ProductRow c) =>
        row.Or(ImportColumns.ProductName, c.ProductName) == c.ProductName && row.Or(ImportColumns.Brand, c.Brand) == c.Brand
        && row.Or(ImportColumns.Manufacturer, c.Manufacturer) == c.Manufacturer && row.Or(ImportColumns.Description, c.Description) == c.Description
        && row.Or(ImportColumns.ImageUrl, c.ImageUrl ?? "") == (c.ImageUrl ?? "") && row.Or(ImportColumns.CountryOfOrigin, c.CountryOfOrigin) == c.CountryOfOrigin
        && row.Or(ImportColumns.NetContent, c.NetContent) == c.NetContent;

    static async Task<List<ProductRow>> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<ImportRow> rows, Guid org, DateTimeOffset now, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        // Imported products are claimed by the importing organization, which is their authority (as POST /products with organization_id).
        const string sql = $"""
            INSERT INTO catalog.products (id, gtin, product_name, brand, manufacturer, description, image_url, country_of_origin,
                                          net_content, owner_id, data_source, claim_verification_status, confidence_score,
                                          created_at, modified_at, claimed_at)
            SELECT u.id, u.gtin, u.product_name, u.brand, u.manufacturer, u.description, u.image_url, u.country_of_origin,
                   u.net_content, @org, 'claimed', 'unverified', 1.0, @now, @now, @now
            FROM unnest(@ids::uuid[], @gtins::text[], @names::text[], @brands::text[], @manufacturers::text[], @descriptions::text[],
                        @images::text[], @countries::text[], @contents::text[])
                 AS u(id, gtin, product_name, brand, manufacturer, description, image_url, country_of_origin, net_content)
            ORDER BY u.gtin
            ON CONFLICT (gtin) DO NOTHING
            RETURNING {ProductRow.Columns}
            """;
        var args = new
        {
            org, now,
            ids = rows.Select(_ => ShortId.NewGuid()).ToArray(),
            gtins = rows.Select(r => r.Gtin).ToArray(),
            names = rows.Select(r => r.Or(ImportColumns.ProductName, "")).ToArray(),
            brands = rows.Select(r => r.Or(ImportColumns.Brand, "")).ToArray(),
            manufacturers = rows.Select(r => r.Or(ImportColumns.Manufacturer, "")).ToArray(),
            descriptions = rows.Select(r => r.Or(ImportColumns.Description, "")).ToArray(),
            images = rows.Select(r => r.Values.GetValueOrDefault(ImportColumns.ImageUrl)).ToArray(),
            countries = rows.Select(r => r.Or(ImportColumns.CountryOfOrigin, "")).ToArray(),
            contents = rows.Select(r => r.Or(ImportColumns.NetContent, "")).ToArray(),
        };
        return (await conn.QueryAsync<ProductRow>(new CommandDefinition(sql, args, tx, cancellationToken: ct))).ToList();
    }

    static async Task<List<ProductRow>> UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<(ImportRow Row, ProductRow Current)> rows,
        Guid org, DateTimeOffset now, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        // An unclaimed product the file names is claimed by the importer; one it already owns keeps its claim as it is.
        const string sql = $"""
            UPDATE catalog.products p
            SET product_name = u.u_name, brand = u.u_brand, manufacturer = u.u_manufacturer, description = u.u_description,
                image_url = u.u_image, country_of_origin = u.u_country, net_content = u.u_content,
                owner_id = @org,
                claimed_at = CASE WHEN p.owner_id IS NULL THEN @now ELSE p.claimed_at END,
                claim_verification_status = CASE WHEN p.owner_id IS NULL THEN 'unverified' ELSE p.claim_verification_status END,
                claim_under_review = CASE WHEN p.owner_id IS NULL THEN false ELSE p.claim_under_review END,
                modified_at = GREATEST(@now, p.modified_at + interval '1 microsecond')
            FROM unnest(@ids::uuid[], @names::text[], @brands::text[], @manufacturers::text[], @descriptions::text[],
                        @images::text[], @countries::text[], @contents::text[])
                 AS u(u_id, u_name, u_brand, u_manufacturer, u_description, u_image, u_country, u_content)
            WHERE p.id = u.u_id
            RETURNING {ProductRow.Columns}
            """;
        var args = new
        {
            org, now,
            ids = rows.Select(r => r.Current.Id).ToArray(),
            names = rows.Select(r => r.Row.Or(ImportColumns.ProductName, r.Current.ProductName)).ToArray(),
            brands = rows.Select(r => r.Row.Or(ImportColumns.Brand, r.Current.Brand)).ToArray(),
            manufacturers = rows.Select(r => r.Row.Or(ImportColumns.Manufacturer, r.Current.Manufacturer)).ToArray(),
            descriptions = rows.Select(r => r.Row.Or(ImportColumns.Description, r.Current.Description)).ToArray(),
            images = rows.Select(r => r.Row.Values.GetValueOrDefault(ImportColumns.ImageUrl) ?? r.Current.ImageUrl).ToArray(),
            countries = rows.Select(r => r.Row.Or(ImportColumns.CountryOfOrigin, r.Current.CountryOfOrigin)).ToArray(),
            contents = rows.Select(r => r.Row.Or(ImportColumns.NetContent, r.Current.NetContent)).ToArray(),
        };
        return (await conn.QueryAsync<ProductRow>(new CommandDefinition(sql, args, tx, cancellationToken: ct))).ToList();
    }

}
