using System.Net;
using System.Text;
using Closient.Catalog.Import;
using Closient.Catalog.Products;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Import;

public sealed class CsvImportTests(ImportFixture fx) : IClassFixture<ImportFixture>
{
    readonly Guid org = Guid.NewGuid();
    string OrgId => ShortId.Encode(org);
    HttpClient Client => fx.ClientFor(OrgId);

    async Task<ProductOut> ReadAsync(string gtin) =>
        await (await Client.GetAsync($"{Api.Products}/{gtin}")).ReadAsync<ProductOut>();

    [Fact]
    public async Task Importing_new_gtins_creates_products_claimed_for_the_organization()
    {
        var (g1, g2) = (TestGtins.New13(), TestGtins.New(12));
        var csv = $"""
            gtin,product_name,brand,manufacturer,description,image_url,country_of_origin,net_content
            {g1},Still Water,Spring,Spring Co.,Bottled at source.,https://img.example/w.jpg,fr,500 ml
            {g2},Sparkling Water,,,,,,
            """;

        var result = await Client.ImportAsync(csv);

        Assert.Equal((2, 2, 0, 0, 0), result.Counts());
        Assert.Empty(result.Errors);
        var p1 = await ReadAsync(TestGtins.To14(g1));
        Assert.Equal(("Still Water", "Spring", "Spring Co.", "Bottled at source.", "https://img.example/w.jpg", "FR", "500 ml"),
            (p1.ProductName, p1.Brand, p1.Manufacturer, p1.Description, p1.ImageUrl, p1.CountryOfOrigin, p1.NetContent));
        Assert.Equal((true, OrgId, "claimed", 1.0, "unverified"), (p1.IsClaimed, p1.OwnerId, p1.DataSource, p1.ConfidenceScore, p1.ClaimVerificationStatus));
        var p2 = await ReadAsync(TestGtins.To14(g2));
        Assert.Equal(("Sparkling Water", "", null), (p2.ProductName, p2.Brand, p2.ImageUrl));
    }

    [Fact]
    public async Task Header_aliases_select_the_columns_case_insensitively_and_unknown_columns_are_ignored()
    {
        var gtin = TestGtins.New(8);
        var csv = $"""
            Internal SKU,BARCODE,Title,Country,Size,Photo_URL,Brand
            SKU-1,{gtin},Tiny Mints,GB,20g,https://img.example/m.png,Minty
            """;

        var result = await Client.ImportAsync(csv);

        Assert.Equal(1, result.Created);
        var product = await ReadAsync(TestGtins.To14(gtin));
        Assert.Equal(("Tiny Mints", "GB", "20g", "https://img.example/m.png", "Minty"),
            (product.ProductName, product.CountryOfOrigin, product.NetContent, product.ImageUrl, product.Brand));
    }

    [Theory]
    [InlineData("upc")]
    [InlineData("ean")]
    [InlineData("gtin-8")]
    [InlineData("gtin-12")]
    [InlineData("GTIN-13")]
    [InlineData("gtin-14")]
    [InlineData("Product Name")]
    public async Task Every_documented_gtin_alias_is_accepted(string header)
    {
        var gtin = TestGtins.New13();
        var csv = header == "Product Name" ? $"gtin,{header}\n{gtin},Named\n" : $"{header},name\n{gtin},Named\n";

        var result = await Client.ImportAsync(csv);

        Assert.Equal(1, result.Created);
        Assert.Equal("Named", (await ReadAsync(TestGtins.To14(gtin))).ProductName);
    }

    [Fact]
    public async Task Quoted_fields_embedded_commas_quotes_and_line_breaks_a_bom_and_crlf_are_read_as_rfc_4180_says()
    {
        var (g1, g2) = (TestGtins.New13(), TestGtins.New13());
        var csv = "\uFEFFgtin,product_name,description\r\n"
            + $"\"{g1}\",\"Nuts, salted\",\"Line one\r\nLine \"\"two\"\"\"\r\n"
            + $"{g2},Plain,\r\n"
            + "12345,Broken,\r\n";

        var result = await Client.ImportAsync(csv);

        Assert.Equal((4 - 1, 2, 1), (result.TotalRows, result.Created, result.ErrorCount));
        var product = await ReadAsync(TestGtins.To14(g1));
        Assert.Equal("Nuts, salted", product.ProductName);
        Assert.Equal("Line one\r\nLine \"two\"", product.Description);
        // The quoted record spans lines 2-3, so the broken row is on line 5.
        var error = Assert.Single(result.Errors);
        Assert.Equal((5, "gtin"), (error.Line, error.Column));
    }

