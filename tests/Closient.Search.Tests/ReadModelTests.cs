using Closient.Contracts.Catalog;
using Closient.Contracts.Locations;
using Closient.Contracts.Offers;
using Closient.ServiceDefaults.Http;
using static Closient.Search.Tests.SearchDriver;

namespace Closient.Search.Tests;

/// <summary>The read model follows the events: removals, stale versions, redelivery, arrival order.</summary>
public sealed class ReadModelTests(SearchFixture fx) : IClassFixture<SearchFixture>
{
    readonly SearchDriver _driver = new(fx);

    [Fact]
    public async Task A_removed_location_disappears_from_results()
    {
        var here = Point.Random();
        var (_, store, offer) = await _driver.StockedStoreAsync(here, "Maple Syrup");
        await _driver.WaitForOfferAsync("maple syrup", here, offer.OfferId);

        await _driver.PublishAsync(new LocationRemoved(store.LocationId, store.OrganizationId, DateTimeOffset.UtcNow), store.LocationId);

        await _driver.WaitUntilGoneAsync("maple syrup", here, offer.OfferId);
    }

    [Fact]
    public async Task A_removed_offer_disappears_from_results()
    {
        var here = Point.Random();
        var (product, store, offer) = await _driver.StockedStoreAsync(here, "Rye Crackers");
        var other = await _driver.OfferAsync(product, store, price: 7m);
        await _driver.WaitForOfferAsync("rye crackers", here, offer.OfferId);
        await _driver.WaitForOfferAsync("rye crackers", here, other.OfferId);

        await _driver.PublishAsync(new OfferRemoved(offer.OfferId, offer.OrganizationId, offer.ProductId, offer.PhysicalStoreId, DateTimeOffset.UtcNow, LocationId: offer.LocationId), offer.OfferId);

        await _driver.WaitUntilGoneAsync("rye crackers", here, offer.OfferId);
        Assert.Equal([other.OfferId], OfferIds(await _driver.LocalAsync("rye crackers", here)));
    }

