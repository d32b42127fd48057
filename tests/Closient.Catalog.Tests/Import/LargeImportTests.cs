using System.Diagnostics;
using System.Text;
using Closient.Catalog.Import;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;
using Xunit.Abstractions;

namespace Closient.Catalog.Tests.Import;

/// <summary>The largest file the import accepts, applied in set-based statements (README "CSV import").</summary>
public sealed class LargeImportTests(ImportFixture fx, ITestOutputHelper output) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task Ten_thousand_rows_are_created_then_skipped_then_updated_with_exact_counts()
    {
        var org = ShortId.Encode(Guid.NewGuid());
        var client = fx.ClientFor(org);
        var gtins = Enumerable.Range(0, ProductImportApi.MaxRows).Select(_ => TestGtins.To14(TestGtins.New13())).Distinct().ToList();
        while (gtins.Count < ProductImportApi.MaxRows) gtins = gtins.Append(TestGtins.To14(TestGtins.New13())).Distinct().ToList();
        string File(string suffix) => new StringBuilder("gtin,product_name,brand,country_of_origin,net_content\r\n")
            .AppendJoin("", gtins.Select((g, i) => $"{g},Product {i} {suffix},Bulk Brand,US,{i} g\r\n")).ToString();

        var clock = Stopwatch.StartNew();
        var created = await client.ImportAsync(File("v1"));
        output.WriteLine($"create 10,000: {clock.ElapsedMilliseconds} ms");
        clock.Restart();
        var skipped = await client.ImportAsync(File("v1"));
        output.WriteLine($"skip 10,000: {clock.ElapsedMilliseconds} ms");
        clock.Restart();
        var updated = await client.ImportAsync(File("v2"));
        output.WriteLine($"update 10,000: {clock.ElapsedMilliseconds} ms");

        Assert.Equal((10_000, 10_000, 0, 0, 0), created.Counts());
        Assert.Empty(created.Errors);
        Assert.Equal((10_000, 0, 0, 10_000, 0), skipped.Counts());
        Assert.Empty(skipped.Errors);
        Assert.Equal((10_000, 0, 10_000, 0, 0), updated.Counts());
        Assert.Empty(updated.Errors);
        Assert.True(ShortId.TryParse(org, out var owner));
        Assert.Equal(10_000L, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM catalog.products WHERE owner_id = @owner AND product_name LIKE '% v2' AND data_source = 'claimed'", new { owner }));
        var events = await fx.Database.QueryAsync<(string Type, long Count)>(
            "SELECT message_type, count(*) FROM catalog.outbox WHERE payload->>'Gtin' = ANY(@gtins) GROUP BY 1 ORDER BY 1", new { gtins });
        Assert.Equal([(typeof(ProductClaimed).FullName!, 10_000L), (typeof(ProductUpserted).FullName!, 20_000L)], events);
    }
}
