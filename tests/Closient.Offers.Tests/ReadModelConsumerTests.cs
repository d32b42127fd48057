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
    public async Task An_older_LocationUpserted_does_not_change_the_location()
    {
        var org = Guid.CreateVersion7();
        var location = Guid.CreateVersion7();

        await fx.PublishLocationAsync(location, org, T0.AddMinutes(5), "EUR", "Newer");
        await fx.PublishLocationAsync(location, org, T0, "USD", "Older");

        var (name, currency) = (await fx.Database.QueryAsync<(string, string)>(
            "SELECT name, currency FROM offers.locations WHERE id = @location", new { location })).Single();
        Assert.Equal(("Newer", "EUR"), (name, currency));
    }

    [Fact]
    public async Task A_store_can_be_attached_to_an_unpublished_location_but_not_to_a_deleted_one()
    {
        var org = Guid.CreateVersion7();
        var unpublished = await fx.SeedLocationAsync(org, isPublished: false);
        var deleted = Guid.CreateVersion7();
        await fx.PublishLocationAsync(deleted, org, T0);
        await fx.DeleteLocationAsync(deleted, org, T0.AddMinutes(10));
        await fx.PublishLocationAsync(deleted, org, T0.AddMinutes(15)); // late: a deletion is final

        await fx.CreateStoreAsync(org, unpublished);
        var problem = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.Org(org) + "/physical-stores",
            $$"""{"retailer_id": "{{OffersFixture.CanonicalRetailer}}", "location_id": "{{deleted}}"}""")).ExpectAsync(HttpStatusCode.NotFound);

        Assert.Contains("location_id", problem.Str("detail"));
        Assert.False(await fx.Database.ScalarAsync<bool>("SELECT is_published FROM offers.locations WHERE id = @unpublished", new { unpublished }));
    }

    [Fact]
    public async Task A_LocationDeleted_that_overtakes_the_LocationUpserted_leaves_a_tombstone()
    {
        var org = Guid.CreateVersion7();
        var location = Guid.CreateVersion7();

        await fx.DeleteLocationAsync(location, org, T0.AddMinutes(1));
        await fx.PublishLocationAsync(location, org, T0);

        Assert.Equal(T0.AddMinutes(1), await fx.Database.ScalarAsync<DateTimeOffset?>(
            "SELECT deleted_at FROM offers.locations WHERE id = @location", new { location }));
        await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.Org(org) + "/physical-stores",
            $$"""{"retailer_id": "{{OffersFixture.CanonicalRetailer}}", "location_id": "{{location}}"}""")).ExpectAsync(HttpStatusCode.NotFound);
    }
}
