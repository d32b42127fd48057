using System.Collections.Concurrent;
using System.Reflection;
using Closient.Contracts.Catalog;
using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Offers.Tests;

public class OffersFixture : ServiceFixture<OffersMarker>
{
    protected override (string Schema, Assembly Migrations)[] Schemas => [("offers", typeof(OffersMarker).Assembly)];

    /// <summary>The promotion sweeper does not run on its own in tests (they call <c>SweepAsync</c>), so it cannot add events to the outbox mid-test.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(ExtraSettings) { ["Offers:PromotionSweepSeconds"] = "86400" };

    /// <summary>More configuration for fixtures derived from this one (the Shopify integration's).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    readonly Lazy<Task<(Guid Organization, Guid Product, Guid Store)>> _shared;

    public OffersFixture() => _shared = new(async () =>
    {
        var organization = Guid.CreateVersion7();
        return (organization, await SeedProductAsync(), await SeedStoreAsync(organization));
    });

    public ConsumeRecorder Consumed { get; } = new();

    readonly ConcurrentDictionary<(Guid, string), HttpClient> _clients = new();

    /// <summary>A client acting for <paramref name="organizationId"/> with <paramref name="role"/> (one per pair, disposed with the fixture).</summary>
    public HttpClient ClientFor(Guid organizationId, string role = Roles.Owner) =>
        _clients.GetOrAdd((organizationId, role), k => ClientAs(Caller.ForOrganization(k.Item1, k.Item2)));

    /// <summary>One organization with a known product and store, for tests that only need valid references.</summary>
    public Task<(Guid Organization, Guid Product, Guid Store)> SharedAsync() => _shared.Value;

    public static string OrganizationOffers(Guid organizationId) =>
        $"/retailers/api/v1/organizations/{ServiceDefaults.Http.ShortId.Encode(organizationId)}/in-store-offers";

    public static string Offer(string offerId) => $"/retailers/api/v1/in-store-offers/{offerId}";

    public Task<long> OfferCountAsync(Guid organizationId) =>
        Database.ScalarAsync<long>("SELECT count(*) FROM offers.in_store_offers WHERE organization_id = @organizationId", new { organizationId });

    public Task<long> OutboxCountAsync() => Database.ScalarAsync<long>("SELECT count(*) FROM offers.outbox");

    public override async Task DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        await base.DisposeAsync();
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Factory.Services.GetRequiredService<IBus>().ConnectConsumeObserver(Consumed);
    }

    /// <summary>Publishes a ProductUpserted as the catalog would and waits until the offers service consumed it.</summary>
    public async Task<Guid> PublishProductAsync(Guid productId, string name, DateTimeOffset updatedAt, Guid? messageId = null)
    {
        var id = await Bus.PublishAsync(new ProductUpserted(productId, "00614141123452", name, "Brand", "", null, updatedAt), messageId);
        await Consumed.WaitAsync(id);
        return id;
    }

    public async Task<Guid> SeedProductAsync(string name = "Oat milk 1 l")
    {
        var productId = Guid.CreateVersion7();
        await PublishProductAsync(productId, name, DateTimeOffset.UtcNow);
        return productId;
    }

    /// <summary>A canonical retailer seeded by the migrations (Walmart).</summary>
    public static readonly Guid CanonicalRetailer = Guid.Parse("01930000-0000-7000-8000-000000000002");

    public static string Org(Guid organizationId) => $"/retailers/api/v1/organizations/{ServiceDefaults.Http.ShortId.Encode(organizationId)}";

    /// <summary>Publishes a LocationUpserted as the locations service would and waits until it was consumed.</summary>
    public async Task PublishLocationAsync(Guid locationId, Guid organizationId, DateTimeOffset updatedAt, string currency = "USD",
        string name = "Main St", bool isPublished = true)
    {
        var id = await Bus.PublishAsync(new LocationUpserted(locationId, organizationId, name, "1 Main St, Springfield",
            40.7, -74.0, currency, isPublished, updatedAt));
        await Consumed.WaitAsync(id);
    }

    public async Task DeleteLocationAsync(Guid locationId, Guid organizationId, DateTimeOffset deletedAt)
    {
        var id = await Bus.PublishAsync(new LocationDeleted(locationId, organizationId, deletedAt));
        await Consumed.WaitAsync(id);
    }

    /// <summary>A new location (published, known to offers) of <paramref name="organizationId"/>.</summary>
    public async Task<Guid> SeedLocationAsync(Guid organizationId, string currency = "USD", bool isPublished = true)
    {
        var locationId = Guid.CreateVersion7();
        await PublishLocationAsync(locationId, organizationId, DateTimeOffset.UtcNow, currency, isPublished: isPublished);
        return locationId;
    }

    /// <summary>Creates a physical store at <paramref name="locationId"/> through the API (a canonical retailer unless one is given).</summary>
    public async Task<Guid> CreateStoreAsync(Guid organizationId, Guid locationId, Guid? retailerId = null, string extra = "")
    {
        var body = $$"""{"retailer_id": "{{retailerId ?? CanonicalRetailer}}", "location_id": "{{locationId}}"{{extra}}}""";
        var store = await (await ClientFor(organizationId).PostJsonAsync(Org(organizationId) + "/physical-stores", body))
            .ExpectAsync(System.Net.HttpStatusCode.Created);
        ServiceDefaults.Http.ShortId.TryParse(store.Str("id"), out var id);
        return id;
    }

    /// <summary>A new location and a physical store at it; returns the store's id.</summary>
    public async Task<Guid> SeedStoreAsync(Guid organizationId, string currency = "USD") =>
        await CreateStoreAsync(organizationId, await SeedLocationAsync(organizationId, currency));

    /// <summary>A new online store of <paramref name="organizationId"/> (a canonical retailer).</summary>
    public async Task<Guid> SeedOnlineStoreAsync(Guid organizationId, string currency = "USD")
    {
        var body = $$"""{"retailer_id": "{{CanonicalRetailer}}", "name": "Web shop", "url": "https://shop.example.com", "currency": "{{currency}}"}""";
        var store = await (await ClientFor(organizationId).PostJsonAsync(Org(organizationId) + "/online-stores", body))
            .ExpectAsync(System.Net.HttpStatusCode.Created);
        ServiceDefaults.Http.ShortId.TryParse(store.Str("id"), out var id);
        return id;
    }
}
