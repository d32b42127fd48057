using System.Security.Cryptography;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Offers.Integrations.Shopify;

/// <summary>
/// The Shopify OAuth install flow (spec/offers.md §7). <c>install</c> (ManageOffers on <c>organization_id</c>)
/// answers the authorize URL with a signed, expiring, single-use <c>state</c>; the public <c>callback</c>
/// verifies Shopify's <c>hmac</c> and the state before anything else, exchanges the code for an access
/// token (stored encrypted), provisions the inventory source and webhook subscriptions, and starts a sync.
/// </summary>
public static class ShopifyOAuthApi
{
    public const string CallbackPath = "/integrations/shopify/callback", WebhooksPath = "/integrations/shopify/webhooks";
    public static readonly string[] WebhookTopics = ["inventory_levels/update", "products/update", "app/uninstalled"];

    public static IEndpointRouteBuilder MapShopifyOAuthApi(this IEndpointRouteBuilder app)
    {
        var shopify = app.MapGroup("/integrations/shopify").WithTags("Shopify");
        shopify.MapGet("/install", Install).WithName("ShopifyInstall").WithAccess(AccessRule.Org(Permission.ManageOffers));
        shopify.MapGet("/callback", Callback).WithName("ShopifyCallback").WithAccess(AccessRule.Public);
        return app;
    }

    public sealed record InstallOut(string AuthorizeUrl, string State, DateTimeOffset ExpiresAt);

    public sealed record CallbackOut(InventorySourceOut InventorySource, string? JobId);

    /// <summary>302 to Shopify's consent screen; with <c>Accept: application/json</c> (API clients, agents) 200 with the URL instead.</summary>
    static IResult Install(
        [FromQuery(Name = "shop")] string? shop, [FromQuery(Name = "organization_id")] string? organizationId,
        Caller caller, HttpRequest request, IOptions<ShopifyOptions> options, TimeProvider clock)
    {
        if (!caller.TryOrganization(organizationId ?? "", Permission.ManageOffers, out var orgId)) return Problems.OrganizationNotFound();
        var o = options.Value;
        var domain = ShopDomain.Normalize(shop);
        if (domain is null) return Problems.Validation("shop", "A Shopify shop domain: {name}.myshopify.com.");
        if (!o.IsConfigured) return NotConfigured();

        var expires = DatabaseTime.Now(clock).AddMinutes(o.StateMinutes);
        var state = new OAuthStateSigner(o.TokenKeyBytes()!).Sign(
            new OAuthState(orgId, domain, expires, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));
        var url = new Uri(o.ShopBase(domain), "admin/oauth/authorize") + QueryString.Create(new Dictionary<string, string?>
        {
            ["client_id"] = o.ApiKey, ["scope"] = o.Scopes, ["redirect_uri"] = AppUrl(o, request) + CallbackPath, ["state"] = state,
        }).ToString();
        var wantsJson = request.GetTypedHeaders().Accept.Any(a => a.MediaType.Value is "application/json");
        return wantsJson ? TypedResults.Ok(new InstallOut(url, state, expires)) : TypedResults.Redirect(url);
    }

