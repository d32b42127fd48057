using System.Net.Http.Json;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Offers.Tests;

/// <summary>
/// Every endpoint needs a valid internal token; without one it answers 401 UNAUTHORIZED and does nothing.
/// The requests name a real organization and offer with a valid body, so only the token is missing.
/// </summary>
public sealed class AuthenticationTests(OffersFixture fx) : IClassFixture<OffersFixture>
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in new[] { "create", "list", "get", "update", "delete" })
            foreach (var token in InvalidTokens.Kinds)
                data.Add(endpoint, token);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_request_without_a_valid_token_gets_401_and_changes_nothing(string endpoint, string token)
    {
        var (org, product, store) = await fx.SharedAsync();
        var offer = await (await fx.ClientFor(org).PostJsonAsync(OffersFixture.OrganizationOffers(org),
            $$"""{"product_id": "{{ShortId.Encode(product)}}", "physical_store_id": "{{ShortId.Encode(store)}}", "sku": "AUTH-{{Guid.NewGuid():N}}"}"""))
            .ExpectAsync(System.Net.HttpStatusCode.Created);
        var offerId = offer.Str("id");
        var offers = await fx.OfferCountAsync(org);
        var outbox = await fx.OutboxCountAsync();
        var owner = Caller.ForOrganization(org, Roles.Owner);

        using var client = fx.Factory.CreateClient();
        var response = await client.SendAsync(Request(endpoint, org, offerId, ShortId.Encode(product), ShortId.Encode(store),
            InvalidTokens.Make(token, fx.Tokens, owner)));

        await ProblemAssert.AssertAsync(response, 401, "UNAUTHORIZED");
        Assert.Equal(offers, await fx.OfferCountAsync(org));
        Assert.Equal(outbox, await fx.OutboxCountAsync());
        var read = await (await fx.ClientFor(org).GetAsync(OffersFixture.Offer(offerId))).ExpectAsync(System.Net.HttpStatusCode.OK);
        Assert.Equal(offer.GetRawText(), read.GetRawText());
    }

    [Fact]
    public async Task The_openapi_document_and_health_need_no_token()
    {
        using var client = fx.Factory.CreateClient();

        Assert.True((await client.GetAsync("/retailers/api/v1/openapi.json")).IsSuccessStatusCode);
        Assert.True((await client.GetAsync("/health")).IsSuccessStatusCode);
        Assert.True((await client.GetAsync("/alive")).IsSuccessStatusCode);
    }

    static HttpRequestMessage Request(string endpoint, Guid org, string offerId, string product, string store, string? token)
    {
        var request = endpoint switch
        {
            "create" => new HttpRequestMessage(HttpMethod.Post, OffersFixture.OrganizationOffers(org))
            {
                Content = JsonContent.Create(new { product_id = product, physical_store_id = store, sku = "NO-TOKEN" }),
            },
            "list" => new HttpRequestMessage(HttpMethod.Get, OffersFixture.OrganizationOffers(org)),
            "get" => new HttpRequestMessage(HttpMethod.Get, OffersFixture.Offer(offerId)),
            "update" => new HttpRequestMessage(HttpMethod.Put, OffersFixture.Offer(offerId)) { Content = JsonContent.Create(new { aisle = "NO-TOKEN" }) },
            "delete" => new HttpRequestMessage(HttpMethod.Delete, OffersFixture.Offer(offerId)),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };
        if (token is not null) request.Headers.Add(InternalToken.Header, token);
        return request;
    }
}
