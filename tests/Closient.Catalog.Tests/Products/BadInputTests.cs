using System.Net;
using System.Text;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Products;

/// <summary>Hostile or broken requests get a 4xx problem naming the field, and write nothing.</summary>
public sealed class BadInputTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    // Any secret key will do here: products read by GTIN and unclaimed creates are not organization-scoped.
    readonly HttpClient client = fx.ClientFor(ShortId.Encode(Guid.NewGuid()));

    [Fact]
    public async Task Malformed_json_returns_400()
    {
        var gtin = TestGtins.New13();

        var response = await client.PostRawAsync(Api.Products, $$"""{"gtin": "{{gtin}}", "product_name": "unterminated""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await AssertNothingWrittenAsync(gtin);
    }

    [Theory]
    [InlineData("""{"gtin": "%GTIN%", "product_name": 42}""", "product_name")]
    [InlineData("""{"gtin": "%GTIN%", "brand": true}""", "brand")]
    [InlineData("""{"gtin": "%GTIN%", "description": ["a"]}""", "description")]
    [InlineData("""{"gtin": "%GTIN%", "metadata": "sku=1"}""", "metadata")]
    [InlineData("""{"gtin": "%GTIN%", "metadata": {"sku": 1}}""", "metadata.sku")]
    [InlineData("""{"gtin": "%GTIN%", "organization_id": 7}""", "organization_id")]
    public async Task A_field_of_the_wrong_type_returns_422_naming_it(string body, string field)
    {
        var gtin = TestGtins.New13();

        var response = await client.PostRawAsync(Api.Products, body.Replace("%GTIN%", gtin));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        await AssertNothingWrittenAsync(gtin);
    }

    [Fact]
    public async Task A_gtin_sent_as_a_number_returns_422_naming_gtin()
    {
        var gtin = TestGtins.New13();

        var response = await client.PostRawAsync(Api.Products, $$"""{"gtin": {{gtin}}}""");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
        await AssertNothingWrittenAsync(gtin);
    }

    [Fact]
    public async Task An_unknown_field_returns_422_naming_it()
    {
        var gtin = TestGtins.New13();

        var response = await client.PostJsonAsync(Api.Products, new { gtin, colour = "red" });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "colour");
        await AssertNothingWrittenAsync(gtin);
    }

    [Theory]
    [InlineData("product_name", 256)]
    [InlineData("brand", 256)]
    [InlineData("manufacturer", 256)]
    [InlineData("description", 5001)]
    [InlineData("net_content", 101)]
    [InlineData("country_of_origin", 3)]
    public async Task An_oversize_string_returns_422_naming_it(string field, int length)
    {
        var gtin = TestGtins.New13();

        var response = await client.PostJsonAsync(Api.Products, new Dictionary<string, string> { ["gtin"] = gtin, [field] = new string('A', length) });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        await AssertNothingWrittenAsync(gtin);
    }

    [Fact]
    public async Task Strings_at_their_maximum_length_are_accepted()
    {
        var product = await client.CreateProductAsync(new
        {
            gtin = TestGtins.New13(), product_name = new string('n', 255), brand = new string('b', 255),
            manufacturer = new string('m', 255), description = new string('d', 5000), net_content = new string('c', 100),
        });

        Assert.Equal(5000, product.Description.Length);
    }

    [Theory]
    [InlineData("product_name")]
    [InlineData("description")]
    public async Task Control_characters_return_422_naming_the_field(string field)
    {
        var gtin = TestGtins.New13();

        var response = await client.PostJsonAsync(Api.Products, new Dictionary<string, string> { ["gtin"] = gtin, [field] = "bell\u0007" });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        await AssertNothingWrittenAsync(gtin);
    }

    [Fact]
    public async Task Metadata_beyond_its_limits_returns_422()
    {
        var gtin = TestGtins.New13();
        var tooMany = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v");

        var many = await client.PostJsonAsync(Api.Products, new { gtin, metadata = tooMany });
        var longKey = await client.PostJsonAsync(Api.Products, new { gtin, metadata = new Dictionary<string, string> { [new string('k', 41)] = "v" } });
        var longValue = await client.PostJsonAsync(Api.Products, new { gtin, metadata = new Dictionary<string, string> { ["k"] = new string('v', 501) } });

        await many.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "metadata");
        await longKey.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "metadata");
        await longValue.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "metadata.k");
        await AssertNothingWrittenAsync(gtin);
    }

    [Theory]
    [InlineData("{\"k\": \"nul\\u0000\"}", "metadata.k")]
    [InlineData("{\"nul\\u0000\": \"v\"}", "metadata")]
    [InlineData("{\"k\": \"bell\\u0007\"}", "metadata.k")]
    public async Task Control_characters_in_metadata_return_422(string metadata, string field)
    {
        var gtin = TestGtins.New13();

        var response = await client.PostRawAsync(Api.Products, $$"""{"gtin": "{{gtin}}", "metadata": {{metadata}}}""");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        await AssertNothingWrittenAsync(gtin);
    }

    [Fact]
    public async Task A_nul_character_in_a_text_field_returns_422()
    {
        var gtin = TestGtins.New13();

        var response = await client.PostRawAsync(Api.Products, $$"""{"gtin": "{{gtin}}", "brand": "nul\u0000"}""");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "brand");
        await AssertNothingWrittenAsync(gtin);
    }

    [Theory]
    [InlineData("product_name")]
    [InlineData("metadata")]
    public async Task A_lone_surrogate_returns_422_naming_the_field(string field)
    {
        var gtin = TestGtins.New13();
        var value = field == "metadata" ? """{"k": "x\ud800"}""" : "\"x\\ud800\"";

        var response = await client.PostRawAsync(Api.Products, $$"""{"gtin": "{{gtin}}", "{{field}}": {{value}}}""");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field == "metadata" ? "metadata.k" : field);
        await AssertNothingWrittenAsync(gtin);
    }

    [Fact]
    public async Task A_body_over_one_megabyte_returns_413()
    {
        var gtin = TestGtins.New13();
        var body = $$"""{"gtin": "{{gtin}}", "description": "{{new string('x', 2 * 1024 * 1024)}}"}""";

        var response = await client.PostRawAsync(Api.Products, body);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        await AssertNothingWrittenAsync(gtin);
    }

    [Fact]
    public async Task A_body_that_is_not_json_returns_415()
    {
        var gtin = TestGtins.New13();

        var response = await client.PostAsync(Api.Products, new StringContent($"gtin={gtin}", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        await AssertNothingWrittenAsync(gtin);
    }

    [Fact]
    public async Task Sql_and_html_metacharacters_are_stored_and_returned_verbatim_as_json()
    {
        const string name = "Robert'); DROP TABLE catalog.products;-- <script>alert(\"x\")</script> & \\ % _";
        const string brand = "' OR '1'='1";

        var response = await client.PostJsonAsync(Api.Products, new { gtin = TestGtins.New13(), product_name = name, brand, metadata = new Dictionary<string, string> { ["<b>"] = "';--" } });

        // Returned as JSON data, never as markup: clients that render it must escape it themselves.
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var created = await response.ReadAsync<ProductOut>();
        Assert.Equal(name, created.ProductName);
        var read = await (await client.GetAsync($"{Api.Products}/{created.Gtin}")).ReadAsync<ProductOut>();
        Assert.Equal(name, read.ProductName);
        Assert.Equal(brand, read.Brand);
        Assert.Equal("';--", read.Metadata["<b>"]);
        Assert.Equal(name, await fx.Database.ScalarAsync<string>("SELECT product_name FROM catalog.products WHERE gtin = @gtin", new { gtin = created.Gtin }));
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.products WHERE brand = @brand", new { brand }));
    }

    [Fact]
    public async Task A_metacharacter_gtin_in_the_path_returns_422()
    {
        var response = await client.GetAsync($"{Api.Products}/{Uri.EscapeDataString("1' OR '1'='1")}");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "gtin");
    }

    async Task AssertNothingWrittenAsync(string gtin)
    {
        var gtin14 = TestGtins.To14(gtin);
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.products WHERE gtin = @gtin14", new { gtin14 }));
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.outbox WHERE payload->>'Gtin' = @gtin14", new { gtin14 }));
    }
}
