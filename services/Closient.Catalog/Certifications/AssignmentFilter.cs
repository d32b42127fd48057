using Closient.ServiceDefaults.Http;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Certifications;

/// <summary>
/// The filters and ordering of a product's certification list: <c>verification_status</c>, <c>is_active</c>
/// (computed against today) and <c>ordering</c> ∈ <c>expiry_date | label</c> with <c>-</c> for descending.
/// </summary>
sealed record AssignmentFilter(string? VerificationStatus, bool? IsActive, string OrderBy)
{
    static readonly Dictionary<string, string> Orderings = new()
    {
        ["label"] = "c.label ASC, pc.id ASC",
        ["-label"] = "c.label DESC, pc.id DESC",
        // Open-ended certificates (no expiry) sort after every dated one, either way.
        ["expiry_date"] = "pc.expiration_date ASC NULLS LAST, c.label ASC, pc.id ASC",
        ["-expiry_date"] = "pc.expiration_date DESC NULLS LAST, c.label ASC, pc.id ASC",
    };

    /// <summary>Null and a bad ordering → <paramref name="badOrdering"/> set (400, as spec/conventions.md §5 says); other bad values are 422s in <paramref name="v"/>.</summary>
    public static AssignmentFilter Parse(string? status, string? isActive, string? ordering, Validation v, out bool badOrdering)
    {
        badOrdering = ordering is not null && !Orderings.ContainsKey(ordering.Trim());
        string? verification = null;
        if (status is not null)
            verification = CertificationFields.OneOf(v, "verification_status", status, CertificationFields.VerificationStatuses, "");
        bool? active = null;
        if (isActive is not null)
        {
            if (bool.TryParse(isActive.Trim(), out var b)) active = b;
            else v.Add("is_active", "Must be true or false.");
        }
        var orderBy = badOrdering || ordering is null ? Orderings["label"] : Orderings[ordering.Trim()];
        return new AssignmentFilter(verification, active, orderBy);
    }

    public static string OrderingError => $"ordering must be one of: {string.Join(", ", Orderings.Keys)}.";

    /// <summary>The filtered assignments of a product, one page of them when <paramref name="page"/> is given, and the total.</summary>
    public async Task<(IReadOnlyList<CertificationAssignmentOut> Rows, long Total)> QueryAsync(
        NpgsqlConnection conn, Guid productId, DateOnly today, PageQuery? page, CancellationToken ct)
    {
        var where = $"""
            pc.product_id = @productId
            AND (@status::text IS NULL OR pc.verification_status = @status)
            AND (@active::boolean IS NULL OR {Validity.ActiveSql("pc")} = @active)
            """;
        var sql = $"""
            SELECT {AssignmentRow.Columns} FROM {AssignmentRow.From} WHERE {where} ORDER BY {OrderBy}
            {(page is null ? "" : "LIMIT @limit OFFSET @offset")};
            SELECT count(*) FROM {AssignmentRow.From} WHERE {where};
            """;
        var args = new { productId, status = VerificationStatus, active = IsActive, today, limit = page?.PageSize, offset = page?.Offset };
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var rows = (await results.ReadAsync<AssignmentRow>()).Select(r => r.ToOut(today)).ToList();
        return (rows, await results.ReadSingleAsync<long>());
    }
}
