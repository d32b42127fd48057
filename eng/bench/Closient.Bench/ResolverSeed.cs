using System.Diagnostics;
using System.Globalization;
using Closient.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Closient.Bench;

/// <summary>
/// <c>closient-bench seed-resolver</c>: bulk data for the resolver benchmark, written with COPY straight into the
/// catalog schema (the catalog must have run its migrations; the API would take hours for a million rules):
/// <list type="bullet">
/// <item>P claimed products (GTIN-14 <c>0952</c> + 9-digit number + check digit) spread over O organizations, each
/// with one PRODUCT rule (CUSTOM_URL <c>https://brand.example/p/{gtin}</c>), and one ORGANIZATION rule per organization;</item>
/// <item>S SERIAL rules under the first GTIN (<c>{gtin}/21/{n}</c> → <c>https://brand.example/s/{n}</c>, n = 1..S); the
/// second GTIN, in the same organization, has one (serial 0), so both take the same path and only the count differs.</item>
/// </list>
/// Writes the GTINs, one a line, to the --out file. Skips the work when <c>public.bench_seed_v2</c> says the same
/// sizes were seeded already (delete that row, or the database, to reseed).
/// </summary>
public static class ResolverSeed
{
    public const string Usage = "closient-bench seed-resolver --connection CS --products 100000 --serials 1000000 [--organizations 100] --out gtins.txt";

    public static async Task<int> RunAsync(string[] args)
    {
        var values = Args.Parse(args);
        if (values is null || !values.TryGetValue("connection", out var connection) || !values.TryGetValue("out", out var output))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var products = Args.Int(values, "products", 100_000);
        var serials = Args.Int(values, "serials", 1_000_000);
        var organizations = Math.Min(Args.Int(values, "organizations", 100), products);
        if (products < 2 || serials < 0 || organizations < 1)
        {
            Console.Error.WriteLine("--products must be at least 2, --serials at least 0, --organizations at least 1");
            return 2;
        }

        var gtins = Enumerable.Range(0, products).Select(GtinOf).ToArray();
        await File.WriteAllLinesAsync(output, gtins);

        await using var db = NpgsqlDataSource.Create(connection);
        await using var conn = await db.OpenConnectionAsync();
        await Execute(conn, "CREATE TABLE IF NOT EXISTS public.bench_seed_v2 (products int NOT NULL, serials int NOT NULL, organizations int NOT NULL)");
        await using (var check = new NpgsqlCommand("SELECT count(*) FROM public.bench_seed_v2 WHERE products = @p AND serials = @s AND organizations = @o", conn))
        {
            check.Parameters.AddWithValue("p", products);
            check.Parameters.AddWithValue("s", serials);
            check.Parameters.AddWithValue("o", organizations);
            if ((long)(await check.ExecuteScalarAsync())! > 0)
            {
                Console.Error.WriteLine($"[seed] already seeded: {products} products, {serials} serial rules, {organizations} organizations");
                return 0;
            }
        }

        var clock = Stopwatch.StartNew();
        await Execute(conn, "TRUNCATE catalog.resolution_rules, catalog.products, public.bench_seed_v2 CASCADE");
        var orgs = Enumerable.Range(0, organizations).Select(_ => Guid.CreateVersion7()).ToArray();
        var productIds = new Guid[products];
        var now = DateTimeOffset.UtcNow;

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY catalog.products (id, gtin, product_name, brand, description, owner_id, data_source, confidence_score, created_at, modified_at, claimed_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < products; i++)
            {
                productIds[i] = Guid.CreateVersion7();
                await copy.StartRowAsync();
                await copy.WriteAsync(productIds[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(gtins[i], NpgsqlDbType.Text);
                await copy.WriteAsync($"Bench product {i}", NpgsqlDbType.Text);
                await copy.WriteAsync("Bench", NpgsqlDbType.Text);
                await copy.WriteAsync("A product of the resolver benchmark.", NpgsqlDbType.Text);
                await copy.WriteAsync(orgs[i % organizations], NpgsqlDbType.Uuid);
                await copy.WriteAsync("claimed", NpgsqlDbType.Text);
                await copy.WriteAsync(1.0, NpgsqlDbType.Double);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        Console.Error.WriteLine($"[seed] {products} products in {clock.Elapsed.TotalSeconds:0.0} s");

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY catalog.resolution_rules (id, organization_id, scope_type, scope_id, product_id, order_index, destination_type, custom_url, on_custom_url_dead, created_at, modified_at) FROM STDIN (FORMAT BINARY)"))
        {
            async Task Rule(Guid org, string scope, string? scopeId, Guid? product, string url)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(org, NpgsqlDbType.Uuid);
                await copy.WriteAsync(scope, NpgsqlDbType.Text);
                if (scopeId is null) await copy.WriteNullAsync(); else await copy.WriteAsync(scopeId, NpgsqlDbType.Text);
                if (product is { } p) await copy.WriteAsync(p, NpgsqlDbType.Uuid); else await copy.WriteNullAsync();
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync("CUSTOM_URL", NpgsqlDbType.Text);
                await copy.WriteAsync(url, NpgsqlDbType.Text);
                await copy.WriteAsync("SKIP_RULE", NpgsqlDbType.Text);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            foreach (var org in orgs) await Rule(org, "ORGANIZATION", null, null, "https://brand.example/");
            for (var i = 0; i < products; i++) await Rule(orgs[i % organizations], "PRODUCT", gtins[i], productIds[i], $"https://brand.example/p/{gtins[i]}");
            for (var n = 1; n <= serials; n++)
                await Rule(orgs[0], "SERIAL", $"{gtins[0]}/21/{n.ToString(CultureInfo.InvariantCulture)}", productIds[0], $"https://brand.example/s/{n.ToString(CultureInfo.InvariantCulture)}");
            await Rule(orgs[1 % organizations], "SERIAL", $"{gtins[1]}/21/0", productIds[1], "https://brand.example/s/0");
            await copy.CompleteAsync();
        }
        Console.Error.WriteLine($"[seed] {organizations + products + serials + 1} rules in {clock.Elapsed.TotalSeconds:0.0} s");

        await Execute(conn, "ANALYZE catalog.products");
        await Execute(conn, "ANALYZE catalog.resolution_rules");
        await Execute(conn, $"INSERT INTO public.bench_seed_v2 VALUES ({products}, {serials}, {organizations})");
        Console.Error.WriteLine($"[seed] done in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    /// <summary>The i-th benchmark GTIN-14: 0, the GS1 demo prefix 952, i in 9 digits, the check digit.</summary>
    public static string GtinOf(int i)
    {
        var data = "0952" + i.ToString("D9", CultureInfo.InvariantCulture);
        return data + Gtin.CheckDigit(data).ToString(CultureInfo.InvariantCulture);
    }

    static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var command = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>"--name value" pairs.</summary>
static class Args
{
    public static Dictionary<string, string>? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) return null;
            values[args[i][2..]] = args[i + 1];
        }
        return values;
    }

    public static int Int(Dictionary<string, string> values, string name, int fallback) =>
        !values.TryGetValue(name, out var text) ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ArgumentException($"--{name} must be a non-negative integer");
}
