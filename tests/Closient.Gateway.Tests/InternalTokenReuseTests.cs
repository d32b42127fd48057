using Closient.Gateway.Tests.Infrastructure;
using Closient.ServiceDefaults.Auth;

namespace Closient.Gateway.Tests;

/// <summary>
/// The gateway hands the same internal token to a caller's requests for 15 s (<see cref="InternalToken.IssueShared"/>), and
/// services remember tokens they found valid until they expire (<see cref="ValidatedTokenCache"/>).
/// </summary>
public sealed class InternalTokenReuseTests
{
    readonly InternalToken tokens = new(InternalToken.NewSigningKey());

    static Caller Member() => new(Guid.NewGuid(), Guid.NewGuid(), "csu", new Dictionary<Guid, string> { [Guid.NewGuid()] = "owner" }, []);

    [Fact]
    public void The_same_caller_gets_the_same_token_for_15_seconds_then_a_new_one()
    {
        var now = DateTimeOffset.UtcNow;
        var first = tokens.IssueShared(Caller.Anonymous, now);

        Assert.Equal(first, tokens.IssueShared(Caller.Anonymous, now.AddSeconds(14.9)));
        var later = tokens.IssueShared(Caller.Anonymous, now.AddSeconds(15));
        Assert.NotEqual(first, later);
        Assert.Equal(later, tokens.IssueShared(Caller.Anonymous, now.AddSeconds(16)));
    }

    [Fact]
    public void Different_callers_get_different_tokens_and_a_clock_that_went_back_gets_a_fresh_one()
    {
        var now = DateTimeOffset.UtcNow;
        var (alice, bob) = (Member(), Member());
        var aliceToken = tokens.IssueShared(alice, now);

        Assert.NotEqual(aliceToken, tokens.IssueShared(bob, now));
        Assert.NotEqual(aliceToken, tokens.IssueShared(Caller.Anonymous, now));
        Assert.NotEqual(aliceToken, tokens.IssueShared(alice, now.AddSeconds(-1)));
    }

    [Fact]
    public async Task A_shared_token_names_its_caller()
    {
        var alice = Member();
        var validated = await tokens.ValidateAsync(tokens.IssueShared(alice, DateTimeOffset.UtcNow));

        Assert.NotNull(validated);
        Assert.Equal(alice.UserId, validated.UserId);
        Assert.Equal(alice.Organizations, validated.Organizations);
    }

    [Fact]
    public async Task A_valid_token_is_validated_once_until_it_expires()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var cache = new ValidatedTokenCache(clock);
        var token = tokens.Issue(Member(), DateTimeOffset.UtcNow);

        var first = await cache.ValidateTokenAsync(token, tokens.ValidationParameters());
        var second = await cache.ValidateTokenAsync(token, tokens.ValidationParameters());
        Assert.True(first.IsValid);
        Assert.Same(first, second);

        clock.Advance(InternalToken.Lifetime + TimeSpan.FromSeconds(1));
        var afterExpiry = await cache.ValidateTokenAsync(token, tokens.ValidationParameters());
        Assert.NotSame(first, afterExpiry); // past its expiry the cached result is not served: the token is checked again
    }

    [Fact]
    public async Task Invalid_tokens_are_refused_every_time_and_never_kept()
    {
        var cache = new ValidatedTokenCache(TimeProvider.System);
        var good = tokens.Issue(Member(), DateTimeOffset.UtcNow);
        var tampered = good[..^2] + (good[^2] == 'A' ? "BB" : "AA");
        var expired = tokens.Issue(Member(), DateTimeOffset.UtcNow.AddMinutes(-5));
        var foreign = new InternalToken(InternalToken.NewSigningKey()).Issue(Member(), DateTimeOffset.UtcNow);

        foreach (var token in new[] { tampered, expired, foreign, "garbage" })
        {
            Assert.False((await cache.ValidateTokenAsync(token, tokens.ValidationParameters())).IsValid, token);
            Assert.False((await cache.ValidateTokenAsync(token, tokens.ValidationParameters())).IsValid, token);
        }
    }
}
