using Closient.Offers.InStoreOffers;
using Closient.Offers.OnlineOffers;
using Closient.Offers.Retailers;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Npgsql;

namespace Closient.Offers.Republish;

/// <summary>
/// <c>republish</c>: every organization's retailer (<c>RetailerCreated</c> with its current fields) and every in-store and
/// online offer (<c>OfferUpserted</c>, promotions and freshness as of now) into the offers outbox, built by the same
/// <c>ToCreated</c>/<c>ToUpserted</c> the writes use. Deleted offers are gone from the tables (a delete is a hard delete),
/// so no <c>OfferRemoved</c> is re-published: a wiped read model simply never gets them back. See <see cref="Republisher"/>.
/// </summary>
public static class OffersRepublish
{
    public static IReadOnlyList<RepublishKind> Kinds(TimeProvider clock) =>
    [
        new("retailers", "SELECT count(*) FROM offers.retailers WHERE organization_id IS NOT NULL", RetailersAsync),
        new("in_store_offers", "SELECT count(*) FROM offers.in_store_offers", (conn, tx, after, limit, ct) => InStoreAsync(conn, tx, after, limit, clock, ct)),
        new("online_offers", "SELECT count(*) FROM offers.online_offers", (conn, tx, after, limit, ct) => OnlineAsync(conn, tx, after, limit, clock, ct)),
    ];

    public static Task<int> RunCommandAsync(string[] args) =>
        Republisher.RunCommandAsync("Closient.Offers", "offers", Kinds(TimeProvider.System), args, Republisher.Configuration(), Console.Out, Console.Error);

    // Canonical retailers (no organization) were never published as RetailerCreated.
    static async Task<RepublishPage> RetailersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? after, int limit, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<RetailerRow>(new CommandDefinition(
            $"{RetailerRow.Select} WHERE r.organization_id IS NOT NULL AND (@after::uuid IS NULL OR r.id > @after) ORDER BY r.id LIMIT @limit",
            new { after, limit }, tx, cancellationToken: ct))).ToList();
        return new(rows.Count, rows.Select(r => (object)r.ToCreated()).ToList(), rows.LastOrDefault()?.Id);
    }

    static async Task<RepublishPage> InStoreAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? after, int limit, TimeProvider clock, CancellationToken ct)
    {
        var now = DatabaseTime.Now(clock);
        var rows = (await conn.QueryAsync<InStoreOfferRow>(new CommandDefinition(
            $"{InStoreOfferRow.Select} WHERE @after::uuid IS NULL OR o.id > @after ORDER BY o.id LIMIT @limit",
            new { after, limit, Now = now }, tx, cancellationToken: ct))).ToList();
        return new(rows.Count, rows.Select(r => (object)r.ToUpserted(now)).ToList(), rows.LastOrDefault()?.Id);
    }

    static async Task<RepublishPage> OnlineAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? after, int limit, TimeProvider clock, CancellationToken ct)
    {
        var now = DatabaseTime.Now(clock);
        var rows = (await conn.QueryAsync<OnlineOfferRow>(new CommandDefinition(
            $"{OnlineOfferRow.Select} WHERE @after::uuid IS NULL OR o.id > @after ORDER BY o.id LIMIT @limit",
            new { after, limit, Now = now }, tx, cancellationToken: ct))).ToList();
        return new(rows.Count, rows.Select(r => (object)r.ToUpserted(now)).ToList(), rows.LastOrDefault()?.Id);
    }
}
