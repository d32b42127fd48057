using Closient.Gateway.Auth;
using Closient.Gateway.RateLimiting;
using Closient.Gateway.Tests.Infrastructure;
using Closient.ServiceDefaults.Auth;

namespace Closient.Gateway.Tests;

public sealed class AccountsFixture : IAsyncLifetime
{
    public FakeAccounts Accounts { get; private set; } = null!;

    public async Task InitializeAsync() => Accounts = await FakeAccounts.StartAsync();

    public async Task DisposeAsync() => await Accounts.DisposeAsync();
}

public sealed class ApiKeyVerifierTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>, IAsyncLifetime
{
    // Near real time: the fake checks the token's signature, and the tokens are minted on this clock.
    readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    readonly FakeAccounts accounts = fixture.Accounts;
    VerifierHost host = null!;

    ApiKeyVerifier Verifier => host.Verifier;

    public Task InitializeAsync()
    {
        host = new VerifierHost(accounts.Address, accounts.SigningKey, clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("garbage")]
    [InlineData("csb_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEf_00000000")]           // wrong checksum
    [InlineData("csx_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEf_1a2b3c4d")]           // unknown prefix
    [InlineData("csb_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdE_1a2b3c4d")]            // body too short
    [InlineData("csb_AbCdEfGhIjKlMnOpQrStUvWxYz-bCdEf_1a2b3c4d")]           // not alphanumeric
    [InlineData("csb AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEf 1a2b3c4d")]
    public async Task A_malformed_key_is_refused_without_asking_accounts(string key)
    {
        var before = accounts.TotalCalls;

        var result = await Verifier.VerifyAsync(key);

        Assert.Equal(ApiKeyStatus.Malformed, result.Status);
        Assert.Null(result.Key);
        Assert.Equal(before, accounts.TotalCalls);
        Assert.Equal(0, accounts.CallsFor(ApiKeyFormat.Hash(key)));
    }

    [Fact]
    public async Task A_key_with_a_correct_format_but_one_changed_checksum_digit_never_reaches_accounts()
    {
        var key = ApiKeyFormat.Generate(ApiKeyFormat.Business);
        var tampered = key[..^1] + (key[^1] == '0' ? '1' : '0');
        accounts.Knows(ApiKeyFormat.Hash(tampered), Guid.NewGuid(), ApiKeyFormat.Business);
        var before = accounts.TotalCalls;

        var result = await Verifier.VerifyAsync(tampered);

        Assert.Equal(ApiKeyStatus.Malformed, result.Status);
        Assert.Equal(before, accounts.TotalCalls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task No_key_is_missing_not_malformed(string? key)
    {
        var result = await Verifier.VerifyAsync(key);

        Assert.Equal(ApiKeyStatus.Missing, result.Status);
    }

    [Fact]
    public async Task A_business_key_is_verified_by_accounts_as_the_caller_it_speaks_for()
    {
        var (key, hash) = NewKey(ApiKeyFormat.Business);
        var keyId = Guid.NewGuid();
        var org = Guid.NewGuid();
        accounts.Knows(hash, keyId, ApiKeyFormat.Business, organizations: new Dictionary<Guid, string> { [org] = Roles.Editor });

        var result = await Verifier.VerifyAsync(key);

        Assert.Equal(ApiKeyStatus.Verified, result.Status);
        var verified = result.Key!;
        Assert.Equal(hash, verified.KeyHash);
        Assert.Equal(keyId, verified.Caller.ApiKeyId);
        Assert.Null(verified.Caller.UserId);
        Assert.Equal("csb", verified.Caller.KeyType);
        Assert.Equal(Roles.Editor, verified.Caller.RoleIn(org));
        Assert.True(verified.Caller.Can(org, Permission.ManageOffers));
        Assert.Empty(verified.Caller.Scopes);
        Assert.Same(RateLimitPolicy.Default, verified.RateLimits);
        Assert.Null(verified.ExpiresAt);
        Assert.Equal(1, accounts.CallsFor(hash));
        Assert.Equal(0, accounts.RejectedTokens);
    }

    [Fact]
    public async Task A_user_key_carries_its_user_and_memberships()
    {
        var (key, hash) = NewKey(ApiKeyFormat.User);
        var user = Guid.NewGuid();
        var (orgA, orgB) = (Guid.NewGuid(), Guid.NewGuid());
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.User, user, new Dictionary<Guid, string> { [orgA] = Roles.Owner, [orgB] = Roles.Viewer });

        var caller = (await Verifier.VerifyAsync(key)).Key!.Caller;

        Assert.Equal(user, caller.UserId);
        Assert.Equal(Roles.Owner, caller.RoleIn(orgA));
        Assert.Equal(Roles.Viewer, caller.RoleIn(orgB));
    }

    [Fact]
    public async Task A_publishable_key_gets_the_publishable_limits_and_overrides_from_accounts_apply()
    {
        var (plain, plainHash) = NewKey(ApiKeyFormat.Publishable);
        var (custom, customHash) = NewKey(ApiKeyFormat.Publishable);
        accounts.Knows(plainHash, Guid.NewGuid(), ApiKeyFormat.Publishable);
        accounts.Knows(customHash, Guid.NewGuid(), ApiKeyFormat.Publishable, perMinute: 1_000, perDay: 20_000);

        var plainLimits = (await Verifier.VerifyAsync(plain)).Key!.RateLimits;
        var customLimits = (await Verifier.VerifyAsync(custom)).Key!.RateLimits;

        Assert.Same(RateLimitPolicy.Publishable, plainLimits);
        Assert.Equal((1_000, 20_000), (customLimits.PerMinute, customLimits.PerDay));
    }

    [Fact]
    public async Task A_verified_key_is_cached_for_30_seconds()
    {
        var (key, hash) = NewKey(ApiKeyFormat.Business);
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.Business);

        for (var i = 0; i < 10; i++)
            Assert.True((await Verifier.VerifyAsync(key)).IsVerified);
        clock.Advance(TimeSpan.FromSeconds(29.9));
        Assert.True((await Verifier.VerifyAsync(key)).IsVerified);
        var callsWithin30s = accounts.CallsFor(hash);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True((await Verifier.VerifyAsync(key)).IsVerified);

        Assert.Equal(1, callsWithin30s);
        Assert.Equal(2, accounts.CallsFor(hash));
    }

    [Fact]
    public async Task An_unknown_key_is_remembered_for_5_seconds()
    {
        var (key, hash) = NewKey(ApiKeyFormat.Business);

        var first = await Verifier.VerifyAsync(key);
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.Business);   // created meanwhile
        clock.Advance(TimeSpan.FromSeconds(4.9));
        var cached = await Verifier.VerifyAsync(key);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var asked = await Verifier.VerifyAsync(key);

        Assert.Equal(ApiKeyStatus.Unknown, first.Status);
        Assert.Equal(ApiKeyStatus.Unknown, cached.Status);
        Assert.Equal(ApiKeyStatus.Verified, asked.Status);
        Assert.Equal(2, accounts.CallsFor(hash));
    }

