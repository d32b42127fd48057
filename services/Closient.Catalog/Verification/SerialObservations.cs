using Closient.Contracts.Catalog;
using Dapper;
using Npgsql;

namespace Closient.Catalog.Verification;

/// <summary>
/// Feeds <c>catalog.serial_observations</c> from the scans the resolver records (spec/resolver.md §3):
/// <see cref="Resolver.ScanWriter"/> calls <see cref="RecordAsync"/> in the same transaction as the
/// <c>ScanRecorded</c> outbox rows, so a scan counts exactly once, or not at all when the write is dropped.
/// Bots and scans without a valid serial are skipped. A scan in another country than the serial's previous
/// one, less than <see cref="TravelWindow"/> apart, is an <c>impossible_travel</c> anomaly.
/// </summary>
public static class SerialObservations
{
    /// <summary>Two countries closer in time than this for one physical item is implausible (a copied code).</summary>
    public static readonly TimeSpan TravelWindow = TimeSpan.FromHours(2);

    public const string ImpossibleTravel = "impossible_travel";

    // The prior CTE locks the existing row (if any) and reads its last country before the upsert changes it;
    // both see the same snapshot, and the data-modifying CTE runs whether or not the final SELECT reads it.
    const string Upsert = """
        WITH prior AS (
            SELECT last_country, last_country_at FROM catalog.serial_observations
            WHERE gtin = @Gtin AND serial = @Serial FOR UPDATE
        ), upsert AS (
            INSERT INTO catalog.serial_observations AS o
                (gtin, serial, consumer_scans, first_seen, last_seen, last_country, last_country_at, countries)
            VALUES (@Gtin, @Serial, 1, @At, @At, @Country, CASE WHEN @Country::text IS NULL THEN NULL ELSE @At END,
                    CASE WHEN @Country::text IS NULL THEN '{}'::text[] ELSE ARRAY[@Country::text] END)
            ON CONFLICT (gtin, serial) DO UPDATE SET
                consumer_scans = o.consumer_scans + 1,
                first_seen = LEAST(o.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(o.last_seen, EXCLUDED.last_seen),
                last_country = CASE WHEN EXCLUDED.last_country IS NOT NULL
                                     AND (o.last_country_at IS NULL OR EXCLUDED.last_country_at >= o.last_country_at)
                                    THEN EXCLUDED.last_country ELSE o.last_country END,
                last_country_at = CASE WHEN EXCLUDED.last_country IS NOT NULL
                                        AND (o.last_country_at IS NULL OR EXCLUDED.last_country_at >= o.last_country_at)
                                       THEN EXCLUDED.last_country_at ELSE o.last_country_at END,
                countries = CASE WHEN EXCLUDED.last_country IS NULL OR EXCLUDED.last_country = ANY (o.countries)
                                 THEN o.countries ELSE o.countries || EXCLUDED.last_country END
            RETURNING 1
        )
        SELECT last_country AS Country, last_country_at AS At FROM prior
        """;

    const string InsertAnomaly = """
        INSERT INTO catalog.serial_anomalies (id, gtin, serial, type, description, country, scanned_at, prior_country, prior_scanned_at)
        VALUES (@Id, @Gtin, @Serial, @Type, @Description, @Country, @At, @PriorCountry, @PriorAt)
        """;

    sealed class Prior
    {
        public string? Country { get; init; }
        public DateTimeOffset? At { get; init; }
    }

    /// <summary>Records the human scans of serialized items in <paramref name="scans"/>, in order.</summary>
    public static async Task RecordAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IEnumerable<ScanRecorded> scans, CancellationToken ct)
    {
        foreach (var scan in scans)
        {
            if (scan.IsBot || !SerialNumber.IsValid(scan.Serial)) continue;
            var args = new { scan.Gtin, Serial = scan.Serial!, At = scan.OccurredAt, Country = scan.CountryCode };
            var prior = await conn.QuerySingleOrDefaultAsync<Prior>(new CommandDefinition(Upsert, args, tx, cancellationToken: ct));
            if (Anomaly(prior, scan) is { } description)
                await conn.ExecuteAsync(new CommandDefinition(InsertAnomaly, new
                {
                    Id = Guid.CreateVersion7(), scan.Gtin, Serial = scan.Serial!, Type = ImpossibleTravel, Description = description,
                    Country = scan.CountryCode, At = scan.OccurredAt, PriorCountry = prior!.Country, PriorAt = prior.At,
                }, tx, cancellationToken: ct));
        }
    }

    static string? Anomaly(Prior? prior, ScanRecorded scan)
    {
        if (prior is not { Country: { } before, At: { } then } || scan.CountryCode is not { } now || now == before) return null;
        var apart = (scan.OccurredAt - then).Duration();
        if (apart >= TravelWindow) return null;
        return $"Scanned in {now} {Math.Max(1, (int)Math.Round(apart.TotalMinutes))} min from a scan in {before}; "
            + $"one item cannot travel between countries in under {TravelWindow.TotalHours:0} h.";
    }
}
