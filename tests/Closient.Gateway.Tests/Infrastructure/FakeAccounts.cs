using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Closient.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Closient.Gateway.Tests.Infrastructure;

/// <summary>
/// Stand-in for accounts' <c>POST /internal/api/v1/api-keys/verify</c> on a real Kestrel port. Checks
/// the gateway's internal token as accounts does (401 without a valid one, 404 unless its key type is
/// <c>service</c>), answers 200 with the snake_case verify body for keys the test registered and 404
/// otherwise, and counts calls per key hash. A held key's calls wait until the test releases them.
/// </summary>
public sealed class FakeAccounts : IAsyncDisposable
{
    readonly WebApplication app;
    readonly InternalToken tokens;
    readonly ConcurrentDictionary<string, object> answers = new();
    readonly ConcurrentDictionary<string, int> calls = new();
    readonly ConcurrentDictionary<string, Hold> holds = new();
    int totalCalls, rejectedTokens;

    FakeAccounts(WebApplication app, InternalToken tokens, string signingKey, Uri address) =>
        (this.app, this.tokens, SigningKey, Address) = (app, tokens, signingKey, address);

    public string SigningKey { get; }

    public Uri Address { get; }

    public int TotalCalls => Volatile.Read(ref totalCalls);

    /// <summary>Calls whose internal token was missing, invalid or not a service caller's.</summary>
    public int RejectedTokens => Volatile.Read(ref rejectedTokens);

    public int CallsFor(string keyHash) => calls.GetValueOrDefault(keyHash);

    public static async Task<FakeAccounts> StartAsync()
    {
        var signingKey = InternalToken.NewSigningKey();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeAccounts? fake = null;
        app.MapPost("/internal/api/v1/api-keys/verify", (HttpContext context) => fake!.VerifyAsync(context));
        // The rest of accounts' public API (/account/api/v1/**, /.well-known/**) as an echo, for the gateway's routes.
        app.MapFallback((HttpContext context) => EchoBackend.EchoAsync(context, "accounts"));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return fake = new FakeAccounts(app, new InternalToken(signingKey), signingKey, address);
    }

    /// <summary>Accounts knows the key: answers 200 with this body from now on.</summary>
    public void Knows(string keyHash, Guid keyId, string keyType, Guid? userId = null, IReadOnlyDictionary<Guid, string>? organizations = null,
        DateTimeOffset? expiresAt = null, int perMinute = 0, int perDay = 0) =>
        answers[keyHash] = new Dictionary<string, object?>
        {
            ["key_id"] = keyId,
            ["key_type"] = keyType,
            ["user_id"] = userId,
            ["organizations"] = organizations ?? new Dictionary<Guid, string>(),
            ["scopes"] = Array.Empty<string>(),
            ["expires_at"] = expiresAt,
            ["rate_limit_per_minute"] = perMinute,
            ["rate_limit_per_day"] = perDay,
        };

    /// <summary>The key is revoked or unknown: 404 from now on.</summary>
    public void Forgets(string keyHash) => answers.TryRemove(keyHash, out _);

    /// <summary>Accounts is broken for this key: 500.</summary>
    public void Fails(string keyHash) => answers[keyHash] = StatusCodes.Status500InternalServerError;

    /// <summary>Calls for the key wait until <see cref="Hold.Release"/>; <see cref="Hold.Arrived"/> completes at the first one.</summary>
    public Hold HoldCalls(string keyHash) => holds[keyHash] = new Hold();

    async Task VerifyAsync(HttpContext context)
    {
        var body = await JsonDocument.ParseAsync(context.Request.Body);
        var hash = body.RootElement.GetProperty("key_hash").GetString()!;
        Interlocked.Increment(ref totalCalls);
        calls.AddOrUpdate(hash, 1, (_, n) => n + 1);

        // As accounts: no valid internal token → 401 (RequireAuthorization); a valid one that is not the gateway's → 404.
        var caller = await CallerAsync(context.Request.Headers[InternalToken.Header].ToString());
        if (caller?.KeyType != "service")
        {
            Interlocked.Increment(ref rejectedTokens);
            context.Response.StatusCode = caller is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status404NotFound;
            return;
        }
        if (holds.TryGetValue(hash, out var hold))
        {
            hold.Arrive();
            await hold.Released;
        }
        switch (answers.GetValueOrDefault(hash))
        {
            case int status:
                context.Response.StatusCode = status;
                break;
            case { } answer:
                await context.Response.WriteAsJsonAsync(answer);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsJsonAsync(new { status = 404, error_code = "NOT_FOUND" }, options: null, contentType: "application/problem+json");
                break;
        }
    }

    async Task<Caller?> CallerAsync(string token)
    {
        // Lifetime is not checked: the tests move the gateway's clock, not this one.
        var parameters = tokens.ValidationParameters();
        parameters.ValidateLifetime = false;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        return result.IsValid ? Caller.FromPrincipal(new ClaimsPrincipal(result.ClaimsIdentity)) : null;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    public sealed class Hold
    {
        readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Arrived => arrived.Task;

        public Task Released => released.Task;

        public void Arrive() => arrived.TrySetResult();

        public void Release() => released.TrySetResult();
    }
}
