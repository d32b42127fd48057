using System.Net;
using System.Text;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.Tests;

/// <summary>Every kind of bad input gets a 4xx problem naming the field, and nothing is written.</summary>
public sealed class BadInputTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    const string Valid = """ "product_id": "{product}", "physical_store_id": "{store}" """;

    public static TheoryData<string, string, int, string?> Cases() => new()
    {
        { "malformed JSON", """{"product_id": """, 400, null },
        { "not an object", "[1, 2]", 400, null },
        { "quantity as text", "{" + Valid + """, "quantity_on_hand": "ten"}""", 422, "quantity_on_hand" },
        { "quantity as a numeric string", "{" + Valid + """, "quantity_on_hand": "12"}""", 422, "quantity_on_hand" },
        { "fractional quantity", "{" + Valid + """, "quantity_on_hand": 1.5}""", 422, "quantity_on_hand" },
        { "pickup as text", "{" + Valid + """, "store_pickup_available": "yes"}""", 422, "store_pickup_available" },
        { "sku as number", "{" + Valid + """, "sku": 5}""", 422, "sku" },
        { "price as boolean", "{" + Valid + """, "price": true}""", 422, "price" },
        { "price as words", "{" + Valid + """, "price": "five"}""", 422, "price" },
        { "metadata value as number", "{" + Valid + """, "metadata": {"a": 1}}""", 422, "metadata.a" },
        { "metadata as array", "{" + Valid + """, "metadata": []}""", 422, "metadata" },
        { "unknown field", "{" + Valid + """, "colour": "red"}""", 422, "colour" },
        { "sku too long", "{" + Valid + $$""", "sku": "{{new string('x', 101)}}"}""", 422, "sku" },
        { "aisle too long", "{" + Valid + $$""", "aisle": "{{new string('x', 51)}}"}""", 422, "aisle" },
        { "control character in sku", "{" + Valid + """, "sku": "a\u0001b"}""", 422, "sku" },
        { "negative price", "{" + Valid + """, "price": -1}""", 422, "price" },
        { "negative price string", "{" + Valid + """, "price": "-0.01"}""", 422, "price" },
        { "too many decimals", "{" + Valid + """, "price": "5.999"}""", 422, "price" },
        { "huge price", "{" + Valid + """, "price": 1e12}""", 422, "price" },
        { "negative quantity", "{" + Valid + """, "quantity_on_hand": -1}""", 422, "quantity_on_hand" },
        { "negative price_amount", "{" + Valid + """, "price_amount": -5}""", 422, "price_amount" },
        { "fractional price_amount", "{" + Valid + """, "price_amount": 10.99}""", 422, "price_amount" },
        { "price_currency alone", "{" + Valid + """, "price_currency": "USD"}""", 422, "price_currency" },
        { "unknown status", "{" + Valid + """, "status": "sold"}""", 422, "status" },
        { "unknown source", "{" + Valid + """, "source": "magic"}""", 422, "source" },
        { "status in upper case", "{" + Valid + """, "status": "ACTIVE"}""", 422, "status" },
        { "malformed product_id", """{"product_id": "nope", "physical_store_id": "{store}"}""", 422, "product_id" },
        { "malformed physical_store_id", """{"product_id": "{product}", "physical_store_id": "123"}""", 422, "physical_store_id" },
        { "missing product_id", """{"physical_store_id": "{store}"}""", 422, "product_id" },
        { "missing physical_store_id", """{"product_id": "{product}"}""", 422, "physical_store_id" },
        { "metadata key too long", "{" + Valid + $$$""", "metadata": {"{{{new string('k', 41)}}}": "v"}}""", 422, "metadata" },
        { "metadata value too long", "{" + Valid + $$$""", "metadata": {"k": "{{{new string('v', 501)}}}"}}""", 422, "metadata.k" },
        { "too many metadata keys", "{" + Valid + ", \"metadata\": {" + string.Join(", ", Enumerable.Range(0, 51).Select(i => $"\"k{i}\": \"v\"")) + "}}", 422, "metadata" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_rejected_naming_the_field_and_nothing_is_written(string because, string body, int status, string? field)
    {
        var (org, product, store) = await fx.SharedAsync();
        var offers = await fx.OfferCountAsync(org);
        var outbox = await fx.OutboxCountAsync();
        body = body.Replace("{product}", ShortId.Encode(product)).Replace("{store}", ShortId.Encode(store));

        var response = await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), body);
        var problem = await response.ExpectAsync((HttpStatusCode)status);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(problem.Str("error_code")), because);
        if (field is not null) Assert.Contains(field, problem.ProblemFields());
        Assert.Equal(offers, await fx.OfferCountAsync(org));
        Assert.Equal(outbox, await fx.OutboxCountAsync());
    }

    [Fact]
    public async Task A_2_MB_body_returns_413_and_nothing_is_written()
    {
        var (org, product, store) = await fx.SharedAsync();
        var offers = await fx.OfferCountAsync(org);
        var body = $$"""{"product_id": "{{ShortId.Encode(product)}}", "physical_store_id": "{{ShortId.Encode(store)}}", "sku": "{{new string('x', 2 * 1024 * 1024)}}"}""";

        var problem = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org), body)).ExpectAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("PAYLOAD_TOO_LARGE", problem.Str("error_code"));
        Assert.Equal(offers, await fx.OfferCountAsync(org));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_returns_415()
    {
        var (org, _, _) = await fx.SharedAsync();

        var response = await fx.ClientFor(org).PostAsync(OffersFixture.OrganizationOffers(org), new StringContent("sku=1", Encoding.UTF8, "text/plain"));

        await response.ExpectAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_malformed_organization_id_in_the_path_returns_404()
    {
        var (org, product, store) = await fx.SharedAsync();

        await (await fx.ClientFor(org).PostJsonAsync("/retailers/api/v1/organizations/nope/in-store-offers",
            $$"""{"product_id": "{{product}}", "physical_store_id": "{{store}}"}""")).ExpectAsync(HttpStatusCode.NotFound);
        await (await fx.ClientFor(org).GetAsync("/retailers/api/v1/organizations/nope/in-store-offers")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_retailers_OpenAPI_document_describes_the_in_store_offer_paths()
    {
        // Anonymous: fx.Client sends no token (the document is AllowAnonymous in ServiceDefaults).
        var doc = await (await fx.Client.GetAsync("/retailers/api/v1/openapi.json")).ExpectAsync(HttpStatusCode.OK);

        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/retailers/api/v1/organizations/{organization_id}/in-store-offers", paths);
        Assert.Contains("/retailers/api/v1/in-store-offers/{offer_id}", paths);
    }
}
