using System.Net;
using Closient.Catalog.ProductData;
using Closient.Catalog.Tests.Certifications;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using static Closient.Catalog.Tests.ProductData.ProductDataTestApi;

namespace Closient.Catalog.Tests.ProductData;

public sealed class RecallsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    static object Recall(string title, string date, string severity = "CLASS_II", string? status = null, string source = "FDA") => new
    {
        title, recall_date = date, severity, status, source_system = source, hazard = "Undeclared milk", remedy = "Return for refund",
        public_url = "https://www.fda.gov/recall/1", company_name = "Oat Co", jurisdictions = new[] { "us", "US-CA", "US" },
        description = "Voluntary recall.",
    };

    Task<long> RecalledEvents(string gtin) => fx.Database.ScalarAsync<long>(
        "SELECT count(*) FROM catalog.outbox WHERE payload->>'Gtin' = @gtin AND message_type = 'Closient.Contracts.Catalog.ProductRecalled'", new { gtin });

    [Fact]
    public async Task Filing_an_open_recall_publishes_ProductRecalled_and_the_list_shows_it()
    {
        var (org, owner, product) = await Certs.ClaimedProductAsync(fx);
        var created = await fx.ClientFor(org, Roles.Editor).PostJsonAsync(Recalls(product.Gtin), Recall("Milk recall", "2026-03-01", "class_i"))
            .OkAsync<RecallOut>(HttpStatusCode.Created);
        Assert.Equal(("ONGOING", "CLASS_I", "FDA", new DateOnly(2026, 3, 1)), (created.Status, created.Severity, created.SourceSystem, created.RecallDate));
        Assert.Equal(["US", "US-CA"], created.Jurisdictions);

        var (evt, _) = await fx.Bus.WaitForAsync<ProductRecalled>(e => e.Gtin == product.Gtin);
        Assert.True(ShortId.TryParse(created.Id, out var recallId));
        Assert.True(ShortId.TryParse(org, out var orgId));
        Assert.Equal((recallId, orgId, "Milk recall", "ONGOING", "CLASS_I", "FDA", new DateOnly(2026, 3, 1)),
            (evt.RecallId, evt.OrganizationId, evt.Title, evt.Status, evt.Severity, evt.SourceSystem, evt.RecallDate));

        var list = await fx.ClientFor(TestData.NewOrganizationId(), Roles.Viewer).GetAsync(Recalls(product.Gtin)).OkAsync<Paged<RecallOut>>();
        var only = Assert.Single(list.Data);
        Assert.Equivalent(created, only, strict: true);
    }

    [Fact]
    public async Task A_closed_recall_publishes_nothing_until_it_is_reopened_and_edits_of_an_open_one_publish_nothing()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        var closed = await owner.PostJsonAsync(Recalls(product.Gtin), Recall("Old", "2025-01-01", status: "COMPLETED")).OkAsync<RecallOut>(HttpStatusCode.Created);
        Assert.Equal(0, await RecalledEvents(product.Gtin));

        var reopened = await owner.PatchJsonAsync($"{Recalls(product.Gtin)}/{closed.Id}", new { status = "ONGOING", remedy = "Destroy" }).OkAsync<RecallOut>();
        Assert.Equal(("ONGOING", "Destroy", "Old"), (reopened.Status, reopened.Remedy, reopened.Title));
        Assert.Equal(1, await RecalledEvents(product.Gtin));

        await owner.PatchJsonAsync($"{Recalls(product.Gtin)}/{closed.Id}", new { severity = "CLASS_III", status = "UNKNOWN" }).OkAsync<RecallOut>();
        Assert.Equal(1, await RecalledEvents(product.Gtin));
    }

    [Fact]
    public async Task The_list_filters_and_orders()
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        await owner.PostJsonAsync(Recalls(product.Gtin), Recall("B", "2026-02-01", "CLASS_III")).OkAsync<RecallOut>(HttpStatusCode.Created);
        await owner.PostJsonAsync(Recalls(product.Gtin), Recall("A", "2026-01-01", "CLASS_I", source: "CPSC")).OkAsync<RecallOut>(HttpStatusCode.Created);
        await owner.PostJsonAsync(Recalls(product.Gtin), Recall("C", "2026-03-01", "CLASS_II", status: "TERMINATED")).OkAsync<RecallOut>(HttpStatusCode.Created);

        async Task<string[]> Titles(string query) =>
            (await owner.GetAsync(Recalls(product.Gtin) + query).OkAsync<Paged<RecallOut>>()).Data.Select(r => r.Title).ToArray();
        Assert.Equal(["C", "B", "A"], await Titles(""));
        Assert.Equal(["A", "B", "C"], await Titles("?ordering=recall_date"));
        Assert.Equal(["A", "C", "B"], await Titles("?ordering=severity"));
        Assert.Equal(["B", "C", "A"], await Titles("?ordering=-severity"));
        Assert.Equal(["C"], await Titles("?status=terminated"));
        Assert.Equal(["A"], await Titles("?source_system=CPSC"));
        Assert.Equal(["B"], await Titles("?severity=CLASS_III"));
        Assert.Equal(["B"], await Titles("?page_size=1&page=2"));

        await (await owner.GetAsync(Recalls(product.Gtin) + "?ordering=title")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await owner.GetAsync(Recalls(product.Gtin) + "?severity=CLASS_IV")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "severity");
        await (await owner.GetAsync(Recalls(product.Gtin) + "?status=OPEN")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "status");
        await (await owner.GetAsync(Recalls(TestGtins.New13()))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"recall_date":"2026-01-01","source_system":"FDA"}""", "title")]
    [InlineData("""{"title":"X","source_system":"FDA"}""", "recall_date")]
    [InlineData("""{"title":"X","recall_date":"01/02/2026","source_system":"FDA"}""", "recall_date")]
    [InlineData("""{"title":"X","recall_date":"2026-01-01"}""", "source_system")]
    [InlineData("""{"title":"X","recall_date":"2026-01-01","source_system":"EPA"}""", "source_system")]
    [InlineData("""{"title":"X","recall_date":"2026-01-01","source_system":"FDA","severity":"HIGH"}""", "severity")]
    [InlineData("""{"title":"X","recall_date":"2026-01-01","source_system":"FDA","status":"OPEN"}""", "status")]
    [InlineData("""{"title":"X","recall_date":"2026-01-01","source_system":"FDA","public_url":"javascript:alert(1)"}""", "public_url")]
    [InlineData("""{"title":"X","recall_date":"2026-01-01","source_system":"FDA","jurisdictions":["XX"]}""", "jurisdictions")]
    public async Task Bad_recalls_are_422_and_store_nothing(string json, string field)
    {
        var (_, owner, product) = await Certs.ClaimedProductAsync(fx);
        await (await owner.PostRawAsync(Recalls(product.Gtin), json)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
        Assert.Empty((await owner.GetAsync(Recalls(product.Gtin)).OkAsync<Paged<RecallOut>>()).Data);
        Assert.Equal(0, await RecalledEvents(product.Gtin));
    }

    [Fact]
    public async Task Outsiders_and_viewers_get_404_and_a_recall_of_another_product_is_404()
    {
        var (org, owner, product) = await Certs.ClaimedProductAsync(fx);
        var recall = await owner.PostJsonAsync(Recalls(product.Gtin), Recall("Kept", "2026-01-01")).OkAsync<RecallOut>(HttpStatusCode.Created);
        foreach (var client in new[] { fx.ClientFor(TestData.NewOrganizationId()), fx.ClientFor(org, Roles.Viewer) })
        {
            await (await client.PostJsonAsync(Recalls(product.Gtin), Recall("No", "2026-01-01"))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            await (await client.PatchJsonAsync($"{Recalls(product.Gtin)}/{recall.Id}", new { title = "Changed" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        }
        var other = await owner.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org });
        await (await owner.PatchJsonAsync($"{Recalls(other.Gtin)}/{recall.Id}", new { title = "Changed" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await owner.PatchJsonAsync($"{Recalls(product.Gtin)}/not-an-id", new { title = "Changed" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("Kept", Assert.Single((await owner.GetAsync(Recalls(product.Gtin)).OkAsync<Paged<RecallOut>>()).Data).Title);
    }
}
