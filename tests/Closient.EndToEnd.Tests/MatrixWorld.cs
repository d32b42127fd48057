using System.Net.Http.Json;
using System.Text.Json;
using Closient.Accounts.Bootstrap;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.Testing;
using Dapper;
using Npgsql;

namespace Closient.EndToEnd.Tests;

/// <summary>One caller of the role matrix: its key, and its role in the matrix organization (null: not a member).</summary>
public sealed record MatrixCaller(string Name, HttpClient Client, string? Role, bool IsPublishable)
{
    public override string ToString() => Name;
}

/// <summary>
/// The people of the generated role matrix: a fresh organization with a real user (and csu key) for
/// each membership role, a user of another organization, and a publishable key of the organization,
/// all verified by the gateway like any client's. Users are created with the accounts bootstrap (a
/// fresh user has no key otherwise) and join by invitation through the API. Resources that paths
/// name are seeded through the API as the owner; <see cref="ValueAsync"/> is the one table of
/// path parameters, and fails loudly for a parameter it does not know.
/// </summary>
public sealed class MatrixWorld
{
    readonly SystemFixture _system;
    readonly Dictionary<string, string> _shared = [];
    string? _nutritionGtin;

    MatrixWorld(SystemFixture system) => _system = system;

    public string Organization { get; private set; } = "";
    public MatrixCaller Owner => Callers[0];
    public List<MatrixCaller> Callers { get; } = [];
    public (double Lat, double Lon) Point { get; } = TestData.RandomPoint();
    GatewayClient Api => new(Owner.Client);

