using Closient.Offers.Common;
using Closient.Offers.InStoreOffers;
using Closient.Offers.OnlineOffers;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Offers.Promotions;

/// <summary>
/// Promotions (spec/offers.md §5): time-windowed prices on one in-store or online offer. The cheapest
/// running one (active, start ≤ now ≤ end) is the offer's effective price, computed when the offer is read.
/// Every promotion write re-publishes the offer (OfferUpserted with the effective price as of that moment).
/// Access follows the offer: View to list, ManageOffers to write, 404 for anyone else.
/// </summary>
public static class PromotionsApi
{
    /// <summary>One offer kind's paths and tables.</summary>
    public sealed record Kind(string Name, string OffersPath, string PromotionsPath, string OfferTable, string Column)
    {
        public bool IsInStore => Name == "in_store";
    }

    public static readonly Kind InStore = new("in_store", "/retailers/api/v1/in-store-offers", "/retailers/api/v1/in-store-promotions", "in_store_offers", "in_store_offer_id");
    public static readonly Kind Online = new("online", "/retailers/api/v1/online-offers", "/retailers/api/v1/online-promotions", "online_offers", "online_offer_id");

    public static IEndpointRouteBuilder MapPromotionsApi(this IEndpointRouteBuilder app)
    {
        foreach (var (kind, tag, prefix) in new[] { (InStore, "In-store offers", "InStore"), (Online, "Online offers", "Online") })
        {
            var byOffer = app.MapGroup(kind.OffersPath + "/{offer_id}/promotions").WithTags(tag);
            byOffer.MapGet("", (string offer_id, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) =>
                    ListAsync(kind, offer_id, caller, db, clock, ct))
                .WithName($"List{prefix}Promotions").WithAccess(AccessRule.Org(Permission.View))
                .WithSummary("Every promotion of the offer, active and inactive, as a bare array.");
            byOffer.MapPost("", (string offer_id, PromotionRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct) =>
                    CreateAsync(kind, offer_id, body, caller, db, outbox, clock, ct))
                .WithName($"Create{prefix}Promotion").WithAccess(AccessRule.Org(Permission.ManageOffers));

            var promotions = app.MapGroup(kind.PromotionsPath).WithTags(tag);
            promotions.MapPut("/{promotion_id}", (string promotion_id, PromotionRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct) =>
                    UpdateAsync(kind, promotion_id, body, caller, db, outbox, clock, ct))
                .WithName($"Update{prefix}Promotion").WithAccess(AccessRule.Org(Permission.ManageOffers))
                .WithSummary("Updates a promotion; omitted or null fields stay unchanged.");
            promotions.MapDelete("/{promotion_id}", (string promotion_id, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct) =>
                    DeleteAsync(kind, promotion_id, caller, db, outbox, clock, ct))
                .WithName($"Delete{prefix}Promotion").WithAccess(AccessRule.Org(Permission.ManageOffers));
        }
        return app;
    }

