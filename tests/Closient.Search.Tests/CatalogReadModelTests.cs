using Closient.Contracts.Catalog;
using Dapper;
using Npgsql;
using static Closient.Search.Tests.CatalogDriver;

namespace Closient.Search.Tests;

/// <summary>Brands and retailers in the read model: idempotent, order-tolerant, tombstoned.</summary>
public sealed class CatalogReadModelTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    readonly CatalogDriver _driver = new(fx);

    [Fact]
    public async Task A_newer_brand_version_replaces_the_older_one_and_an_older_one_is_ignored()
    {
        var w = Word();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var brand = Brand($"{w} Original", updatedAt: t0);
        await _driver.ConsumedAsync(brand);
        await _driver.ConsumedAsync(brand with { Name = $"{w} Renamed", Description = "new", UpdatedAt = t0.AddMinutes(2) });
        await _driver.ConsumedAsync(brand with { Name = $"{w} Stale", UpdatedAt = t0.AddMinutes(1) });

        var row = await BrandRowAsync(brand.BrandId);
        Assert.Equal($"{w} Renamed", row.Name);
        Assert.Equal([$"{w} Renamed"], Names(await _driver.SearchAsync(w, "&type=brands")));
    }

    [Fact]
    public async Task A_redelivered_brand_message_is_applied_once()
    {
        var w = Word();
        var brand = Brand($"{w} Once");
        var messageId = Guid.NewGuid();
        await _driver.ConsumedAsync(brand, messageId);
        // The same MessageId again, even with another payload, changes nothing.
        await fx.Bus.PublishAsync(brand with { Name = $"{w} Twice", UpdatedAt = brand.UpdatedAt.AddMinutes(1) }, messageId);
        await fx.Consumed.WaitAsync(messageId, deliveries: 2);

        Assert.Equal($"{w} Once", (await BrandRowAsync(brand.BrandId)).Name);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM search.inbox WHERE message_id = @messageId", new { messageId }));
    }

    [Fact]
    public async Task A_deletion_that_arrives_before_the_brand_keeps_it_out()
    {
        var w = Word();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var brand = Brand($"{w} Late", updatedAt: t0);
        await _driver.ConsumedAsync(brand with { DeletedAt = t0.AddMinutes(1), UpdatedAt = t0.AddMinutes(1) });
        await _driver.ConsumedAsync(brand);
        // A same-time upsert cannot undo the deletion either.
        await _driver.ConsumedAsync(brand with { UpdatedAt = t0.AddMinutes(1) });

        Assert.NotNull((await BrandRowAsync(brand.BrandId)).DeletedAt);
        Assert.Empty(Data(await _driver.SearchAsync(w)));

        // A strictly newer version brings it back (restored).
        await _driver.ConsumedAsync(brand with { UpdatedAt = t0.AddMinutes(3) });
        Assert.Equal([brand.BrandId], Ids(await _driver.SearchAsync(w)));
    }

    [Fact]
    public async Task A_retailer_is_stored_once_whatever_the_redeliveries()
    {
        var w = Word();
        var retailer = Retailer($"{w} Grocers", "Supermarket");
        await _driver.ConsumedAsync(retailer);
        await _driver.ConsumedAsync(retailer);
        await _driver.ConsumedAsync(retailer with { Name = $"{w} Imposter" });

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM search.retailers WHERE id = @RetailerId", new { retailer.RetailerId }));
        Assert.Equal([$"{w} Grocers"], Names(await _driver.SearchAsync(w)));
        Assert.Equal([$"{w} Grocers"], Names(await _driver.SearchAsync($"{w} supermarket")));
    }

    [Fact]
    public async Task A_product_that_arrives_after_a_newer_version_keeps_the_newer_one()
    {
        var w = Word();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        var newer = await _driver.ProductAsync($"{w} Newer", updatedAt: t0.AddMinutes(1));
        await _driver.ConsumedAsync(newer with { ProductName = $"{w} Older", UpdatedAt = t0 });

        Assert.Equal([$"{w} Newer"], Names(await _driver.SearchAsync(w)));
    }

    async Task<BrandRow> BrandRowAsync(Guid id)
    {
        await using var conn = new NpgsqlConnection(fx.Database.ConnectionString);
        return await conn.QuerySingleAsync<BrandRow>("SELECT name, deleted_at FROM search.brands WHERE id = @id", new { id });
    }

    async Task<long> ScalarAsync(string sql, object args)
    {
        await using var conn = new NpgsqlConnection(fx.Database.ConnectionString);
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    sealed class BrandRow
    {
        public string Name { get; set; } = "";
        public DateTimeOffset? DeletedAt { get; set; }
    }
}
