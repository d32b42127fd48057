using Closient.Contracts.Accounts;
using Closient.Gateway.Auth;
using Closient.Gateway.Tests.Infrastructure;
using Closient.ServiceDefaults.Auth;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Gateway.Tests;

/// <summary>
/// The consumers through MassTransit's in-memory test harness (the gateway has no broker in tests;
/// the wiring session covers RabbitMQ end to end).
/// </summary>
public sealed class RevocationEventTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    readonly FakeAccounts accounts = fixture.Accounts;

    /// <summary>
    /// The gateway's consumers as registered for production. The harness counts as idle once nothing
    /// happened on the bus for its inactivity timeout (about a second by default), and the tests make
    /// HTTP calls between start and publish, so that wait is lengthened; it bounds only a failing wait.
    /// </summary>
    static void Consumers(IBusRegistrationConfigurator bus)
    {
        bus.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(30));
        bus.AddGatewayAuthConsumers();
    }

    /// <summary>Starts the bus and waits until every receive endpoint is bound, so a published event cannot miss one.</summary>
    static async Task<ITestHarness> StartAsync(VerifierHost host)
    {
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBusControl>();
        Assert.Equal(BusHealthStatus.Healthy, await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30)));
        return host.Services.GetRequiredService<ITestHarness>();
    }

    [Fact]
    public async Task An_ApiKeyRevoked_event_evicts_the_key_so_the_next_request_is_refused()
    {
        await using var host = new VerifierHost(accounts.Address, accounts.SigningKey, clock, Consumers);
        var harness = await StartAsync(host);
        var key = ApiKeyFormat.Generate(ApiKeyFormat.Business);
        var hash = ApiKeyFormat.Hash(key);
        var keyId = Guid.NewGuid();
        accounts.Knows(hash, keyId, ApiKeyFormat.Business);
        Assert.True((await host.Verifier.VerifyAsync(key)).IsVerified);
        accounts.Forgets(hash);

        await harness.Bus.Publish(new ApiKeyRevoked(keyId, Guid.NewGuid(), hash, clock.GetUtcNow()));

        Assert.True(await harness.GetConsumerHarness<ApiKeyRevokedConsumer>().Consumed.Any<ApiKeyRevoked>(m => m.Context.Message.KeyHash == hash));
        Assert.Equal(ApiKeyStatus.Unknown, (await host.Verifier.VerifyAsync(key)).Status);
    }

    [Fact]
    public async Task A_MembershipChanged_event_drops_the_users_cached_keys()
    {
        await using var host = new VerifierHost(accounts.Address, accounts.SigningKey, clock, Consumers);
        var harness = await StartAsync(host);
        var key = ApiKeyFormat.Generate(ApiKeyFormat.User);
        var hash = ApiKeyFormat.Hash(key);
        var (user, org) = (Guid.NewGuid(), Guid.NewGuid());
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.User, user, new Dictionary<Guid, string> { [org] = Roles.Viewer });
        Assert.Equal(Roles.Viewer, (await host.Verifier.VerifyAsync(key)).Key!.Caller.RoleIn(org));
        accounts.Knows(hash, Guid.NewGuid(), ApiKeyFormat.User, user, new Dictionary<Guid, string> { [org] = Roles.Manager });

        await harness.Bus.Publish(new MembershipChanged(org, user, Roles.Manager, clock.GetUtcNow()));

        Assert.True(await harness.GetConsumerHarness<MembershipChangedConsumer>().Consumed.Any<MembershipChanged>(m => m.Context.Message.UserId == user));
        Assert.Equal(Roles.Manager, (await host.Verifier.VerifyAsync(key)).Key!.Caller.RoleIn(org));
    }
}
