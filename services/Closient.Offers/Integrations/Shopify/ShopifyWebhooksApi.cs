using System.Globalization;
using System.Text.Json;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Messaging;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Offers.Integrations.Shopify;

/// <summary>
/// Shopify's webhook deliveries (public: Shopify has no key). The raw body's HMAC-SHA256 under the app secret
/// must equal <c>X-Shopify-Hmac-Sha256</c> (base64, constant-time), else 401 and nothing changes. Each
/// delivery (<c>X-Shopify-Webhook-Id</c>, else <c>X-Shopify-Event-Id</c>) is recorded in the same transaction
/// as its effect, so a redelivery changes nothing. Topics: <c>inventory_levels/update</c> (quantity; 0 →
/// out_of_stock), <c>products/update</c> (variants, prices of existing offers), <c>app/uninstalled</c>
/// (source disconnected); others, and shops Closient does not know, are acknowledged and ignored (a
/// non-2xx would make Shopify retry and eventually drop the subscription).
/// </summary>
public static class ShopifyWebhooksApi
{
    const int MaxBody = 1024 * 1024;

    public sealed record WebhookOut(string Status, string? Detail = null);

    public static IEndpointRouteBuilder MapShopifyWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(ShopifyOAuthApi.WebhooksPath, Receive).WithTags("Shopify").WithName("ShopifyWebhook").WithAccess(AccessRule.Public)
            .DisableAntiforgery();
        return app;
    }

    static async Task<Results<Ok<WebhookOut>, ProblemHttpResult>> Receive(HttpRequest request, IOptions<ShopifyOptions> options,
        NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.IsConfigured) return Problems.Create(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", "The Shopify integration is not configured.");
        if (request.ContentLength > MaxBody) return Unauthorized();
        var body = await ReadBodyAsync(request, ct);
        if (body is null || !ShopifySignatures.VerifyBody(body, request.Headers["X-Shopify-Hmac-Sha256"].FirstOrDefault(), o.ApiSecret))
            return Unauthorized();

        var topic = request.Headers["X-Shopify-Topic"].FirstOrDefault() ?? "";
        var shop = ShopDomain.Normalize(request.Headers["X-Shopify-Shop-Domain"].FirstOrDefault());
        var delivery = request.Headers["X-Shopify-Webhook-Id"].FirstOrDefault() ?? request.Headers["X-Shopify-Event-Id"].FirstOrDefault();
        if (shop is null || topic.Length is 0 or > 100 || string.IsNullOrWhiteSpace(delivery) || delivery.Length > 200)
            return Problems.BadRequest("X-Shopify-Topic, X-Shopify-Shop-Domain and X-Shopify-Webhook-Id are required.");
        JsonElement payload;
        try
        {
            payload = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return Problems.BadRequest("The body is not JSON.");
        }
        if (payload.ValueKind != JsonValueKind.Object) return Problems.BadRequest("The body is not a JSON object.");

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return TypedResults.Ok(await ApplyAsync(db, outbox, clock, shop, topic, delivery, payload, ct));
            }
            catch (PosWriteConflictException) when (attempt < 3)
            {
            }
        }
    }

    static async Task<WebhookOut> ApplyAsync(NpgsqlDataSource db, Outbox outbox, TimeProvider clock, string shop, string topic, string delivery,
        JsonElement payload, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var source = await conn.QuerySingleOrDefaultAsync<Source>(new CommandDefinition(
            "SELECT id, organization_id, status FROM offers.inventory_sources WHERE provider = 'shopify' AND shop_domain = @shop FOR UPDATE",
            new { shop }, tx, cancellationToken: ct));
        if (source is null) return new WebhookOut("ignored", "Unknown shop.");
        if (await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO offers.webhook_deliveries (provider, delivery_id, topic, shop_domain, received_at)
                VALUES ('shopify', @delivery, @topic, @shop, @now) ON CONFLICT DO NOTHING
                """, new { delivery, topic, shop, now = DatabaseTime.Now(clock) }, tx, cancellationToken: ct)) == 0)
            return new WebhookOut("duplicate");

        var result = topic switch
        {
            "inventory_levels/update" => await InventoryLevelAsync(conn, tx, outbox, clock, source, payload, ct),
            "products/update" => await ProductAsync(conn, tx, outbox, clock, source, payload, ct),
            "app/uninstalled" => await UninstalledAsync(conn, tx, clock, source, ct),
            _ => new WebhookOut("ignored", "Topic not handled."),
        };
        await tx.CommitAsync(ct);
        return result;
    }

    static async Task<WebhookOut> InventoryLevelAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Outbox outbox, TimeProvider clock,
        Source source, JsonElement p, CancellationToken ct)
    {
        if (Id(p, "inventory_item_id") is not { } itemId || Id(p, "location_id") is not { } locationId)
            return new WebhookOut("ignored", "inventory_item_id and location_id are required.");
        int? available = p.TryGetProperty("available", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetInt32(out var n) ? Math.Max(n, 0) : null;
        if (available is null) return new WebhookOut("ignored", "No available quantity (untracked inventory).");
        DateTimeOffset? asOf = p.TryGetProperty("updated_at", out var u) && u.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(u.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at.ToUniversalTime() : null;

        var item = await PosItems.FindAsync(conn, tx, source.Id, itemId, ct);
        if (item?.Gtin is null) return new WebhookOut("skipped", "Unknown variant or no GTIN barcode; the next sync picks it up.");
        var store = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            SELECT physical_store_id FROM offers.inventory_source_locations
            WHERE inventory_source_id = @Id AND external_location_id = @locationId AND physical_store_id IS NOT NULL
            """, new { source.Id, locationId }, tx, cancellationToken: ct));
        if (store is null) return new WebhookOut("skipped", "The location is not mapped to a physical store.");
        var write = await PosOfferWriter.ApplyAsync(conn, tx, outbox, clock,
            new PosStock(source.OrganizationId, store.Value, item.Gtin, item.OfferSku, null, available, asOf), createMissing: true, ct);
        return new WebhookOut(write is PosWrite.Created or PosWrite.Updated ? "applied" : "skipped", write.ToString().ToLowerInvariant());
    }

    static async Task<WebhookOut> ProductAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Outbox outbox, TimeProvider clock,
        Source source, JsonElement p, CancellationToken ct)
    {
        ShopifyProduct? product;
        try
        {
            product = p.Deserialize<ShopifyProduct>(ShopifyClient.Json);
        }
        catch (JsonException)
        {
            return new WebhookOut("ignored", "Not a product.");
        }
        if (product is null || product.Id == 0) return new WebhookOut("ignored", "Not a product.");
        var stores = (await conn.QueryAsync<Guid>(new CommandDefinition("""
            SELECT physical_store_id FROM offers.inventory_source_locations WHERE inventory_source_id = @Id AND physical_store_id IS NOT NULL
            """, new { source.Id }, tx, cancellationToken: ct))).ToList();
        var updated = 0;
        foreach (var variant in product.Variants ?? [])
        {
            var item = PosItems.From(product.Id, variant);
            await PosItems.SaveAsync(conn, tx, source.Id, item, ct);
            if (item.Gtin is null || item.Price is null) continue;
            foreach (var store in stores)
                if (await PosOfferWriter.ApplyAsync(conn, tx, outbox, clock,
                        new PosStock(source.OrganizationId, store, item.Gtin, item.OfferSku, item.Price, null, null), createMissing: false, ct) == PosWrite.Updated)
                    updated++;
        }
        return new WebhookOut("applied", $"{updated} offers updated.");
    }

    static async Task<WebhookOut> UninstalledAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider clock, Source source, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE offers.inventory_sources SET status = 'disconnected', webhook_ids = '{}', updated_at = @now WHERE id = @Id",
            new { source.Id, now = DatabaseTime.Now(clock) }, tx, cancellationToken: ct));
        return new WebhookOut("applied", "Disconnected.");
    }

    static string? Id(JsonElement p, string name) =>
        p.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var id) && id > 0
            ? id.ToString(CultureInfo.InvariantCulture) : null;

    static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBody) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    static ProblemHttpResult Unauthorized() =>
        Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", "The webhook's X-Shopify-Hmac-Sha256 signature is missing or wrong.");

    sealed class Source
    {
        public Guid Id { get; init; }
        public Guid OrganizationId { get; init; }
        public string Status { get; init; } = "";
    }
}
