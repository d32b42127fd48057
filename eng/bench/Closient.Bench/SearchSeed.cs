using System.Diagnostics;
using System.Globalization;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Closient.Bench;

/// <summary>
/// <c>closient-bench seed-search</c>: bulk data for the search benchmark, written with binary COPY straight into the
/// search read model (the search service must have run its migrations; events would take hours for a million offers):
/// <list type="bullet">
/// <item>P products (GTIN-14 <c>0953</c> + 9-digit index + check digit) named from <see cref="SearchWords"/>: ~30% carry
/// the common word, ~0.8% one of 40 rare words; brands from 480 names;</item>
/// <item>the 480 brands and 60 retailers (catalog search covers them);</item>
/// <item>S stores of the retailers, spread around five metro centres (normal, σ ≈ 15 km);</item>
/// <item>O in-store offers: offer k at store k mod S, a random product, price, stock, status, updated_at and
/// last_inventory_sync within the last days.</item>
/// </list>
/// Then ANALYZE. Deterministic (fixed random seed). Skips the work when <c>public.bench_search_seed_v2</c> says the same
/// sizes were seeded already (delete that row, or the database, to reseed).
/// </summary>
public static class SearchSeed
{
    public const string Usage = "closient-bench seed-search --connection CS [--products 100000] [--stores 20000] [--offers 1000000]";

