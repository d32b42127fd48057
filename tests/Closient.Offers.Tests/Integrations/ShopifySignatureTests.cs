using System.Security.Cryptography;
using Closient.Offers.Integrations.Shopify;

namespace Closient.Offers.Tests.Integrations;

/// <summary>The signatures and the token encryption, without a server.</summary>
public sealed class ShopifySignatureTests
{
    [Fact]
    public void The_oauth_hmac_matches_shopifys_documented_example()
    {
        // Shopify's documentation example: secret "hush", parameters code, shop, timestamp.
        var query = new Dictionary<string, string>
        {
            ["shop"] = "some-shop.myshopify.com", ["code"] = "0907a61c0c8d55e99db179b68161bc00", ["timestamp"] = "1337178173",
        };
        const string hmac = "4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20";
        Assert.Equal(hmac, ShopifySignatures.QueryHmac(query, "hush"));
        Assert.True(ShopifySignatures.VerifyQuery(query.Append(KeyValuePair.Create("hmac", hmac)), hmac, "hush"));
        Assert.True(ShopifySignatures.VerifyQuery(query, hmac.ToUpperInvariant(), "hush"));
        Assert.False(ShopifySignatures.VerifyQuery(query, hmac, "other secret"));
        Assert.False(ShopifySignatures.VerifyQuery(query.Append(KeyValuePair.Create("state", "x")), hmac, "hush"));
        Assert.False(ShopifySignatures.VerifyQuery(query, null, "hush"));
        Assert.False(ShopifySignatures.VerifyQuery(query, "abc", "hush"));
    }

    [Fact]
    public void A_webhook_signature_is_the_base64_hmac_of_the_exact_bytes()
    {
        var body = """{"inventory_item_id":1,"location_id":2,"available":3}"""u8.ToArray();
        var header = ShopifySignatures.BodyHmac(body, "secret");
        Assert.True(ShopifySignatures.VerifyBody(body, header, "secret"));
        Assert.False(ShopifySignatures.VerifyBody(body, header, "secret2"));
        Assert.False(ShopifySignatures.VerifyBody([.. body, (byte)' '], header, "secret"));
        Assert.False(ShopifySignatures.VerifyBody(body, null, "secret"));
        Assert.False(ShopifySignatures.VerifyBody(body, "not base64!", "secret"));
        Assert.False(ShopifySignatures.VerifyBody(body, Convert.ToBase64String(new byte[31]), "secret"));
    }

    [Fact]
    public void Access_tokens_are_encrypted_with_a_fresh_nonce_and_bound_to_their_shop()
    {
        var protector = new TokenProtector(RandomNumberGenerator.GetBytes(32));
        var a = protector.Protect("shpat_secret", "a.myshopify.com");
        var b = protector.Protect("shpat_secret", "a.myshopify.com");
        Assert.NotEqual(a, b);
        Assert.DoesNotContain("shpat_secret", System.Text.Encoding.UTF8.GetString(a));
        Assert.Equal("shpat_secret", protector.Unprotect(a, "a.myshopify.com"));
        Assert.Null(protector.Unprotect(a, "b.myshopify.com"));
        a[^1] ^= 1;
        Assert.Null(protector.Unprotect(a, "a.myshopify.com"));
        Assert.Null(new TokenProtector(RandomNumberGenerator.GetBytes(32)).Unprotect(b, "a.myshopify.com"));
    }

    [Fact]
    public void A_state_is_refused_when_altered_forged_or_expired()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var signer = new OAuthStateSigner(key);
        var now = DateTimeOffset.UtcNow;
        var org = Guid.CreateVersion7();
        var state = signer.Sign(new OAuthState(org, "a.myshopify.com", now.AddMinutes(10), "n1"));
        Assert.Equal((org, "a.myshopify.com", "n1"), signer.Verify(state, now) is { } s ? (s.OrganizationId, s.Shop, s.Nonce) : default);
        Assert.Null(signer.Verify(state, now.AddMinutes(11)));
        Assert.Null(new OAuthStateSigner(RandomNumberGenerator.GetBytes(32)).Verify(state, now));
        Assert.Null(signer.Verify(state[..^2] + (state[^2] == 'A' ? "B" : "A") + state[^1], now));
        Assert.Null(signer.Verify("x.y", now));
        Assert.Null(signer.Verify("", now));
        Assert.Null(signer.Verify(null, now));
    }

    [Theory]
    [InlineData("My-Shop.myshopify.com", "my-shop.myshopify.com")]
    [InlineData("shop.myshopify.com.evil.com", null)]
    [InlineData("evil.com", null)]
    [InlineData("-shop.myshopify.com", null)]
    [InlineData("sh op.myshopify.com", null)]
    [InlineData("", null)]
    public void Shop_domains_must_be_myshopify_domains(string input, string? expected) =>
        Assert.Equal(expected, ShopDomain.Normalize(input));
}
