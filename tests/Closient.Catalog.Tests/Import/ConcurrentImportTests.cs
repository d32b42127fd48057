using System.Net;
using System.Text;
using Closient.Catalog.Import;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Import;

public sealed class ConcurrentImportTests(ImportFixture fx) : IClassFixture<ImportFixture>
{
    static string File(IEnumerable<string> gtins, string name) =>
        new StringBuilder("gtin,product_name\n").AppendJoin("", gtins.Select(g => $"{g},{name}\n")).ToString();

    [Fact]
    public async Task Two_imports_of_the_same_new_gtins_by_one_organization_create_each_product_once()
    {
        var org = ShortId.Encode(Guid.NewGuid());
        var gtins = Enumerable.Range(0, 300).Select(_ => TestGtins.To14(TestGtins.New13())).Distinct().ToList();
        var csv = File(gtins, "Same");

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => fx.ClientFor(org).ImportAsync(csv)));

        Assert.Equal(gtins.Count, results.Sum(r => r.Created));
        Assert.All(results, r => Assert.Equal((gtins.Count, 0, 0), (r.Created + r.Skipped, r.Updated, r.ErrorCount)));
        Assert.Equal((long)gtins.Count, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.products WHERE gtin = ANY(@gtins)", new { gtins }));
        Assert.Equal((long)gtins.Count * 2, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.outbox WHERE payload->>'Gtin' = ANY(@gtins)", new { gtins }));
    }

    [Fact]
    public async Task Two_organizations_importing_the_same_new_gtins_at_once_split_them_without_sharing_any()
    {
        var (a, b) = (ShortId.Encode(Guid.NewGuid()), ShortId.Encode(Guid.NewGuid()));
        var gtins = Enumerable.Range(0, 300).Select(_ => TestGtins.To14(TestGtins.New13())).Distinct().ToList();

        var results = await Task.WhenAll(fx.ClientFor(a).ImportAsync(File(gtins, "A")), fx.ClientFor(b).ImportAsync(File(gtins, "B")));

        Assert.Equal(gtins.Count, results.Sum(r => r.Created));
        Assert.Equal(gtins.Count, results.Sum(r => r.ErrorCount));
        Assert.All(results.SelectMany(r => r.Errors), e => Assert.Equal("gtin", e.Column));
        var owners = await fx.Database.QueryAsync<(string Name, long Count)>(
            "SELECT product_name, count(*) FROM catalog.products WHERE gtin = ANY(@gtins) GROUP BY 1 ORDER BY 1", new { gtins });
        Assert.Equal(gtins.Count, owners.Sum(o => o.Count));
    }

    [Fact]
    public async Task A_malformed_multipart_body_is_a_400_problem()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\ngtin"));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=x");

        var response = await fx.ClientFor(ShortId.Encode(Guid.NewGuid())).PostAsync(ImportApi.Csv, content);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
    }
}
