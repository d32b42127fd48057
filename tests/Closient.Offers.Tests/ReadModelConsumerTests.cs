using System.Net;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.Tests;

/// <summary>The read models fed by catalog and locations events: idempotent, and immune to out-of-order delivery.</summary>
public sealed class ReadModelConsumerTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    Task<string> ProductNameAsync(Guid id) =>
        fx.Database.ScalarAsync<string>("SELECT product_name FROM offers.products WHERE id = @id", new { id });

    Task<HttpResponseMessage> CreateOfferAsync(Guid org, Guid product, Guid store, string sku) =>
        fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{ShortId.Encode(product)}}", "physical_store_id": "{{ShortId.Encode(store)}}", "sku": "{{sku}}"}""");

    [Fact]
    public async Task A_redelivered_ProductUpserted_is_applied_once()
    {
        var product = Guid.CreateVersion7();
        var messageId = Guid.NewGuid();

        await fx.Bus.PublishAsync(new ProductUpserted(product, "00614141123452", "First", "", "", null, T0), messageId);
        await fx.Consumed.WaitAsync(messageId);
        await fx.Bus.PublishAsync(new ProductUpserted(product, "00614141123452", "Second", "", "", null, T0.AddMinutes(1)), messageId);
        await fx.Consumed.WaitAsync(messageId, times: 2);

        Assert.Equal("First", await ProductNameAsync(product));
        Assert.Equal(1, await fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM offers.inbox WHERE message_id = @messageId AND consumer = 'ProductUpsertedConsumer'", new { messageId }));
    }

    [Fact]
    public async Task An_older_ProductUpserted_delivered_late_is_ignored()
    {
        var product = Guid.CreateVersion7();

        await fx.PublishProductAsync(product, "Newer", T0.AddMinutes(5));
        await fx.PublishProductAsync(product, "Older", T0);

        Assert.Equal("Newer", await ProductNameAsync(product));
        Assert.Equal(T0.AddMinutes(5), await fx.Database.ScalarAsync<DateTimeOffset>(
            "SELECT updated_at FROM offers.products WHERE id = @product", new { product }));
    }

    [Fact]
    public async Task A_newer_ProductUpserted_replaces_the_name()
    {
        var product = Guid.CreateVersion7();

        await fx.PublishProductAsync(product, "Before", T0);
        await fx.PublishProductAsync(product, "After", T0.AddSeconds(1));

        Assert.Equal("After", await ProductNameAsync(product));
    }

    [Fact]
    public async Task An_older_LocationPublished_does_not_change_the_store()
    {
        var org = Guid.CreateVersion7();
        var store = Guid.CreateVersion7();

        await fx.PublishStoreAsync(store, org, T0.AddMinutes(5), "EUR", "Newer");
        await fx.PublishStoreAsync(store, org, T0, "USD", "Older");

        var (name, currency) = (await fx.Database.QueryAsync<(string, string)>(
            "SELECT name, currency FROM offers.stores WHERE id = @store", new { store })).Single();
        Assert.Equal(("Newer", "EUR"), (name, currency));
    }

    [Fact]
    public async Task A_late_LocationPublished_does_not_resurrect_a_removed_store_but_a_newer_one_does()
    {
        var product = await fx.SeedProductAsync();
        var org = Guid.CreateVersion7();
        var store = Guid.CreateVersion7();

        await fx.PublishStoreAsync(store, org, T0);
        await fx.RemoveStoreAsync(store, org, T0.AddMinutes(10));
        await fx.PublishStoreAsync(store, org, T0.AddMinutes(5));
        var whileRemoved = await CreateOfferAsync(org, product, store, "R1");
        await fx.PublishStoreAsync(store, org, T0.AddMinutes(15));
        var republished = await CreateOfferAsync(org, product, store, "R2");

        await whileRemoved.ExpectAsync(HttpStatusCode.NotFound);
        await republished.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_LocationRemoved_that_overtakes_the_LocationPublished_leaves_a_tombstone()
    {
        var product = await fx.SeedProductAsync();
        var org = Guid.CreateVersion7();
        var store = Guid.CreateVersion7();

        await fx.RemoveStoreAsync(store, org, T0.AddMinutes(1));
        await fx.PublishStoreAsync(store, org, T0);

        await (await CreateOfferAsync(org, product, store, "T1")).ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal(T0.AddMinutes(1), await fx.Database.ScalarAsync<DateTimeOffset?>(
            "SELECT removed_at FROM offers.stores WHERE id = @store", new { store }));
    }
}