    public static async Task<MatrixWorld> CreateAsync(SystemFixture system)
    {
        var world = new MatrixWorld(system);
        DapperConventions.Apply();
        await using var db = new NpgsqlDataSourceBuilder(system.DatabaseAdmin).Build();
        var run = Guid.NewGuid().ToString("N")[..8];
        async Task<BootstrapResult> UserAsync(string who, string organization) =>
            await AccountsBootstrap.RunAsync(db, $"matrix-{who}-{run}@example.com", organization, "US", TimeProvider.System, default);

        var owner = await UserAsync(Roles.Owner, "Matrix " + run);
        world.Organization = Closient.ServiceDefaults.Http.ShortId.Encode(owner.OrganizationId);
        var users = new List<(string Role, BootstrapResult User)> { (Roles.Owner, owner) };
        foreach (var role in Roles.MembershipRoles.Where(r => r != Roles.Owner))
            users.Add((role, await UserAsync(role, $"Home of the {role} {run}")));
        var outsider = await UserAsync("outsider", "Elsewhere " + run);

        // Unused keys, so the gateway has cached nothing yet: lift their limits (the matrix makes hundreds of calls a key).
        await using (var conn = await db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE accounts.api_keys SET rate_limit_per_minute = 1000000, rate_limit_per_day = 1000000000 WHERE user_id = ANY(@ids)",
                new { ids = users.Select(u => u.User.UserId).Append(outsider.UserId).ToArray() });

        world.Callers.Add(new MatrixCaller(Roles.Owner, system.GatewayWith(owner.UserKey), Roles.Owner, false));
        foreach (var (role, user) in users.Skip(1))
        {
            var invited = await world.Owner.Client.PostAsJsonAsync($"/account/api/v1/organizations/{world.Organization}/members",
                new { email = $"matrix-{role}-{run}@example.com", role });
            Assert.True(invited.IsSuccessStatusCode, $"inviting the {role}: {(int)invited.StatusCode} {await invited.Content.ReadAsStringAsync()}");
            world.Callers.Add(new MatrixCaller(role, system.GatewayWith(user.UserKey), role, false));
        }
        world.Callers.Add(new MatrixCaller("another organization's owner", system.GatewayWith(outsider.UserKey), null, false));

        var cpk = await world.Owner.Client.PostAsJsonAsync($"/account/api/v1/organizations/{world.Organization}/api-keys",
            new { name = "matrix publishable", role = "readonly", key_type = "cpk", rate_limit_per_minute = 1_000_000, rate_limit_per_day = 1_000_000_000 });
        var cpkKey = (await cpk.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        world.Callers.Add(new MatrixCaller("publishable key", system.GatewayWith(cpkKey), null, true));
        return world;
    }

    /// <summary>
    /// A value for <paramref name="parameter"/> of <paramref name="template"/>: the matrix organization or a
    /// resource of it (made under the values already chosen for the path's <paramref name="earlier"/>
    /// parameters, such as the product a certification is assigned to). <paramref name="fresh"/> makes a
    /// new resource (for a delete that is expected to succeed); otherwise one per kind is made once and shared.
    /// </summary>
    public async Task<string> ValueAsync(string template, string parameter, bool fresh, IReadOnlyDictionary<string, string> earlier)
    {
        switch (parameter)
        {
            case "id" when template.EndsWith("/organizations/{id}", StringComparison.Ordinal):
                return fresh ? await NewOrganizationAsync() : Organization;
            case "organization_id" or "organizationId" or "org_id":
                return Organization;
            case "id" when template.StartsWith("/products/api/v1/browse/products/", StringComparison.Ordinal):
                return (await NewProductAsync()).GetProperty("id").GetString()!;
            case "id" when template.StartsWith("/certifications/api/v1/certifications/", StringComparison.Ordinal):
                return UsdaOrganic; // a platform definition: every key may read it
            case "gtin" when template.EndsWith("/nutrition", StringComparison.Ordinal):
                // GET answers 404 for a product without a panel: these paths get a product that has one.
                return fresh ? await NewProductWithNutritionAsync() : _nutritionGtin ??= await NewProductWithNutritionAsync();
            case "id" when template.StartsWith("/certifications/api/v1/certification-bodies/", StringComparison.Ordinal):
                return "01936b2e-0000-7000-8000-000000000001"; // a platform certification body: every key may read it
        }
        // Some parameter names mean different resources in different paths (an in-store or an online offer).
        var online = template.Contains("/online-", StringComparison.Ordinal);
        var key = online ? "online:" + parameter : parameter;
        Func<Task<string>> seed = parameter switch
        {
            "brandId" => NewBrandAsync,
            "imageId" => async () => await NewImageAsync(earlier.TryGetValue("gtin", out var gtin) ? gtin : (await NewProductAsync()).GetProperty("gtin").GetString()!),
            "taskId" => NewBulkQrJobAsync,
            "rule_id" => () => IdOfCreatedAsync($"/resolver/api/v1/organizations/{Organization}/resolution-rules",
                new { scope_type = "ORGANIZATION", order_index = Random.Shared.Next(1, 1_000_000), destination_type = "HOSTED_PAGE" }),
            "certificationId" => () => IdOfCreatedAsync($"/certifications/api/v1/products/{earlier["gtin"]}/certifications", new { certification_id = UsdaOrganic }),
            "claimId" => () => IdOfCreatedAsync($"/certifications/api/v1/products/{earlier["gtin"]}/claims",
                new { label = "Non-GMO", code = "NON_GMO_" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(), category = "DIETARY", source = "BRAND_SELF_DECLARED" }),
            "recall_id" => () => IdOfCreatedAsync($"/products/api/v1/products/{earlier["gtin"]}/recalls",
                new { title = "Matrix recall", recall_date = "2026-01-15", source_system = "FDA", status = "COMPLETED" }),
            "hierarchy_link_id" => async () => await IdOfCreatedAsync($"/products/api/v1/products/{earlier["gtin"]}/hierarchy",
                new { child_gtin = (await NewProductAsync()).GetProperty("gtin").GetString(), quantity = 6, hierarchy_level = "CASE" }),
            "bodyId" => () => IdOfCreatedAsync("/certifications/api/v1/certification-bodies",
                new { organization_id = Organization, name = "Matrix body " + Guid.NewGuid().ToString("N")[..8] }),
            "prefix" => () => IdOfCreatedAsync($"/products/api/v1/organizations/{Organization}/gs1-prefixes",
                new { prefix = "7" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) }, "prefix"),
            "key_id" => NewKeyAsync,
            "member_id" => NewMemberAsync,
            "gtin" => async () => (await NewProductAsync()).GetProperty("gtin").GetString()!,
            "locationId" or "location_id" => async () => (await NewLocationAsync()).GetProperty("id").GetString()!,
            "offer_id" when online => NewOnlineOfferAsync,
            "offer_id" => NewOfferAsync,
            "retailer_id" => NewRetailerAsync,
            "store_id" when online => NewOnlineStoreAsync,
            "store_id" => NewPhysicalStoreAsync,
            "promotion_id" when online => async () => await NewPromotionAsync("online-offers", await NewOnlineOfferAsync()),
            "promotion_id" => async () => await NewPromotionAsync("in-store-offers", await NewOfferAsync()),
            "sessionId" => NewSessionAsync,
            "key" when template.StartsWith("/search/", StringComparison.Ordinal) => () => Task.FromResult("color"),
            "source_id" => NewInventorySourceAsync,
            "job_id" => NewSyncJobAsync,
            "serial_number" => () => Task.FromResult("MATRIX-SN1"),
            _ => throw new InvalidOperationException(
                $"The role matrix has no seed for {{{parameter}}} in {template}: add one to MatrixWorld.ValueAsync."),
        };
        if (fresh) return await seed();
        key += "|" + string.Join("|", earlier.Values);
        if (!_shared.TryGetValue(key, out var value)) _shared[key] = value = await seed();
        return value;
    }