    [Fact]
    public async Task Rows_for_the_organizations_own_products_update_them_and_unchanged_rows_are_skipped()
    {
        var (g1, g2) = (TestGtins.New13(), TestGtins.New13());
        await Client.CreateProductAsync(new { gtin = g1, organization_id = OrgId, product_name = "Old", brand = "Keep", description = "Keep too" });
        await Client.CreateProductAsync(new { gtin = g2, organization_id = OrgId, product_name = "Same" });
        var before = await ReadAsync(TestGtins.To14(g2));

        var result = await Client.ImportAsync($"gtin,product_name,brand\n{g1},New,\n{g2},Same,\n");

        Assert.Equal((2, 0, 1, 1, 0), result.Counts());
        Assert.Empty(result.Errors);
        var updated = await ReadAsync(TestGtins.To14(g1));
        Assert.Equal(("New", "Keep", "Keep too"), (updated.ProductName, updated.Brand, updated.Description)); // an empty cell changes nothing
        Assert.Equal(before.Modified, (await ReadAsync(TestGtins.To14(g2))).Modified);
    }

    [Fact]
    public async Task A_later_row_for_the_same_gtin_in_any_form_is_a_skipped_duplicate()
    {
        var gtin = TestGtins.New13();

        var result = await Client.ImportAsync($"gtin,product_name\n{gtin},First\n0{gtin},Second\n{gtin[..4]}-{gtin[4..]},Third\n");

        Assert.Equal((3, 1, 0, 2, 0), result.Counts());
        Assert.Empty(result.Errors);
        Assert.Equal("First", (await ReadAsync(TestGtins.To14(gtin))).ProductName);
    }

    [Fact]
    public async Task Bad_rows_are_reported_per_line_and_column_and_change_nothing_while_good_rows_apply()
    {
        var good = TestGtins.New13();
        var badCountry = TestGtins.New13();
        var csv = $"""
            gtin,product_name,country_of_origin,image_url
            {good},Good,US,
            {TestGtins.WithWrongCheckDigit(TestGtins.New13())},Bad check digit,,
            {badCountry},Bad country,ZZ,
            ,No gtin,,
            {TestGtins.New13()},{new string('n', 256)},,
            {TestGtins.New13()},Bad url,,ftp://x.example/a
            {TestGtins.New13()},Too many,US,,extra
            """;

        var result = await Client.ImportAsync(csv);

        Assert.Equal((7, 1, 0, 0, 6), (result.TotalRows, result.Created, result.Updated, result.Skipped, result.ErrorCount));
        Assert.Equal([(3, "gtin"), (4, "country_of_origin"), (5, "gtin"), (6, "product_name"), (7, "image_url"), (8, null)],
            result.Errors.Select(e => (e.Line, e.Column)));
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{Api.Products}/{badCountry}")).StatusCode);
        Assert.Equal("Good", (await ReadAsync(TestGtins.To14(good))).ProductName);
    }