    static async Task<Results<Ok<List<PromotionOut>>, ProblemHttpResult>> ListAsync(
        Kind kind, string offerId, Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(offerId, out var id)) return OfferNotFound(kind);
        await using var conn = await db.OpenConnectionAsync(ct);
        var org = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            $"SELECT organization_id FROM offers.{kind.OfferTable} WHERE id = @id", new { id }, cancellationToken: ct));
        if (org is not { } o || !caller.Can(o, Permission.View)) return OfferNotFound(kind);
        var rows = await conn.QueryAsync<PromotionRow>(new CommandDefinition(
            $"{PromotionRow.Select} WHERE p.{kind.Column} = @id ORDER BY p.id", new { id }, cancellationToken: ct));
        var now = DatabaseTime.Now(clock);
        return TypedResults.Ok(rows.Select(r => r.ToOut(now)).ToList());
    }

    static async Task<Results<Created<PromotionOut>, ProblemHttpResult>> CreateAsync(
        Kind kind, string offerId, PromotionRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(offerId, out var id)) return OfferNotFound(kind);
        var now = DatabaseTime.Now(clock);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var offer = await LockOfferAsync(conn, tx, kind, id, ct);
        if (offer is null || !caller.Can(offer.OrganizationId, Permission.ManageOffers)) return OfferNotFound(kind);

        var v = new Validation();
        if (body.OfferId is not null && !(ShortId.TryParse(body.OfferId, out var sent) && sent == id))
            v.Add("offer_id", "Must be the offer in the path, or omitted.");
        decimal price = 0;
        if (body.PromotionalPrice is not { ValueKind: not System.Text.Json.JsonValueKind.Null } priceElement) v.Add("promotional_price", "Required.");
        else if (OfferInput.Major(priceElement, v, "promotional_price") is { } p)
        {
            price = p;
            OfferInput.CheckAmount("promotional_price", p, offer.PriceCurrency, v);
        }
        if (body.StartDate is null) v.Add("start_date", "Required.");
        if (body.EndDate is null) v.Add("end_date", "Required.");
        var start = PromotionInput.Date("start_date", body.StartDate, endOfDay: false, v);
        var end = PromotionInput.Date("end_date", body.EndDate, endOfDay: true, v);
        if (start is { } s && end is { } e && e <= s) v.Add("end_date", "Must be after start_date.");
        var type = PromotionInput.Type(body.PromotionType, v) ?? PromotionType.Default;
        var description = v.Optional("description", body.Description, PromotionInput.MaxDescriptionLength);
        var metadata = Metadata.ForCreate(body.Metadata, v);
        if (!v.IsValid) return v.ToProblem();

        var promotion = new PromotionRow
        {
            Id = ShortId.NewGuid(), OrganizationId = offer.OrganizationId,
            InStoreOfferId = kind.IsInStore ? id : null, OnlineOfferId = kind.IsInStore ? null : id,
            PromotionalPrice = price, StartDate = start!.Value, EndDate = end!.Value, PromotionType = type, Description = description,
            IsActive = body.IsActive ?? true, Metadata = Metadata.ToJson(metadata), CreatedAt = now, UpdatedAt = now,
            Currency = offer.PriceCurrency,
        };
        const string sql = """
            INSERT INTO offers.promotions (id, organization_id, in_store_offer_id, online_offer_id, promotional_price, start_date, end_date,
                promotion_type, description, is_active, metadata, created_at, updated_at)
            VALUES (@Id, @OrganizationId, @InStoreOfferId, @OnlineOfferId, @PromotionalPrice, @StartDate, @EndDate,
                @PromotionType, @Description, @IsActive, @Metadata::jsonb, @CreatedAt, @UpdatedAt)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, promotion, tx, cancellationToken: ct));
        await RepublishAsync(conn, tx, outbox, kind, id, offer.UpdatedAt, clock, ct);
        await tx.CommitAsync(ct);
        var result = promotion.ToOut(now);
        return TypedResults.Created($"{kind.PromotionsPath}/{result.Id}", result);
    }

    static async Task<Results<Ok<PromotionOut>, ProblemHttpResult>> UpdateAsync(
        Kind kind, string promotionId, PromotionRequest body, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(promotionId, out var id)) return PromotionNotFound();
        var now = DatabaseTime.Now(clock);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (promotion, offer) = await LockAsync(conn, tx, kind, id, ct);
        if (promotion is null || offer is null || !caller.Can(offer.OrganizationId, Permission.ManageOffers)) return PromotionNotFound();

        var v = new Validation();
        if (body.OfferId is not null && !(ShortId.TryParse(body.OfferId, out var sent) && sent == promotion.OfferId))
            v.Add("offer_id", "Cannot be changed; create a promotion on the other offer instead.");
        if (body.PromotionalPrice is { ValueKind: not System.Text.Json.JsonValueKind.Null } priceElement
            && OfferInput.Major(priceElement, v, "promotional_price") is { } p)
        {
            OfferInput.CheckAmount("promotional_price", p, promotion.Currency, v);
            promotion.PromotionalPrice = p;
        }
        if (PromotionInput.Date("start_date", body.StartDate, endOfDay: false, v) is { } start) promotion.StartDate = start;
        if (PromotionInput.Date("end_date", body.EndDate, endOfDay: true, v) is { } end) promotion.EndDate = end;
        if (v.IsValid && promotion.EndDate <= promotion.StartDate) v.Add("end_date", "Must be after start_date.");
        if (PromotionInput.Type(body.PromotionType, v) is { } type) promotion.PromotionType = type;
        if (body.Description is not null) promotion.Description = v.Optional("description", body.Description, PromotionInput.MaxDescriptionLength);
        promotion.IsActive = body.IsActive ?? promotion.IsActive;
        promotion.Metadata = Metadata.ToJson(Metadata.Merge(Metadata.FromJson(promotion.Metadata), body.Metadata, v));
        if (!v.IsValid) return v.ToProblem();
        promotion.UpdatedAt = DatabaseTime.After(promotion.UpdatedAt, clock);

        const string sql = """
            UPDATE offers.promotions SET promotional_price = @PromotionalPrice, start_date = @StartDate, end_date = @EndDate,
                promotion_type = @PromotionType, description = @Description, is_active = @IsActive, metadata = @Metadata::jsonb, updated_at = @UpdatedAt
            WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, promotion, tx, cancellationToken: ct));
        await RepublishAsync(conn, tx, outbox, kind, promotion.OfferId, offer.UpdatedAt, clock, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(promotion.ToOut(now));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Kind kind, string promotionId, Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortId.TryParse(promotionId, out var id)) return PromotionNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (promotion, offer) = await LockAsync(conn, tx, kind, id, ct);
        if (promotion is null || offer is null || !caller.Can(offer.OrganizationId, Permission.ManageOffers)) return PromotionNotFound();
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM offers.promotions WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await RepublishAsync(conn, tx, outbox, kind, promotion.OfferId, offer.UpdatedAt, clock, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The promotion of this kind and its offer (locked, offer first as every offer write does); nulls when missing.</summary>
    static async Task<(PromotionRow?, OfferHead?)> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Kind kind, Guid id, CancellationToken ct)
    {
        var offerId = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            $"SELECT {kind.Column} FROM offers.promotions WHERE id = @id AND {kind.Column} IS NOT NULL", new { id }, tx, cancellationToken: ct));
        if (offerId is not { } o) return (null, null);
        var offer = await LockOfferAsync(conn, tx, kind, o, ct);
        var promotion = await conn.QuerySingleOrDefaultAsync<PromotionRow>(new CommandDefinition(
            $"{PromotionRow.Select} WHERE p.id = @id FOR UPDATE OF p", new { id }, tx, cancellationToken: ct));
        return (promotion, offer);
    }

    static Task<OfferHead?> LockOfferAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Kind kind, Guid id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<OfferHead?>(new CommandDefinition(
            $"SELECT organization_id, price_currency, updated_at FROM offers.{kind.OfferTable} WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));

    /// <summary>
    /// Locks the offer and re-publishes it (the sweeper, when a promotion window opened or closed); false
    /// when the offer no longer exists.
    /// </summary>
    public static async Task<bool> RepublishOfferAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Outbox outbox, Kind kind, Guid offerId,
        TimeProvider clock, CancellationToken ct)
    {
        var offer = await LockOfferAsync(conn, tx, kind, offerId, ct);
        if (offer is null) return false;
        await RepublishAsync(conn, tx, outbox, kind, offerId, offer.UpdatedAt, clock, ct);
        return true;
    }

    /// <summary>
    /// Moves the offer's version forward and publishes it with its new effective price; records which of
    /// its promotions that price counted (<c>published_running</c>), for the sweeper.
    /// </summary>
    static async Task RepublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Outbox outbox, Kind kind, Guid offerId,
        DateTimeOffset previous, TimeProvider clock, CancellationToken ct)
    {
        var updatedAt = DatabaseTime.After(previous, clock);
        var now = DatabaseTime.Now(clock);
        await conn.ExecuteAsync(new CommandDefinition($"UPDATE offers.{kind.OfferTable} SET updated_at = @updatedAt WHERE id = @offerId",
            new { updatedAt, offerId }, tx, cancellationToken: ct));
        if (kind.IsInStore)
        {
            var offer = await InStoreOffersApi.LockAsync(conn, tx, offerId, now, ct);
            await outbox.AddAsync(conn, tx, offer!.ToUpserted(now), ct);
        }
        else
        {
            var offer = await OnlineOffersApi.LockAsync(conn, tx, offerId, now, ct);
            await outbox.AddAsync(conn, tx, offer!.ToUpserted(now), ct);
        }
        await conn.ExecuteAsync(new CommandDefinition($$"""
            UPDATE offers.promotions SET published_running = (is_active AND start_date <= @now AND end_date >= @now)
            WHERE {{kind.Column}} = @offerId
            """, new { now, offerId }, tx, cancellationToken: ct));
    }

    static ProblemHttpResult OfferNotFound(Kind kind) =>
        Problems.NotFound(kind.IsInStore ? "No in-store offer with this offer_id." : "No online offer with this offer_id.");

    static ProblemHttpResult PromotionNotFound() => Problems.NotFound("No promotion with this promotion_id.");

    sealed class OfferHead
    {
        public Guid OrganizationId { get; init; }
        public string PriceCurrency { get; init; } = "";
        public DateTimeOffset UpdatedAt { get; init; }
    }
}
