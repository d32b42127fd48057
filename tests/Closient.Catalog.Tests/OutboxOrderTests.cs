using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Closient.Catalog.Tests;

/// <summary><see cref="Outbox.AddRangeAsync"/> keeps the given order in the ids the relay publishes by.</summary>
public sealed class OutboxOrderTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    [Fact]
    public async Task A_batch_written_in_one_millisecond_is_relayed_in_the_order_given()
    {
        var services = fx.Factory.Services;
        var outbox = services.GetRequiredService<Outbox>();
        await using var conn = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var marker = Guid.NewGuid().ToString("N");
        var messages = Enumerable.Range(0, 500)
            .Select(i => (object)new ProductUpserted(Guid.NewGuid(), "00000000000000", $"{marker}-{i:D4}", "", "", null, DateTimeOffset.UtcNow))
            .ToList();

        await outbox.AddRangeAsync(conn, tx, messages, CancellationToken.None);

        var names = (await conn.QueryAsync<string>(
            "SELECT payload->>'ProductName' FROM catalog.outbox WHERE payload->>'ProductName' LIKE @prefix ORDER BY id",
            new { prefix = marker + "-%" }, tx)).ToList();
        await tx.RollbackAsync();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"{marker}-{i:D4}"), names);
    }
}
