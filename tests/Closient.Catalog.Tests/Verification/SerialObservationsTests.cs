using Closient.Catalog.Verification;
using Closient.Contracts.Catalog;
using Npgsql;

namespace Closient.Catalog.Tests.Verification;

/// <summary>The observation writer on its own: what counts, and when two countries make an anomaly.</summary>
public sealed class SerialObservationsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    static readonly DateTimeOffset T0 = new(2026, 5, 9, 20, 0, 0, TimeSpan.Zero);

    static ScanRecorded Scan(string gtin, string? serial, string? country, DateTimeOffset at, bool bot = false) =>
        new(Guid.NewGuid(), gtin, Guid.NewGuid(), null, null, serial, "https://gs1.org/voc/pip", "https://x.example/", "HOSTED_PAGE", null,
            country, bot ? "bot" : "mobile", bot, null, at);

    async Task RecordAsync(params ScanRecorded[] scans)
    {
        await using var db = NpgsqlDataSource.Create(fx.Database.ConnectionString);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await SerialObservations.RecordAsync(conn, tx, scans, CancellationToken.None);
        await tx.CommitAsync();
    }

    async Task<(long Scans, DateTime FirstSeen, DateTime LastSeen, string? LastCountry, string[] Countries)> ObservationAsync(string gtin, string serial) =>
        (await fx.Database.QueryAsync<(long, DateTime, DateTime, string?, string[])>(
            "SELECT consumer_scans, first_seen, last_seen, last_country, countries FROM catalog.serial_observations WHERE gtin = @gtin AND serial = @serial",
            new { gtin, serial })).Single();

    Task<IReadOnlyList<(string Type, string? Country, string? PriorCountry)>> AnomaliesAsync(string gtin, string serial) =>
        fx.Database.QueryAsync<(string, string?, string?)>(
            "SELECT type, country, prior_country FROM catalog.serial_anomalies WHERE gtin = @gtin AND serial = @serial ORDER BY scanned_at",
            new { gtin, serial });

    static string NewGtin() => "0" + TestGtins.New13();

    [Fact]
    public async Task Counts_first_and_last_seen_and_distinct_countries_whatever_the_order_of_arrival()
    {
        var gtin = NewGtin();
        await RecordAsync(Scan(gtin, "A", "DK", T0.AddHours(5)), Scan(gtin, "A", null, T0), Scan(gtin, "A", "DK", T0.AddHours(10)),
            Scan(gtin, "A", "SE", T0.AddHours(20)), Scan(gtin, "A", "DK", T0.AddHours(15)));

        var o = await ObservationAsync(gtin, "A");
        Assert.Equal(5, o.Scans);
        Assert.Equal(T0.UtcDateTime, o.FirstSeen);
        Assert.Equal(T0.AddHours(20).UtcDateTime, o.LastSeen);
        Assert.Equal("SE", o.LastCountry); // the latest scan with a country, not the last to arrive
        Assert.Equal(["DK", "SE"], o.Countries);
        Assert.Empty(await AnomaliesAsync(gtin, "A"));
    }

    [Fact]
    public async Task Another_country_within_the_travel_window_is_an_anomaly_outside_it_is_not()
    {
        var gtin = NewGtin();
        var window = SerialObservations.TravelWindow;
        await RecordAsync(Scan(gtin, "B", "DK", T0), Scan(gtin, "B", "FR", T0 + window + TimeSpan.FromMinutes(1)));
        Assert.Empty(await AnomaliesAsync(gtin, "B"));

        await RecordAsync(Scan(gtin, "B", "US", T0 + window + TimeSpan.FromMinutes(30)));
        var anomaly = Assert.Single(await AnomaliesAsync(gtin, "B"));
        Assert.Equal((SerialObservations.ImpossibleTravel, "US", "FR"), (anomaly.Type, anomaly.Country, anomaly.PriorCountry));

        // The same country again, or a scan without a country, is no anomaly.
        await RecordAsync(Scan(gtin, "B", "US", T0 + window + TimeSpan.FromMinutes(31)), Scan(gtin, "B", null, T0 + window + TimeSpan.FromMinutes(32)));
        Assert.Single(await AnomaliesAsync(gtin, "B"));
    }

    [Fact]
    public async Task Bots_scans_without_a_serial_and_invalid_serials_are_skipped()
    {
        var gtin = NewGtin();
        await RecordAsync(Scan(gtin, "C", "DK", T0, bot: true), Scan(gtin, null, "DK", T0), Scan(gtin, "ABCDEFGHIJKLMNOPQRSTU", "DK", T0));

        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.serial_observations WHERE gtin = @gtin", new { gtin }));
    }

    [Theory]
    [InlineData("A", true)]
    [InlineData("ABCDEFGHIJKLMNOPQRST", true)]
    [InlineData("a b/c%~!", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTU", false)]
    [InlineData("café", false)]
    [InlineData("a\tb", false)]
    [InlineData("a\u007f", false)]
    public void Serial_numbers_are_1_to_20_printable_ascii(string? serial, bool valid) =>
        Assert.Equal(valid, SerialNumber.IsValid(serial));
}
