using System.Net;
using System.Text.Json;
using Closient.Catalog.Brands;
using Closient.Catalog.Republish;
using Closient.Catalog.Tests.Brands;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Closient.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Closient.Catalog.Tests.Republish;

/// <summary><c>republish</c>: one outbox row per product and brand, equal to the last event the writes published; batches and resumes.</summary>
public sealed class RepublishTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    sealed record Row(Guid Id, string MessageType, string Payload);

    NpgsqlDataSource Db => fx.Factory.Services.GetRequiredService<NpgsqlDataSource>();
    Outbox Outbox => fx.Factory.Services.GetRequiredService<Outbox>();
    static RepublishKind Kind(string name) => CatalogRepublish.Kinds.Single(k => k.Name == name);

    async Task<Guid> MarkAsync() => await fx.Database.ScalarAsync<Guid?>("SELECT id FROM catalog.outbox ORDER BY id DESC LIMIT 1") ?? Guid.Empty;

    async Task<IReadOnlyList<Row>> RowsAfterAsync(Guid mark) =>
        await fx.Database.QueryAsync<Row>("SELECT id, message_type, payload::text AS payload FROM catalog.outbox WHERE id > @mark ORDER BY id", new { mark });

    static T Payload<T>(Row row) => JsonSerializer.Deserialize<T>(row.Payload)!;

    [Fact]
    public async Task Every_product_and_brand_is_written_once_as_the_event_its_last_write_published()
    {
        var org = TestData.NewOrganizationId();
        var client = fx.ClientFor(org);
        var products = new List<Closient.Catalog.Products.ProductOut>();
        for (var i = 0; i < 3; i++)
            products.Add(await client.CreateOwnedProductAsync(org, $"Republished Tea {i}", description: "Sencha."));
        var renamed = await client.PatchJsonAsync($"{Api.Products}/{products[0].Gtin}", new { product_name = "Renamed Tea" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var kept = await client.CreateBrandAsync(org, "Kept Leaf");
        var deleted = await client.CreateBrandAsync(org, "Gone Leaf");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{BrandsTestApi.BrandsPath}/{deleted.Id}")).StatusCode);
        var liveProducts = new List<ProductUpserted>();
        foreach (var p in products)
        {
            Assert.True(ShortId.TryParse(p.Id, out var id));
            var expectedName = p == products[0] ? "Renamed Tea" : p.ProductName;
            liveProducts.Add((await fx.Bus.WaitForAsync<ProductUpserted>(e => e.ProductId == id && e.ProductName == expectedName)).Message);
        }
        Assert.True(ShortId.TryParse(deleted.Id, out var deletedId));
        var liveTombstone = (await fx.Bus.WaitForAsync<BrandUpserted>(e => e.BrandId == deletedId && e.DeletedAt is not null)).Message;

        var mark = await MarkAsync();
        var output = new StringWriter();
        var productCount = await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.products");
        Assert.Equal(productCount, await Republisher.RunAsync(Db, Outbox, Kind("products"), null, batchSize: 2, output, CancellationToken.None));
        var brandCount = await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.brands");
        Assert.Equal(brandCount, await Republisher.RunAsync(Db, Outbox, Kind("brands"), null, batchSize: 2, output, CancellationToken.None));

        var rows = await RowsAfterAsync(mark);
        var productRows = rows.Where(r => r.MessageType == typeof(ProductUpserted).FullName).Select(Payload<ProductUpserted>).ToList();
        var brandRows = rows.Where(r => r.MessageType == typeof(BrandUpserted).FullName).Select(Payload<BrandUpserted>).ToList();
        Assert.Equal(productCount + brandCount, rows.Count);
        Assert.Equal(productCount, productRows.Count);
        Assert.Equal(productRows.Count, productRows.Select(p => p.ProductId).Distinct().Count());
        foreach (var live in liveProducts)
        {
            var republished = productRows.Single(p => p.ProductId == live.ProductId);
            Assert.Equal(live with { Certifications = null, ContainsAllergens = null, Substances = null }, republished with { Certifications = null, ContainsAllergens = null, Substances = null });
            Assert.Equal(live.Certifications, republished.Certifications);
            Assert.Equal(live.ContainsAllergens, republished.ContainsAllergens);
            Assert.Equal(live.AllergensDeclared, republished.AllergensDeclared);
            Assert.Equal(live.Substances, republished.Substances);
        }
        Assert.Equal(brandCount, brandRows.DistinctBy(b => b.BrandId).Count());
        Assert.Equal(liveTombstone, brandRows.Single(b => b.BrandId == deletedId));
        Assert.True(ShortId.TryParse(kept.Id, out var keptId));
        var keptEvent = brandRows.Single(b => b.BrandId == keptId);
        Assert.Equal(("Kept Leaf", (DateTimeOffset?)null), (keptEvent.Name, keptEvent.DeletedAt));
        // Every product exactly once (outbox ids within one millisecond are not ordered, so compare as sets).
        Assert.Equal((await fx.Database.QueryAsync<Guid>("SELECT id FROM catalog.products")).Order(), productRows.Select(p => p.ProductId).Order());
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"republishing {productCount} products", lines);
        Assert.Equal((int)Math.Ceiling(productCount / 2.0), lines.Count(l => l.StartsWith("republished ") && l.Contains(" products ")));
        Assert.Contains(lines, l => l.StartsWith($"republished {productCount}/{productCount} products (last id "));

        // The relay publishes them, with new message ids.
        await Eventually.TrueAsync(() => Task.FromResult(fx.Bus.Seen<ProductUpserted>().Count(s => s.Message with { Certifications = null, ContainsAllergens = null, Substances = null } == liveProducts[0] with { Certifications = null, ContainsAllergens = null, Substances = null }) == 2),
            TimeSpan.FromSeconds(15), "the re-published ProductUpserted crosses the bus");
    }

    [Fact]
    public async Task A_run_resumes_after_an_id()
    {
        var org = TestData.NewOrganizationId();
        var client = fx.ClientFor(org);
        for (var i = 0; i < 3; i++) await client.CreateOwnedProductAsync(org, $"Resumed Tea {i}");
        var ids = await fx.Database.QueryAsync<Guid>("SELECT id FROM catalog.products ORDER BY id");

        var mark = await MarkAsync();
        var done = await Republisher.RunAsync(Db, Outbox, Kind("products"), ids[1], batchSize: 1000, TextWriter.Null, CancellationToken.None);

        var republished = (await RowsAfterAsync(mark)).Select(Payload<ProductUpserted>).Select(p => p.ProductId).ToList();
        Assert.Equal(ids.Skip(2).Order(), republished.Order());
        Assert.Equal(ids.Count - 2, done);
    }

    [Fact]
    public async Task The_command_checks_its_arguments_and_runs_one_kind()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:closient"] = fx.Database.ConnectionString }).Build();
        foreach (var args in new[] { new[] { "--only", "stores" }, ["--after", "nope", "--only", "brands"], ["--after", ShortId.Encode(Guid.NewGuid())],
                     ["--batch-size", "0"], ["--only"], ["--verbose", "1"] })
        {
            var error = new StringWriter();
            Assert.Equal(2, await Republisher.RunCommandAsync("Closient.Catalog", CatalogService.Schema, CatalogRepublish.Kinds, args, configuration,
                TextWriter.Null, error));
            Assert.StartsWith("usage: Closient.Catalog republish", error.ToString());
        }
        Assert.Equal(1, await Republisher.RunCommandAsync("Closient.Catalog", CatalogService.Schema, CatalogRepublish.Kinds, [],
            new ConfigurationBuilder().Build(), TextWriter.Null, TextWriter.Null));

        var org = TestData.NewOrganizationId();
        var brand = await fx.ClientFor(org).CreateBrandAsync(org, "Commanded Leaf");
        var mark = await MarkAsync();
        var output = new StringWriter();
        Assert.Equal(0, await Republisher.RunCommandAsync("Closient.Catalog", CatalogService.Schema, CatalogRepublish.Kinds,
            ["--only", "brands", "--batch-size", "5"], configuration, output, TextWriter.Null));

        var rows = await RowsAfterAsync(mark);
        Assert.All(rows, r => Assert.Equal(typeof(BrandUpserted).FullName, r.MessageType));
        Assert.Contains(rows, r => Payload<BrandUpserted>(r).Name == brand.Name);
        Assert.DoesNotContain("products", output.ToString());
    }
}