    [Fact]
    public async Task A_burst_of_requests_for_one_uncached_key_makes_one_call()
    {
        var (key, hash) = NewKey(ApiKeyFormat.Business);
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.Business);
        var hold = accounts.HoldCalls(hash);

        var burst = Enumerable.Range(0, 50).Select(_ => Task.Run(() => Verifier.VerifyAsync(key).AsTask())).ToArray();
        await hold.Arrived;
        hold.Release();
        var results = await Task.WhenAll(burst);

        Assert.All(results, r => Assert.True(r.IsVerified));
        Assert.Equal(1, accounts.CallsFor(hash));
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_call_others_wait_on()
    {
        var (key, hash) = NewKey(ApiKeyFormat.Business);
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.Business);
        var hold = accounts.HoldCalls(hash);
        using var givesUp = new CancellationTokenSource();

        var first = Verifier.VerifyAsync(key, givesUp.Token).AsTask();
        var second = Verifier.VerifyAsync(key).AsTask();
        await hold.Arrived;
        givesUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        hold.Release();

        Assert.True((await second).IsVerified);
        Assert.Equal(1, accounts.CallsFor(hash));
    }

    [Fact]
    public async Task Evicting_a_revoked_key_takes_effect_on_the_next_request()
    {
        var (key, hash) = NewKey(ApiKeyFormat.Business);
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.Business);
        Assert.True((await Verifier.VerifyAsync(key)).IsVerified);

        accounts.Forgets(hash);
        var stillCached = await Verifier.VerifyAsync(key);
        Verifier.Evict(hash);
        var afterEviction = await Verifier.VerifyAsync(key);

        Assert.Equal(ApiKeyStatus.Verified, stillCached.Status);
        Assert.Equal(ApiKeyStatus.Unknown, afterEviction.Status);
        Assert.Equal(2, accounts.CallsFor(hash));
    }

    [Fact]
    public async Task An_answer_that_arrives_after_an_eviction_is_not_cached()
    {
        var (key, hash) = NewKey(ApiKeyFormat.Business);
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.Business);
        var hold = accounts.HoldCalls(hash);

        var inFlight = Verifier.VerifyAsync(key).AsTask();
        await hold.Arrived;
        Verifier.Evict(hash);
        accounts.Forgets(hash);
        hold.Release();
        await inFlight;
        var next = await Verifier.VerifyAsync(key);

        Assert.Equal(ApiKeyStatus.Unknown, next.Status);
        Assert.Equal(2, accounts.CallsFor(hash));
    }

    [Fact]
    public async Task A_cached_key_is_refused_once_it_expires_without_asking_accounts()
    {
        var (key, hash) = NewKey(ApiKeyFormat.Business);
        var expiresAt = clock.GetUtcNow().AddSeconds(10);
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.Business, expiresAt: expiresAt);

        var before = await Verifier.VerifyAsync(key);
        clock.Set(expiresAt);
        var after = await Verifier.VerifyAsync(key);

        Assert.Equal(ApiKeyStatus.Verified, before.Status);
        Assert.Equal(expiresAt, before.Key!.ExpiresAt);
        Assert.Equal(ApiKeyStatus.Unknown, after.Status);
        Assert.Equal(1, accounts.CallsFor(hash));
    }

    [Fact]
    public async Task A_key_accounts_answers_for_but_that_has_already_expired_is_refused()
    {
        var (key, hash) = NewKey(ApiKeyFormat.Business);
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.Business, expiresAt: clock.GetUtcNow().AddSeconds(-1));

        var result = await Verifier.VerifyAsync(key);

        Assert.Equal(ApiKeyStatus.Unknown, result.Status);
    }

    [Fact]
    public async Task When_accounts_fails_the_key_is_unavailable_and_nothing_is_cached()
    {
        var (key, hash) = NewKey(ApiKeyFormat.Business);
        accounts.Fails(hash);

        var first = await Verifier.VerifyAsync(key);
        var callsAfterFirst = accounts.CallsFor(hash);
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.Business);
        var second = await Verifier.VerifyAsync(key);

        Assert.Equal(ApiKeyStatus.Unavailable, first.Status);
        Assert.InRange(callsAfterFirst, 1, 2);   // one retry
        Assert.Equal(ApiKeyStatus.Verified, second.Status);
    }

    [Fact]
    public async Task When_accounts_is_unreachable_the_key_is_unavailable()
    {
        await using var unreachable = new VerifierHost(new Uri($"http://127.0.0.1:{GatewayHost.ClosedPort()}"), accounts.SigningKey, clock);
        var (key, _) = NewKey(ApiKeyFormat.Business);

        var result = await unreachable.Verifier.VerifyAsync(key);

        Assert.Equal(ApiKeyStatus.Unavailable, result.Status);
    }

    [Fact]
    public async Task A_gateway_with_another_signing_key_gets_unavailable_not_unknown()
    {
        await using var stranger = new VerifierHost(accounts.Address, InternalToken.NewSigningKey(), clock);
        var (key, hash) = NewKey(ApiKeyFormat.Business);
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.Business);
        var rejectedBefore = accounts.RejectedTokens;

        var result = await stranger.Verifier.VerifyAsync(key);

        // A misconfigured gateway must not cache every key as revoked: accounts' 401 is a failure, not an answer.
        Assert.Equal(ApiKeyStatus.Unavailable, result.Status);
        Assert.True(accounts.RejectedTokens > rejectedBefore);
    }

    [Fact]
    public async Task Evicting_a_user_drops_only_that_users_keys()
    {
        var user = Guid.NewGuid();
        var (mine, myHash) = NewKey(ApiKeyFormat.User);
        var (theirs, theirHash) = NewKey(ApiKeyFormat.User);
        accounts.Knows(myHash, Guid.NewGuid(), ApiKeyFormat.User, user);
        accounts.Knows(theirHash, Guid.NewGuid(), ApiKeyFormat.User, Guid.NewGuid());
        await Verifier.VerifyAsync(mine);
        await Verifier.VerifyAsync(theirs);

        Verifier.EvictUser(user);
        await Verifier.VerifyAsync(mine);
        await Verifier.VerifyAsync(theirs);

        Assert.Equal(2, accounts.CallsFor(myHash));
        Assert.Equal(1, accounts.CallsFor(theirHash));
    }

    static (string Key, string Hash) NewKey(string type)
    {
        var key = ApiKeyFormat.Generate(type);
        return (key, ApiKeyFormat.Hash(key));
    }
}