    /// <summary>Query parameters a request needs to be meaningful (a list's organization, a point to search around).</summary>
    public string? QueryValue(string name) => name switch
    {
        "organization_id" => Organization,
        "lat" or "latitude" => Point.Lat.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "lon" or "longitude" => Point.Lon.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "q" or "query" => "milk",
        _ => null,
    };

    async Task<string> NewOrganizationAsync()
    {
        var response = await Owner.Client.PostAsJsonAsync("/account/api/v1/organizations", new { name = "Matrix throwaway", country = "US" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        // The gateway learns the new membership from MembershipChanged; wait until the owner's key acts for it.
        await Eventually.TrueAsync(async () => (await Owner.Client.GetStringAsync("/account/api/v1/whoami")).Contains(id),
            TimeSpan.FromSeconds(10), "the owner's key acts for the new organization");
        return id;
    }

    async Task<string> NewKeyAsync() => await IdOfCreatedAsync($"/account/api/v1/organizations/{Organization}/api-keys", new { name = "matrix target" });

    async Task<string> NewMemberAsync() =>
        await IdOfCreatedAsync($"/account/api/v1/organizations/{Organization}/members", new { email = $"target-{Guid.NewGuid():N}@example.com", role = Roles.Viewer });

    Task<JsonElement> NewProductAsync() => Api.CreateProductAsync(TestData.NewGtin13(), Organization, "Matrix Milk 1L");

    async Task<string> NewProductWithNutritionAsync()
    {
        var gtin = (await NewProductAsync()).GetProperty("gtin").GetString()!;
        var response = await Owner.Client.PutAsJsonAsync($"/products/api/v1/products/{gtin}/nutrition",
            new { serving_size = "100 ml", label_format = "EU", nutrients = new[] { new { name = "Fat", amount = 1.5 } } });
        Assert.True(response.IsSuccessStatusCode, $"seeding a nutrition panel: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return gtin;
    }

    Task<JsonElement> NewLocationAsync() => Api.CreateLocationAsync(Organization, "Matrix Store", Point.Lat, Point.Lon);

    async Task<string> NewOfferAsync()
    {
        var product = await NewProductAsync();
        var store = await NewLocationAsync();
        var offer = await Api.CreateOfferAsync(Organization, product.GetProperty("id").GetString()!, store.GetProperty("id").GetString()!,
            "SKU-" + Guid.NewGuid().ToString("N")[..8], 1.99m, 3);
        return offer.GetProperty("id").GetString()!;
    }

    async Task<string> NewRetailerAsync() =>
        await IdOfCreatedAsync($"/retailers/api/v1/organizations/{Organization}/retailers", new { name = "Matrix Retailer" });

    /// <summary>A physical store at a new location (so a delete of it finds no offers).</summary>
    async Task<string> NewPhysicalStoreAsync()
    {
        var location = await NewLocationAsync();
        return (await Api.CreatePhysicalStoreAsync(Organization, location.GetProperty("id").GetString()!)).GetProperty("id").GetString()!;
    }

    async Task<string> NewOnlineStoreAsync() =>
        await IdOfCreatedAsync($"/retailers/api/v1/organizations/{Organization}/online-stores",
            new { retailer_id = await Api.RetailerAsync(Organization), name = "Matrix Web Shop", url = "https://matrix.example.com", currency = "USD" });

    async Task<string> NewOnlineOfferAsync()
    {
        var product = (await NewProductAsync()).GetProperty("id").GetString()!;
        var store = await NewOnlineStoreAsync();
        string? id = null;
        // Offers learns the product from the catalog's event: retry its 404 for a few moments.
        await Eventually.TrueAsync(async () =>
        {
            var response = await Owner.Client.PostAsJsonAsync($"/retailers/api/v1/organizations/{Organization}/online-offers",
                new { product_id = product, online_store_id = store, sku = "WEB-" + Guid.NewGuid().ToString("N")[..8], price = 2.99m });
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return false;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"seeding an online offer: {(int)response.StatusCode} {text}");
            id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString();
            return true;
        }, TimeSpan.FromSeconds(60), "the online offer is accepted");
        return id!;
    }

    async Task<string> NewPromotionAsync(string offers, string offerId) =>
        await IdOfCreatedAsync($"/retailers/api/v1/{offers}/{offerId}/promotions",
            new { promotional_price = 0.99m, start_date = "2026-01-01", end_date = "2030-12-31" });

    /// <summary>
    /// A connected Shopify inventory source of the organization, written to the offers schema directly: it is
    /// only created by Shopify's OAuth callback, which needs Shopify (the AppHost configures none, so a sync
    /// of it is accepted and then fails NOT_CONFIGURED in the background).
    /// </summary>
    async Task<string> NewInventorySourceAsync()
    {
        var id = Guid.CreateVersion7();
        await using var conn = new NpgsqlConnection(_system.DatabaseAdmin);
        await conn.ExecuteAsync("""
            INSERT INTO offers.inventory_sources (id, organization_id, provider, shop_domain, access_token_encrypted, status, created_at, updated_at)
            VALUES (@id, @org, 'shopify', @shop, '\x00', 'connected', now(), now())
            """, new { id, org = OrganizationGuid, shop = $"matrix-{id:N}.myshopify.com" });
        return Closient.ServiceDefaults.Http.ShortId.Encode(id);
    }

    Guid OrganizationGuid => Closient.ServiceDefaults.Http.ShortId.TryParse(Organization, out var id) ? id : throw new InvalidOperationException(Organization);

    /// <summary>A finished sync job of a new inventory source of the organization.</summary>
    async Task<string> NewSyncJobAsync()
    {
        Closient.ServiceDefaults.Http.ShortId.TryParse(await NewInventorySourceAsync(), out var source);
        var id = Guid.CreateVersion7();
        await using var conn = new NpgsqlConnection(_system.DatabaseAdmin);
        await conn.ExecuteAsync("""
            INSERT INTO offers.sync_jobs (id, organization_id, inventory_source_id, state, processed, total, created_at, started_at, finished_at)
            VALUES (@id, @org, @source, 'succeeded', 0, 0, now(), now(), now())
            """, new { id, org = OrganizationGuid, source });
        return Closient.ServiceDefaults.Http.ShortId.Encode(id);
    }

    async Task<string> NewSessionAsync() =>
        (await Api.SearchAsync("milk", Point.Lat, Point.Lon, 5)).GetProperty("session_id").GetString()!;

    /// <summary>A brand of the organization, with a logo (so its public logo URL answers).</summary>
    async Task<string> NewBrandAsync()
    {
        var id = await IdOfCreatedAsync("/brands/api/v1/brands", new { organization_id = Organization, name = "Matrix Brand " + Guid.NewGuid().ToString("N")[..8] });
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Convert.FromBase64String(OnePixelPng)), "logo", "logo.png" } };
        var response = await Owner.Client.PostAsync($"/brands/api/v1/brands/{id}/logo", form);
        Assert.True(response.IsSuccessStatusCode, $"seeding a logo: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return id;
    }

