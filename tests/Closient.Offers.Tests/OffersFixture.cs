using System.Collections.Concurrent;
using System.Reflection;
using Closient.Contracts.Catalog;
using Closient.Contracts.Locations;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Offers.Tests;

public sealed class OffersFixture : ServiceFixture<OffersMarker>
{
    protected override (string Schema, Assembly Migrations)[] Schemas => [("offers", typeof(OffersMarker).Assembly)];

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

    /// <summary>Publishes a LocationPublished as the locations service would and waits until it was consumed.</summary>
    public async Task PublishStoreAsync(Guid storeId, Guid organizationId, DateTimeOffset updatedAt, string currency = "USD", string name = "Main St")
    {
        var id = await Bus.PublishAsync(new LocationPublished(storeId, organizationId, name, "1 Main St, Springfield",
            40.7, -74.0, currency, "", "", updatedAt));
        await Consumed.WaitAsync(id);
    }

    public async Task<Guid> SeedStoreAsync(Guid organizationId, string currency = "USD")
    {
        var storeId = Guid.CreateVersion7();
        await PublishStoreAsync(storeId, organizationId, DateTimeOffset.UtcNow, currency);
        return storeId;
    }

    public async Task RemoveStoreAsync(Guid storeId, Guid organizationId, DateTimeOffset removedAt)
    {
        var id = await Bus.PublishAsync(new LocationRemoved(storeId, organizationId, removedAt));
        await Consumed.WaitAsync(id);
    }
}