    [Fact]
    public async Task A_late_older_upsert_does_not_resurrect_a_removed_offer()
    {
        var here = Point.Random();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var product = await _driver.ProductAsync("Pumpkin Seeds");
        var store = await _driver.StoreAsync(here);
        var offer = await _driver.OfferAsync(product, store, price: 3m, updatedAt: t0);
        await _driver.WaitForOfferAsync("pumpkin seeds", here, offer.OfferId);
        await _driver.PublishAsync(new OfferRemoved(offer.OfferId, offer.OrganizationId, offer.ProductId, offer.PhysicalStoreId, t0.AddMinutes(2), LocationId: offer.LocationId), offer.OfferId);
        await _driver.WaitUntilGoneAsync("pumpkin seeds", here, offer.OfferId);

        var late = await _driver.PublishAsync(offer with { PriceAmount = 2.5m, UpdatedAt = t0.AddMinutes(1) }, offer.OfferId);
        var tie = await _driver.PublishAsync(offer with { PriceAmount = 2.5m, UpdatedAt = t0.AddMinutes(2) }, offer.OfferId);
        await fx.Consumed.WaitAsync(late);
        await fx.Consumed.WaitAsync(tie);

        Assert.DoesNotContain(offer.OfferId, OfferIds(await _driver.LocalAsync("pumpkin seeds", here)));

        await _driver.PublishAsync(offer with { PriceAmount = 2.75m, UpdatedAt = t0.AddMinutes(3) }, offer.OfferId);
        var back = await _driver.WaitForOfferAsync("pumpkin seeds", here, offer.OfferId);
        Assert.Equal("2.75", back["offer"]!["price"]!["amount"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_removal_that_arrives_before_the_publish_keeps_the_store_out()
    {
        var here = Point.Random();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var product = await _driver.ProductAsync("Wild Rice");
        var kept = await _driver.StoreAsync(here.Offset(3));
        var keptOffer = await _driver.OfferAsync(product, kept);
        var store = new LocationPublished(Guid.CreateVersion7(), Guid.CreateVersion7(), "Gone Grocer", "1 Elm St", here.Lat, here.Lon, "USD", "", "", t0);
        var offer = await _driver.OfferAsync(product, store);
        var removal = await _driver.PublishAsync(new LocationRemoved(store.LocationId, store.OrganizationId, t0.AddMinutes(1)), store.LocationId);
        await fx.Consumed.WaitAsync(removal);

        var publish = await _driver.PublishAsync(store, store.LocationId);
        await fx.Consumed.WaitAsync(publish);
        await fx.Consumed.WaitAsync(_driver.LastMessageIdOf(offer.OfferId));
        await _driver.WaitForOfferAsync("wild rice", here, keptOffer.OfferId);

        Assert.DoesNotContain(offer.OfferId, OfferIds(await _driver.LocalAsync("wild rice", here)));
    }

    [Fact]
    public async Task Online_offers_are_consumed_but_not_part_of_local_search()
    {
        var here = Point.Random();
        var (product, store, local) = await _driver.StockedStoreAsync(here, "Sourdough Starter");
        await _driver.WaitForOfferAsync("sourdough", here, local.OfferId);
        var online = new OfferUpserted(Guid.CreateVersion7(), store.OrganizationId, product.ProductId, null, "WEB-1",
            3m, "USD", "active", null, "manual", DateTimeOffset.UtcNow, OfferKinds.Online, product.Gtin, null, Guid.CreateVersion7());

        var upserted = await _driver.PublishAsync(online, online.OfferId);
        var removed = await _driver.PublishAsync(new OfferRemoved(online.OfferId, online.OrganizationId, online.ProductId, null,
            DateTimeOffset.UtcNow, OfferKinds.Online, product.Gtin, null, online.OnlineStoreId), online.OfferId);
        await fx.Consumed.WaitAsync(upserted);
        await fx.Consumed.WaitAsync(removed);

        Assert.Equal([local.OfferId], OfferIds(await _driver.LocalAsync("sourdough", here)));
        Assert.Equal(0, await fx.Database.ScalarAsync<int>("SELECT count(*)::int FROM search.offers WHERE id = @id", new { id = online.OfferId }));
        Assert.Equal(2, await fx.Database.ScalarAsync<int>("SELECT count(*)::int FROM search.inbox WHERE message_id = ANY(@ids)",
            new { ids = new[] { upserted, removed } }));
    }

    [Fact]
    public async Task An_offer_event_from_before_LocationId_existed_is_joined_on_its_PhysicalStoreId()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Buckwheat Groats");
        var store = await _driver.StoreAsync(here);
        var legacy = new OfferUpserted(Guid.CreateVersion7(), store.OrganizationId, product.ProductId, store.LocationId, "BW-1",
            2m, "USD", "active", 9, "manual", DateTimeOffset.UtcNow);
        await _driver.PublishAsync(legacy, legacy.OfferId);

        var hit = await _driver.WaitForOfferAsync("buckwheat", here, legacy.OfferId);
        Assert.Equal(ShortId.Encode(store.LocationId), hit["store"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Duplicate_delivery_of_a_message_id_is_applied_once()
    {
        var here = Point.Random();
        var product = await _driver.ProductAsync("Goat Cheese");
        var store = await _driver.StoreAsync(here);
        var offer = new OfferUpserted(Guid.CreateVersion7(), store.OrganizationId, product.ProductId, store.LocationId, "GC-1",
            6.5m, "USD", "active", 4, "manual", DateTimeOffset.UtcNow);
        var messageId = await _driver.PublishAsync(offer, offer.OfferId);
        var first = await _driver.WaitForOfferAsync("goat cheese", here, offer.OfferId);
        Assert.Equal("6.50", first["offer"]!["price"]!["amount"]!.GetValue<string>());

        // Same id, a different payload that is not older: only the inbox keeps it out.
        await _driver.PublishAsync(offer with { PriceAmount = 1m, QuantityOnHand = 50, UpdatedAt = offer.UpdatedAt.AddSeconds(1) }, offer.OfferId, messageId);
        await fx.Consumed.WaitAsync(messageId, deliveries: 2);

        var hit = Hits(await _driver.LocalAsync("goat cheese", here)).Single();
        Assert.Equal("6.50", hit["offer"]!["price"]!["amount"]!.GetValue<string>());
        Assert.Equal("low_stock", hit["offer"]!["stock_status"]!.GetValue<string>());
        Assert.Equal(1, await fx.Database.ScalarAsync<int>("SELECT count(*)::int FROM search.inbox WHERE message_id = @messageId", new { messageId }));
    }

    [Fact]
    public async Task An_older_product_version_is_ignored_and_a_newer_one_is_searchable()
    {
        var here = Point.Random();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var product = await _driver.ProductAsync("Kombucha Ginger", updatedAt: t0);
        var store = await _driver.StoreAsync(here);
        var offer = await _driver.OfferAsync(product, store);
        await _driver.WaitForOfferAsync("kombucha", here, offer.OfferId);

        var stale = await _driver.PublishAsync(product with { ProductName = "Stale Name", UpdatedAt = t0.AddMinutes(-1) }, product.ProductId);
        await fx.Consumed.WaitAsync(stale);
        Assert.Equal("Kombucha Ginger", Hits(await _driver.LocalAsync("kombucha", here)).Single()["product"]!["name"]!.GetValue<string>());

        await _driver.PublishAsync(product with { ProductName = "Kombucha Hibiscus", UpdatedAt = t0.AddMinutes(1) }, product.ProductId);
        var renamed = await _driver.WaitForOfferAsync("hibiscus", here, offer.OfferId);
        Assert.Equal("Kombucha Hibiscus", renamed["product"]!["name"]!.GetValue<string>());
        Assert.Empty(OfferIds(await _driver.LocalAsync("ginger", here)));
    }

    [Fact]
    public async Task An_offer_that_arrives_before_its_product_and_store_appears_once_they_arrive()
    {
        var here = Point.Random();
        var product = new ProductUpserted(Guid.CreateVersion7(), NewGtin(), "Black Garlic", "Acme", "", null, DateTimeOffset.UtcNow);
        var store = new LocationPublished(Guid.CreateVersion7(), Guid.CreateVersion7(), "Late Store", "2 Oak St", here.Lat, here.Lon, "USD", "", "", DateTimeOffset.UtcNow);
        var offer = await _driver.OfferAsync(product, store);
        await fx.Consumed.WaitAsync(_driver.LastMessageIdOf(offer.OfferId));
        Assert.Empty(OfferIds(await _driver.LocalAsync("black garlic", here)));

        await _driver.PublishAsync(store, store.LocationId);
        await _driver.PublishAsync(product, product.ProductId);

        await _driver.WaitForOfferAsync("black garlic", here, offer.OfferId);
    }
}
