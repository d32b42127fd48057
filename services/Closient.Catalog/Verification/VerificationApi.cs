using Closient.Catalog.Certifications;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Catalog.Verification;

/// <summary>
/// Serial verification, experimental v1 (spec/resolver.md §3): <c>GET /resolver/api/v1/verify/01/{gtin}/21/{serial_number}</c>
/// for anyone (keyless: minimal answer; csb/csu key: scan history and anomalies), and the owner's marks on
/// its serials, <c>PUT /products/api/v1/products/{gtin}/serial-statuses</c>. Unknown serials are always
/// <c>authentic</c>: the keyless answer never tells a known serial from an unknown one.
/// </summary>
public static class VerificationApi
{
    public const string VerifyPath = "/resolver/api/v1/verify/01/{gtin}/21/{serial_number}";
    public const int NoteMax = 1000, AnomaliesShown = 20;

    public static IEndpointRouteBuilder MapVerificationApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(VerifyPath, Verify).WithName("VerifySerial").WithTags("Resolver").WithAccess(AccessRule.Public)
            .WithSummary("Verify a serialized item (experimental v1): keyless callers get the status only, secret keys the scan history and anomalies.");
        app.MapPut("/products/api/v1/products/{gtin}/serial-statuses", SetSerialStatus).WithName("SetSerialStatus").WithTags("Products")
            .WithAccess(AccessRule.Org(Permission.ManageProducts))
            .WithSummary("Mark one of the product's serials counterfeit_suspected or serialization_error (cleared removes the mark).");
        return app;
    }

    sealed class ObservationRow
    {
        public long ConsumerScans { get; init; }
        public long RetailerScans { get; init; }
        public DateTimeOffset FirstSeen { get; init; }
        public int DistinctCountries { get; init; }
    }

    sealed class AnomalyRow
    {
        public string Type { get; init; } = "";
        public string Description { get; init; } = "";
        public string? Country { get; init; }
        public DateTimeOffset ScannedAt { get; init; }
        public string? PriorCountry { get; init; }
        public DateTimeOffset? PriorScannedAt { get; init; }

        public AnomalyOut ToOut() => new(Type, Description, ScannedAt, Country,
            PriorScannedAt is null && PriorCountry is null ? null : new PriorEventOut(null, null, PriorScannedAt, PriorCountry));
    }

    // One round trip with the same three statements whoever asks and whatever is known: the keyless answer's
    // timing does not depend on whether the serial was seen. A mark counts only while its organization owns the product.
    const string VerifySql = """
        SELECT consumer_scans, retailer_scans, first_seen, cardinality(countries) AS distinct_countries
        FROM catalog.serial_observations WHERE gtin = @gtin14 AND serial = @serial;
        SELECT s.status FROM catalog.serial_statuses s
        JOIN catalog.products p ON p.gtin = s.gtin AND p.owner_id = s.organization_id
        WHERE s.gtin = @gtin14 AND s.serial = @serial;
        SELECT type, description, country, scanned_at, prior_country, prior_scanned_at FROM catalog.serial_anomalies
        WHERE gtin = @gtin14 AND serial = @serial ORDER BY scanned_at DESC, id DESC LIMIT @limit;
        """;

    static async Task<Results<Ok<VerificationOut>, Ok<FullVerificationOut>, ProblemHttpResult>> Verify(
        string gtin, [FromRoute(Name = "serial_number")] string serialNumber, HttpContext http, Caller caller,
        NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var serial = RawLastSegment(http) ?? serialNumber;
        var errors = new Dictionary<string, string[]>();
        var codes = new List<string>();
        if (!IsGtinShape(gtin))
        {
            errors["gtin"] = ["invalid_gtin: a GTIN is 8 to 14 ASCII digits."];
            codes.Add("invalid_gtin");
        }
        if (!SerialNumber.IsValid(serial))
        {
            errors["serial_number"] = [$"invalid_serial: a serial number is 1 to {SerialNumber.MaxLength} printable ASCII characters."];
            codes.Add("invalid_serial");
        }
        if (errors.Count > 0) return Problems.Validation(errors, string.Join(", ", codes));
        var gtin14 = gtin.PadLeft(14, '0');

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(VerifySql,
            new { gtin14, serial, limit = AnomaliesShown }, cancellationToken: ct));
        var observation = await results.ReadSingleOrDefaultAsync<ObservationRow>();
        var mark = await results.ReadSingleOrDefaultAsync<string>();
        var anomalies = (await results.ReadAsync<AnomalyRow>()).Select(a => a.ToOut()).ToList();

        // The owner's mark outranks anomalies; an unknown serial is authentic (the internal "unverified" never shows).
        var status = mark ?? (anomalies.Count > 0 ? VerificationStatus.Suspect : VerificationStatus.Authentic);
        var now = clock.GetUtcNow();
        var verifiedAt = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        if (caller.KeyType is not (ApiKeyFormat.Business or ApiKeyFormat.User))
            return TypedResults.Ok(new VerificationOut
            {
                VerificationStatus = status, Gtin = gtin14, SerialNumber = serial, VerifiedAt = verifiedAt,
                Recommendation = VerificationStatus.RecommendationFor(status),
            });
        return TypedResults.Ok(new FullVerificationOut
        {
            VerificationStatus = status, Gtin = gtin14, SerialNumber = serial, VerifiedAt = verifiedAt,
            Recommendation = VerificationStatus.RecommendationFor(status),
            ScanHistory = observation is null ? null : new ScanHistoryOut(observation.ConsumerScans, 0, observation.FirstSeen,
                observation.RetailerScans, observation.ConsumerScans + observation.RetailerScans, observation.DistinctCountries),
            Anomalies = anomalies,
        });
    }

    static async Task<Results<Ok<SerialStatusOut>, ProblemHttpResult>> SetSerialStatus(
        string gtin, SerialStatusRequest body, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var gtinError)) return Problems.Validation("gtin", gtinError);
        await using var conn = await db.OpenConnectionAsync(ct);
        // Only members with ManageProducts on the owning organization; everyone else (unclaimed product too) gets the unknown-GTIN 404.
        if (await CertificationQueries.FindProductAsync(conn, gtin14, ct) is not { OwnerId: { } owner } || !caller.Can(owner, Permission.ManageProducts))
            return Problems.NotFound($"No product found for GTIN {gtin14}.");

        var v = new Validation();
        var serial = body.SerialNumber;
        if (!SerialNumber.IsValid(serial)) v.Add("serial_number", $"Required: 1 to {SerialNumber.MaxLength} printable ASCII characters.");
        var status = body.Status?.Trim() ?? "";
        if (status != VerificationStatus.Cleared && !VerificationStatus.Markable.Contains(status))
            v.Add("status", $"Must be one of {string.Join(", ", VerificationStatus.Markable)}, {VerificationStatus.Cleared}.");
        var note = v.Optional("note", body.Note, NoteMax);
        if (!v.IsValid) return v.ToProblem();

        if (status == VerificationStatus.Cleared)
        {
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM catalog.serial_statuses WHERE gtin = @gtin14 AND serial = @serial",
                new { gtin14, serial }, cancellationToken: ct));
            return TypedResults.Ok(new SerialStatusOut(gtin14, serial!, status, "", null));
        }
        const string upsert = """
            INSERT INTO catalog.serial_statuses (gtin, serial, organization_id, status, note, created_at, modified_at)
            VALUES (@gtin14, @serial, @owner, @status, @note, @now, @now)
            ON CONFLICT (gtin, serial) DO UPDATE SET organization_id = EXCLUDED.organization_id, status = EXCLUDED.status,
                note = EXCLUDED.note, modified_at = EXCLUDED.modified_at
            RETURNING modified_at
            """;
        var modified = await conn.ExecuteScalarAsync<DateTimeOffset>(new CommandDefinition(upsert,
            new { gtin14, serial, owner, status, note, now = DatabaseTime.Now(clock) }, cancellationToken: ct));
        return TypedResults.Ok(new SerialStatusOut(gtin14, serial!, status, note, modified));
    }

    static bool IsGtinShape(string gtin) => gtin.Length is >= 8 and <= 14 && gtin.All(char.IsAsciiDigit);

    /// <summary>
    /// The request path's last segment as sent, percent-decoded once (like the resolver's raw target): routing
    /// leaves <c>%2F</c> encoded, so a serial containing '/' (allowed in AI 21) would otherwise arrive as "%2F".
    /// </summary>
    static string? RawLastSegment(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
            raw = http.Request.PathBase.ToUriComponent() + http.Request.Path.ToUriComponent();
        var q = raw.IndexOf('?');
        if (q >= 0) raw = raw[..q];
        if (raw.EndsWith('/')) raw = raw[..^1];
        try { return Uri.UnescapeDataString(raw[(raw.LastIndexOf('/') + 1)..]); }
        catch (UriFormatException) { return null; }
    }
}