    public static async Task<int> RunAsync(string[] args)
    {
        var values = Args.Parse(args);
        if (values is null || !values.TryGetValue("connection", out var connection))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var products = Args.Int(values, "products", 100_000);
        var stores = Args.Int(values, "stores", 20_000);
        var offers = Args.Int(values, "offers", 1_000_000);
        if (products < 1 || stores < 1 || offers < 0)
        {
            Console.Error.WriteLine("--products and --stores must be at least 1, --offers at least 0");
            return 2;
        }

        var builder = new NpgsqlDataSourceBuilder(connection);
        builder.UseNetTopologySuite(geographyAsDefault: true);
        await using var db = builder.Build();
        await using var conn = await db.OpenConnectionAsync();
        await Execute(conn, "CREATE TABLE IF NOT EXISTS public.bench_search_seed_v2 (products int NOT NULL, stores int NOT NULL, offers int NOT NULL)");
        await using (var check = new NpgsqlCommand("SELECT count(*) FROM public.bench_search_seed_v2 WHERE products = @p AND stores = @s AND offers = @o", conn))
        {
            check.Parameters.AddWithValue("p", products);
            check.Parameters.AddWithValue("s", stores);
            check.Parameters.AddWithValue("o", offers);
            if ((long)(await check.ExecuteScalarAsync())! > 0)
            {
                Console.Error.WriteLine($"[seed] already seeded: {products} products, {stores} stores, {offers} offers");
                return 0;
            }
        }

        var clock = Stopwatch.StartNew();
        await Execute(conn, "TRUNCATE search.offers, search.stores, search.products, search.brands, search.retailers, public.bench_search_seed_v2");
        var random = new Random(20261123);
        var now = DateTimeOffset.UtcNow;
        var brandOrgs = SearchWords.Brands.Select(_ => Guid.CreateVersion7()).ToArray();
        var retailerOrgs = SearchWords.Retailers.Select(_ => Guid.CreateVersion7()).ToArray();

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY search.brands (id, name, organization_id, website, description, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < SearchWords.Brands.Length; i++)
            {
                var name = SearchWords.Brands[i];
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(name, NpgsqlDbType.Text);
                await copy.WriteAsync(brandOrgs[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync($"https://{name.ToLowerInvariant()}.example", NpgsqlDbType.Text);
                await copy.WriteAsync($"{name} makes pantry staples and household goods.", NpgsqlDbType.Text);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY search.retailers (id, organization_id, name, website, category, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < SearchWords.Retailers.Length; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(retailerOrgs[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(SearchWords.Retailers[i], NpgsqlDbType.Text);
                await copy.WriteAsync($"https://retailer{i}.example", NpgsqlDbType.Text);
                await copy.WriteAsync("grocery", NpgsqlDbType.Text);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }

        var productIds = new Guid[products];
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY search.products (id, gtin, product_name, brand, description, organization_id, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < products; i++)
            {
                productIds[i] = Guid.CreateVersion7();
                var brand = random.Next(SearchWords.Brands.Length);
                var (name, noun, size) = ProductName(random);
                await copy.StartRowAsync();
                await copy.WriteAsync(productIds[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(GtinOf(i), NpgsqlDbType.Text);
                await copy.WriteAsync(name, NpgsqlDbType.Text);
                await copy.WriteAsync(SearchWords.Brands[brand], NpgsqlDbType.Text);
                await copy.WriteAsync($"{char.ToUpperInvariant(noun[0])}{noun[1..]} by {SearchWords.Brands[brand]}, {size}.", NpgsqlDbType.Text);
                await copy.WriteAsync(brandOrgs[brand], NpgsqlDbType.Uuid);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        Console.Error.WriteLine($"[seed] {products} products, {SearchWords.Brands.Length} brands, {SearchWords.Retailers.Length} retailers in {clock.Elapsed.TotalSeconds:0.0} s");

        var storeIds = new Guid[stores];
        var storeOrgs = new Guid[stores];
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY search.stores (id, organization_id, name, address, location, currency, phone, website, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < stores; i++)
            {
                storeIds[i] = Guid.CreateVersion7();
                var retailer = i % SearchWords.Retailers.Length;
                storeOrgs[i] = retailerOrgs[retailer];
                var metro = SearchWords.Metros[i % SearchWords.Metros.Length];
                var (lat, lon) = Around(random, metro.Latitude, metro.Longitude, SearchWords.MetroSigmaKm);
                await copy.StartRowAsync();
                await copy.WriteAsync(storeIds[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(storeOrgs[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync($"{SearchWords.Retailers[retailer]} #{i.ToString(CultureInfo.InvariantCulture)}", NpgsqlDbType.Text);
                await copy.WriteAsync($"{1 + random.Next(9999)} Main St, {metro.Name}", NpgsqlDbType.Text);
                await copy.WriteAsync(new Point(lon, lat) { SRID = 4326 }, NpgsqlDbType.Geography);
                await copy.WriteAsync("USD", NpgsqlDbType.Text);
                await copy.WriteAsync("", NpgsqlDbType.Text);
                await copy.WriteAsync("", NpgsqlDbType.Text);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        Console.Error.WriteLine($"[seed] {stores} stores in {clock.Elapsed.TotalSeconds:0.0} s");

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY search.offers (id, product_id, store_id, organization_id, sku, price_amount, currency, status, quantity_on_hand, source, updated_at, last_inventory_sync) FROM STDIN (FORMAT BINARY)"))
        {
            for (var k = 0; k < offers; k++)
            {
                var store = k % stores;
                var roll = random.NextDouble();
                var status = roll < 0.95 ? "active" : roll < 0.99 ? "out_of_stock" : "discontinued";
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(productIds[random.Next(products)], NpgsqlDbType.Uuid);
                await copy.WriteAsync(storeIds[store], NpgsqlDbType.Uuid);
                await copy.WriteAsync(storeOrgs[store], NpgsqlDbType.Uuid);
                await copy.WriteAsync($"SKU-{k.ToString(CultureInfo.InvariantCulture)}", NpgsqlDbType.Text);
                await copy.WriteAsync(Math.Round(0.99m + random.Next(4900) / 100m, 2), NpgsqlDbType.Numeric);
                await copy.WriteAsync("USD", NpgsqlDbType.Text);
                await copy.WriteAsync(status, NpgsqlDbType.Text);
                if (random.NextDouble() < 0.1) await copy.WriteNullAsync();
                else await copy.WriteAsync(status == "out_of_stock" ? 0 : random.Next(101), NpgsqlDbType.Integer);
                await copy.WriteAsync(random.NextDouble() < 0.7 ? "pos_sync" : "manual", NpgsqlDbType.Text);
                await copy.WriteAsync(now - TimeSpan.FromMinutes(random.Next(72 * 60)), NpgsqlDbType.TimestampTz);
                if (random.NextDouble() < 0.1) await copy.WriteNullAsync();
                else await copy.WriteAsync(now - TimeSpan.FromMinutes(random.Next(96 * 60)), NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        Console.Error.WriteLine($"[seed] {offers} offers in {clock.Elapsed.TotalSeconds:0.0} s");

        // VACUUM as well as ANALYZE: until the visibility map is set, index-only scans fetch the heap for most offers, and
        // runs right after seeding would measure that rather than the steady state.
        foreach (var table in new[] { "products", "stores", "offers", "brands", "retailers" })
            await Execute(conn, $"VACUUM (ANALYZE) search.{table}");
        await Execute(conn, $"INSERT INTO public.bench_search_seed_v2 VALUES ({products}, {stores}, {offers})");
        Console.Error.WriteLine($"[seed] done in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    /// <summary>"[artisan] [adjective] [flavor] noun [rare word] size", e.g. "Artisan Roasted Honey Granola 12 oz".</summary>
    static (string Name, string Noun, string Size) ProductName(Random random)
    {
        var words = new List<string>(6);
        if (random.NextDouble() < SearchWords.CommonShare) words.Add(SearchWords.Common);
        if (random.NextDouble() < 0.5) words.Add(Pick(random, SearchWords.Adjectives));
        if (random.NextDouble() < 0.5) words.Add(Pick(random, SearchWords.Flavors));
        var noun = Pick(random, SearchWords.Nouns);
        words.Add(noun);
        if (random.NextDouble() < SearchWords.RareShare) words.Add(Pick(random, SearchWords.Rare));
        var size = Pick(random, SearchWords.Sizes);
        var name = string.Join(' ', words.Select(w => char.ToUpperInvariant(w[0]) + w[1..])) + " " + size;
        return (name, noun, size);
    }

    static string Pick(Random random, string[] list) => list[random.Next(list.Length)];

    /// <summary>A point normally distributed around a centre (Box–Muller), σ in km.</summary>
    public static (double Latitude, double Longitude) Around(Random random, double latitude, double longitude, double sigmaKm)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var r = Math.Sqrt(-2 * Math.Log(u1));
        var (dx, dy) = (r * Math.Cos(2 * Math.PI * u2) * sigmaKm, r * Math.Sin(2 * Math.PI * u2) * sigmaKm);
        return (latitude + dy / 111.32, longitude + dx / (111.32 * Math.Cos(latitude * Math.PI / 180)));
    }

    /// <summary>The i-th search benchmark GTIN-14: 0, prefix 953, i in 9 digits, the check digit.</summary>
    public static string GtinOf(int i)
    {
        var data = "0953" + i.ToString("D9", CultureInfo.InvariantCulture);
        return data + Closient.ServiceDefaults.Http.Gtin.CheckDigit(data).ToString(CultureInfo.InvariantCulture);
    }

    static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var command = new NpgsqlCommand(sql, conn) { CommandTimeout = 1200 };
        await command.ExecuteNonQueryAsync();
    }
}