    /// <summary>A bulk QR job of the owner's, finished (its archive can be downloaded).</summary>
    async Task<string> NewBulkQrJobAsync()
    {
        var id = await IdOfCreatedAsync("/products/api/v1/qr/bulk/", new { gtin = TestData.NewGtin13(), items = new[] { new { lot = "L1" } } }, "task_id");
        await Eventually.TrueAsync(async () => (await Owner.Client.GetStringAsync($"/products/api/v1/qr/bulk/{id}/")).Contains("\"completed\""),
            TimeSpan.FromSeconds(30), "the bulk QR job completes");
        return id;
    }

    /// <summary>A 1×1 PNG uploaded as an image of the organization's product <paramref name="gtin"/>.</summary>
    async Task<string> NewImageAsync(string gtin)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Convert.FromBase64String(OnePixelPng)), "image", "pixel.png" } };
        var response = await Owner.Client.PostAsync($"/dashboard/api/v1/trade-items/{Organization}/{gtin}/images", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"seeding an image: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    /// <summary>A platform certification definition (seeded by catalog's migrations).</summary>
    const string UsdaOrganic = "01936b2e-0001-7000-8000-000000000001";

    async Task<string> IdOfCreatedAsync(string path, object body, string idProperty = "id")
    {
        var response = await Owner.Client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"seeding {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty(idProperty).GetString()!;
    }
}