    static async Task<IResult> Callback(HttpRequest request, IOptions<ShopifyOptions> options, ShopifyClient shopify,
        NpgsqlDataSource db, SyncJobs jobs, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.IsConfigured) return NotConfigured();
        // 1. Shopify's signature over every parameter, before anything else is looked at.
        var parameters = request.Query.Where(q => q.Value.Count == 1).Select(q => KeyValuePair.Create(q.Key, q.Value[0] ?? "")).ToList();
        if (request.Query.Any(q => q.Value.Count != 1) || !ShopifySignatures.VerifyQuery(parameters, request.Query["hmac"].FirstOrDefault(), o.ApiSecret))
            return Unauthorized("The request is not signed by Shopify (hmac).");
        // 2. Our state: signed, not expired, for this shop, and not used before.
        var now = DatabaseTime.Now(clock);
        var state = new OAuthStateSigner(o.TokenKeyBytes()!).Verify(request.Query["state"].FirstOrDefault(), now);
        var shop = ShopDomain.Normalize(request.Query["shop"].FirstOrDefault());
        if (state is null || shop is null || state.Shop != shop) return Unauthorized("The state is invalid or expired; start the install again.");
        var code = request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(code) || code.Length > 500) return Problems.Validation("code", "Required.");

        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.ExecuteAsync(new CommandDefinition(
                "INSERT INTO offers.oauth_states_used (nonce, used_at) VALUES (@Nonce, @now) ON CONFLICT DO NOTHING",
                new { state.Nonce, now }, cancellationToken: ct)) == 0)
            return Unauthorized("This state was already used; start the install again.");

        ShopifyToken token;
        try
        {
            token = await shopify.ExchangeCodeAsync(shop, code, ct);
        }
        catch (ShopifyException e) when (e.Status is >= 400 and < 500)
        {
            return Problems.BadRequest("Shopify refused the authorization code; start the install again.");
        }
        catch (ShopifyException e)
        {
            return Problems.Create(StatusCodes.Status502BadGateway, "Bad Gateway", "Shopify did not answer the code exchange: " + e.Message);
        }

        var protector = new TokenProtector(o.TokenKeyBytes()!);
        Guid sourceId;
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var existing = await conn.QuerySingleOrDefaultAsync<(Guid Id, Guid OrganizationId)?>(new CommandDefinition(
                "SELECT id, organization_id FROM offers.inventory_sources WHERE provider = 'shopify' AND shop_domain = @shop FOR UPDATE",
                new { shop }, tx, cancellationToken: ct));
            if (existing is { } e && e.OrganizationId != state.OrganizationId)
                return Problems.Conflict("This shop is connected to another organization; disconnect it there first.");
            sourceId = existing?.Id ?? ShortId.NewGuid();
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO offers.inventory_sources (id, organization_id, provider, shop_domain, access_token_encrypted, scopes, status, created_at, updated_at)
                VALUES (@sourceId, @org, 'shopify', @shop, @token, @scope, 'connected', @now, @now)
                ON CONFLICT (provider, shop_domain) DO UPDATE
                SET access_token_encrypted = EXCLUDED.access_token_encrypted, scopes = EXCLUDED.scopes, status = 'connected', updated_at = EXCLUDED.updated_at
                """, new { sourceId, org = state.OrganizationId, shop, token = protector.Protect(token.AccessToken, shop), scope = token.Scope, now },
                tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }

        // Webhook subscriptions (already existing ones are fine); a failure leaves the source connected and is logged.
        var webhookIds = new List<string>();
        foreach (var topic in WebhookTopics)
        {
            try
            {
                if (await shopify.CreateWebhookAsync(shop, token.AccessToken, topic, AppUrl(o, request) + WebhooksPath, ct) is { } id) webhookIds.Add(id);
            }
            catch (ShopifyException e)
            {
                logs.CreateLogger(typeof(ShopifyOAuthApi)).LogWarning("Subscribing {Shop} to {Topic} failed: {Message}", shop, topic, e.Message);
            }
        }
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE offers.inventory_sources SET webhook_ids = ARRAY(SELECT DISTINCT unnest(webhook_ids || @webhookIds)) WHERE id = @sourceId
            """, new { sourceId, webhookIds = webhookIds.ToArray() }, cancellationToken: ct));

        var jobId = await jobs.EnqueueAsync(state.OrganizationId, sourceId, ct) ?? await jobs.ActiveAsync(sourceId, ct);
        var source = await conn.QuerySingleAsync<InventorySourceRow>(new CommandDefinition(
            $"{InventorySourceRow.Select} WHERE s.id = @sourceId", new { sourceId }, cancellationToken: ct));
        var locations = await conn.QueryAsync<LocationRow>(new CommandDefinition("""
            SELECT inventory_source_id, external_location_id, name, physical_store_id FROM offers.inventory_source_locations
            WHERE inventory_source_id = @sourceId ORDER BY length(external_location_id), external_location_id
            """, new { sourceId }, cancellationToken: ct));
        var job = jobId is { } j ? ShortId.Encode(j) : null;
        if (o.ReturnUrl.Length > 0)
            return TypedResults.Redirect(o.ReturnUrl + QueryString.Create(new Dictionary<string, string?>
                { ["inventory_source_id"] = ShortId.Encode(sourceId), ["job_id"] = job }));
        return TypedResults.Ok(new CallbackOut(source.ToOut(locations), job));
    }

    static string AppUrl(ShopifyOptions o, HttpRequest request) =>
        o.AppUrl.Length > 0 ? o.AppUrl.TrimEnd('/') : $"{request.Scheme}://{request.Host}";

    static ProblemHttpResult Unauthorized(string detail) => Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    static ProblemHttpResult NotConfigured() =>
        Problems.Create(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", "The Shopify integration is not configured.");
}