    [Fact]
    public async Task A_row_whose_gtin_another_organization_claimed_is_an_error_and_that_product_is_untouched()
    {
        var rival = ShortId.Encode(Guid.NewGuid());
        var theirs = await fx.ClientFor(rival).CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = rival, product_name = "Theirs" });
        var mine = TestGtins.New13();

        var result = await Client.ImportAsync($"gtin,product_name\n{theirs.Gtin},Stolen\n{mine},Mine\n{theirs.Gtin},Stolen again\n");

        Assert.Equal((3, 1, 2), (result.TotalRows, result.Created, result.ErrorCount));
        Assert.Equal([(2, "gtin"), (4, "gtin")], result.Errors.Select(e => (e.Line, e.Column)));
        var after = await ReadAsync(theirs.Gtin);
        Assert.Equal(("Theirs", rival, theirs.Modified), (after.ProductName, after.OwnerId, after.Modified));
    }

    [Fact]
    public async Task An_unclaimed_product_in_the_file_is_claimed_and_updated()
    {
        var crowd = await fx.ClientFor(ShortId.Encode(Guid.NewGuid())).CreateProductAsync(new { gtin = TestGtins.New13(), product_name = "Crowd", brand = "Kept" });

        var result = await Client.ImportAsync($"gtin,product_name\n{crowd.Gtin},Official\n");

        Assert.Equal(1, result.Updated);
        var product = await ReadAsync(crowd.Gtin);
        Assert.Equal(("Official", "Kept", true, OrgId), (product.ProductName, product.Brand, product.IsClaimed, product.OwnerId));
        var (claimed, _) = await fx.Bus.WaitForAsync<ProductClaimed>(e => e.Gtin == crowd.Gtin);
        Assert.Equal(org, claimed.OrganizationId);
    }

    [Fact]
    public async Task Every_created_or_updated_product_gets_its_events_in_the_outbox_and_on_the_bus()
    {
        var existing = await Client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = OrgId, product_name = "v1" });
        var (created, unchanged) = (TestGtins.To14(TestGtins.New13()), await Client.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = OrgId, product_name = "same" }));

        await Client.ImportAsync($"gtin,product_name\n{existing.Gtin},v2\n{created},new\n{unchanged.Gtin},same\n");

        var (upserted, _) = await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == existing.Gtin && e.ProductName == "v2");
        Assert.Equal(org, upserted.OrganizationId);
        await fx.Bus.WaitForAsync<ProductUpserted>(e => e.Gtin == created && e.ProductName == "new");
        await fx.Bus.WaitForAsync<ProductClaimed>(e => e.Gtin == created && e.OrganizationId == org);
        var counts = await fx.Database.QueryAsync<(string Gtin, string Type, long Count)>("""
            SELECT payload->>'Gtin', message_type, count(*) FROM catalog.outbox
            WHERE payload->>'Gtin' = ANY(@gtins) GROUP BY 1, 2 ORDER BY 1, 2
            """, new { gtins = new[] { existing.Gtin, created, unchanged.Gtin } });
        string Claimed = typeof(ProductClaimed).FullName!, Upserted = typeof(ProductUpserted).FullName!;
        Assert.Equal(new[]
        {
            (existing.Gtin, Claimed, 1L), (existing.Gtin, Upserted, 2L),
            (created, Claimed, 1L), (created, Upserted, 1L),
            (unchanged.Gtin, Claimed, 1L), (unchanged.Gtin, Upserted, 1L),
        }.OrderBy(c => c.Item1, StringComparer.Ordinal).ThenBy(c => c.Item2, StringComparer.Ordinal), counts);
    }

    [Theory]
    [InlineData("name,brand\nX,Y\n", "no GTIN column")]
    [InlineData("", "empty")]
    [InlineData("\n\n", "blank")]
    [InlineData("gtin,barcode\n40000000000,1\n", "two GTIN columns")]
    [InlineData("gtin,name\n\"4006381333931,unterminated\n", "unterminated quote")]
    public async Task A_file_that_cannot_be_imported_as_a_whole_is_a_422_and_applies_nothing(string csv, string why)
    {
        var response = await Client.PostAsync(ImportApi.Csv, ImportApi.Form(csv));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "file");
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), why);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_a_422()
    {
        var latin1 = Encoding.Latin1.GetBytes($"gtin,name\n{TestGtins.New13()},Caf\u00e9\n");

        var response = await Client.PostAsync(ImportApi.Csv, ImportApi.Form(latin1));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "file");
    }

    [Fact]
    public async Task More_than_10000_data_rows_is_a_422_and_nothing_is_created()
    {
        var first = TestGtins.New13();
        var csv = new StringBuilder("gtin\n").Append(first).Append('\n');
        for (var i = 0; i < ProductImportApi.MaxRows; i++) csv.Append(TestGtins.New13()).Append('\n');

        var response = await Client.PostAsync(ImportApi.Csv, ImportApi.Form(csv.ToString()));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "file");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{Api.Products}/{first}")).StatusCode);
    }

    [Fact]
    public async Task A_file_over_10_MiB_is_a_413_problem()
    {
        var row = $"{TestGtins.New13()},{new string('d', 1000)}\n";
        var csv = new StringBuilder("gtin,description\n");
        while (csv.Length <= ProductImportApi.MaxFileBytes) csv.Append(row);

        var response = await Client.PostAsync(ImportApi.Csv, ImportApi.Form(csv.ToString()));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_a_415_and_a_form_without_file_a_422()
    {
        var json = await Client.PostRawAsync(ImportApi.Csv, """{"file":"gtin"}""");
        var noFile = await Client.PostAsync(ImportApi.Csv, new MultipartFormDataContent { { new StringContent(OrgId), "organization_id" } });

        await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        await noFile.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "file");
    }

    [Fact]
    public async Task The_organization_comes_from_the_form_or_the_query_and_is_required_for_callers_in_several()
    {
        var second = Guid.NewGuid();
        var multi = fx.ClientAs(new Caller(null, Guid.NewGuid(), ApiKeyFormat.User,
            new Dictionary<Guid, string> { [org] = Roles.Owner, [second] = Roles.Editor }, []));
        var (g1, g2, g3) = (TestGtins.New13(), TestGtins.New13(), TestGtins.New13());

        var ambiguous = await multi.PostAsync(ImportApi.Csv, ImportApi.Form($"gtin\n{g1}\n"));
        var byForm = await multi.PostAsync(ImportApi.Csv, ImportApi.Form($"gtin\n{g2}\n", ShortId.Encode(second)));
        var byQuery = await multi.PostAsync($"{ImportApi.Csv}?organization_id={second}", ImportApi.Form($"gtin\n{g3}\n"));
        var conflicting = await multi.PostAsync($"{ImportApi.Csv}?organization_id={OrgId}", ImportApi.Form($"gtin\n{g1}\n", ShortId.Encode(second)));

        await ambiguous.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "organization_id");
        await conflicting.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "organization_id");
        Assert.Equal(HttpStatusCode.OK, byForm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(ShortId.Encode(second), (await ReadAsync(TestGtins.To14(g2))).OwnerId);
        Assert.Equal(ShortId.Encode(second), (await ReadAsync(TestGtins.To14(g3))).OwnerId);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{Api.Products}/{g1}")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Billing)]
    [InlineData("outsider")]
    [InlineData("publishable")]
    [InlineData("anonymous")]
    public async Task Callers_without_ManageProducts_get_404_and_nothing_is_imported(string who)
    {
        var gtin = TestGtins.New13();
        var client = who switch
        {
            "outsider" => fx.ClientFor(ShortId.Encode(Guid.NewGuid())),
            "publishable" => fx.ClientAs(Caller.ForOrganization(org, Roles.Owner, ApiKeyFormat.Publishable)),
            "anonymous" => fx.AnonymousClient(),
            _ => fx.ClientFor(OrgId, who),
        };

        var response = await client.PostAsync(ImportApi.Csv, ImportApi.Form($"gtin\n{gtin}\n", OrgId));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{Api.Products}/{gtin}")).StatusCode);
    }

    [Fact]
    public async Task The_template_is_a_csv_attachment_with_the_canonical_headers_that_imports_cleanly()
    {
        var response = await fx.AnonymousClient().GetAsync($"{ImportApi.Csv}/template");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("gtin,product_name,brand,manufacturer,description,image_url,country_of_origin,net_content\r\n", csv);

        var result = await Client.ImportAsync(csv);

        Assert.Equal((1, 0), (result.TotalRows, result.ErrorCount));
        Assert.Equal("Lightly carbonated, in a glass bottle.", (await ReadAsync("00614141123452")).Description);
    }
}
